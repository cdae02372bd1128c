"""Read the editor pages' HTML forms back into form data, as a browser would submit them."""
from __future__ import annotations

import html
import re


def _attr(tag: str, name: str):
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else None


def form_data(page: str, form_class: str = "edit-form") -> dict:
    """The named fields of the form with this class, with their current values (checked boxes only)."""
    body = page.split(f'class="{form_class}"', 1)[1].split("</form>", 1)[0]
    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", body):
        name = _attr(tag, "name")
        if not name:
            continue
        kind = _attr(tag, "type") or "text"
        if kind == "checkbox":
            if re.search(r"\bchecked\b", tag):
                data.setdefault(name, []).append(_attr(tag, "value") or "y")
        elif kind != "submit":
            data[name] = _attr(tag, "value") or ""
    for attrs, text in re.findall(r"<textarea([^>]*)>(.*?)</textarea>", body, re.S):
        data[_attr(attrs, "name")] = html.unescape(text).lstrip("\n")
    for attrs, options in re.findall(r"<select([^>]*)>(.*?)</select>", body, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', options) or re.search(r'<option value="([^"]*)"', options)
        data[_attr(attrs, "name")] = html.unescape(chosen.group(1)) if chosen else ""
    return data


def flash(page: str) -> str:
    """The flash message text of a page ('' when none)."""
    found = re.search(r'<div class="flash"[^>]*>(.*?)</div>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""
