// Progressive enhancement of the chat form: send with fetch to POST /api/v1/chat and add the
// reply to the transcript without reloading. Without JavaScript the plain form post works.
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  var list = document.getElementById("transcript");
  var box = document.getElementById("message");
  if (!form || !list || !box || !window.fetch) { return; }
  var PHONE = /(^|[^\w+])(999|111|116 123|0\d{2,4}(?: ?\d){6,8}|\d{5})(?!\w)/g;

  function paragraph(text, cls) {
    var p = document.createElement("p");
    if (cls) { p.className = cls; }
    var last = 0, match;
    PHONE.lastIndex = 0;
    while ((match = PHONE.exec(text)) !== null) {
      var start = match.index + match[1].length;
      p.appendChild(document.createTextNode(text.slice(last, start)));
      var a = document.createElement("a");
      a.href = "tel:" + match[2].replace(/ /g, "");
      a.textContent = match[2];
      a.dir = "ltr";
      p.appendChild(a);
      last = start + match[2].length;
    }
    p.appendChild(document.createTextNode(text.slice(last)));
    return p;
  }

  function message(who, lang, dir, lines, blocks, tail, ids) {
    var li = document.createElement("li");
    li.className = "message message-" + who;
    li.lang = lang;
    li.dir = dir;
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = who === "you" ? form.dataset.youSaid || "You said:" : form.dataset.navigatorSaid || "navigator said:";
    li.appendChild(label);
    lines.forEach(function (line) { li.appendChild(paragraph(line)); });
    if (blocks && blocks.length) {
      var ul = document.createElement("ul");
      ul.className = "services";
      blocks.forEach(function (block, n) {
        var item = document.createElement("li");
        item.className = "service";
        block.forEach(function (line, i) {
          var p = paragraph(line, i === 0 ? "service-name" : "");
          if (i > 0) { p.dir = "auto"; }
          item.appendChild(p);
        });
        if (ids && ids.length === blocks.length && form.dataset.report) {
          var report = document.createElement("p");
          var link = document.createElement("a");
          report.className = "hint";
          link.href = "/report/" + ids[n];
          link.textContent = form.dataset.report;
          report.appendChild(link);
          item.appendChild(report);
        }
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    (tail || []).forEach(function (line) { li.appendChild(paragraph(line, "hint")); });
    list.appendChild(li);
    return li;
  }

  form.addEventListener("submit", function (event) {
    var text = box.value.trim();
    if (!text) { return; }  // let the server explain an empty message
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    message("you", document.documentElement.lang, document.documentElement.dir, [text], [], []);
    fetch("/api/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ text: text, session: form.dataset.session })
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      form.dataset.session = data.session;
      var ids = (data.services || []).map(function (s) { return s.id; });
      var li = message("navigator", data.language, data.dir, data.lines, data.blocks, data.tail, ids);
      li.scrollIntoView({ block: "start" });
      box.value = "";
    }).catch(function () {
      form.submit();  // fall back to the plain form post
    }).finally(function () {
      button.disabled = false;
      box.focus();
    });
  });
})();
