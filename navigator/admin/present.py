"""Field values as editors read them in diffs, history and conflict pages."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..directory.checks import LABELS
from .forms import BANK_HOLIDAY_LABELS, DAY_NAMES, STATUS_LABELS

EMPTY = "—"


def _exception_text(h: dict) -> str:
    days = h["starts_on"] if h["ends_on"] == h["starts_on"] else _("%(first)s to %(last)s", first=h["starts_on"], last=h["ends_on"])
    what = _("closed") if h["closed"] else f"{h['opens']}–{h['closes']}"
    return f"{days}: {what}" + (f" ({h['reason']})" if h.get("reason") else "")


def display_lines(field: str, value: Any) -> list[str]:
    """A field's value as short lines of text ('—' when empty)."""
    if value is None or value == "" or value == [] or value == {}:
        return [EMPTY]
    if field == "weekly":
        return [f"{DAY_NAMES[day][:3]} {', '.join(spans)}" for day, spans in value.items()]
    if field == "exceptions":
        return [_exception_text(h) for h in value]
    if field == "contacts":
        return [f"{c['kind']}: {c['value']}" + (f" ({c['note']})" if c.get("note") else "") for c in value]
    if field == "languages":
        return [f"{l.get('code') or _('any')} ({l['kind']})" + (f": {l['note']}" if l.get("note") else "") for l in value]
    if field in ("needs", "areas"):
        return [", ".join(str(v).replace("_", " ") if field == "needs" else str(v) for v in value)]
    if field == "status":
        return [str(STATUS_LABELS.get(value, value))]
    if field == "bank_holidays":
        return [str(BANK_HOLIDAY_LABELS.get(value, value))]
    if isinstance(value, bool):
        return [_("yes") if value else _("no")]
    return [str(value)]


def field_label(field: str) -> str:
    """The editor-facing name of an editable field."""
    return LABELS.get(field, field.replace("_", " ").capitalize())


def error_items(form, anchors: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(anchor id, label, message) for every error of a form, nested rows included, for the error summary."""
    anchors = anchors or {}
    items: list[tuple[str, str, str]] = []

    def walk(f) -> None:
        if f.type == "CSRFTokenField":
            items.extend(("", "", _("The form had expired or did not come from this site: reload the page and try again.")) for _error in f.errors[:1])
            return
        if f.type == "FieldList":
            items.extend((anchors.get(f.name, f.id), f.label.text, m) for m in f.errors if isinstance(m, str))
            for entry in f.entries:
                walk(entry)
            return
        if f.type == "FormField":
            for sub in f.form:
                walk(sub)
            return
        for message in f.errors:
            if isinstance(message, str):
                items.append((anchors.get(f.name, f.id), f.label.text, message))

    for f in form:
        walk(f)
    items += [("", "", message) for message in getattr(form, "form_errors", [])]
    return items
