// Small progressive enhancements for staff pages; everything works without them.
document.addEventListener("click", function (event) {
  var print = event.target.closest("[data-print]");
  if (print) {
    window.print();
    return;
  }
  var back = event.target.closest("[data-back]");
  if (back && document.referrer.indexOf("/staff/search") !== -1) {
    event.preventDefault();
    history.back();
  }
});
