"""When the database is down: a safe static reply for residents, never a stack trace.

Residents on the web chat, the chat API and SMS still get, in their language, 999, NHS 111 and the
24/7 crisis lines (numbers read at start-up from directory_data/curated/helplines.yaml, not from the
database); a message that triage reads as an emergency or crisis gets its advice first. Triage and
language detection need no database. Every other page answers 503.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app, jsonify, render_template, request
from flask_babel import force_locale, get_locale
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from .conversation.words import Words
from .i18n import direction, supported
from .sms.segments import fits, fold_punctuation

log = logging.getLogger(__name__)
# Connection refused, unreachable host, missing SQLite file or directory, pool exhausted.
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeoutError)
_TEXT_KEYWORD = re.compile(r"^text\s+(\S+)$", re.IGNORECASE)
SMS_SEGMENTS = 3


@dataclass(frozen=True)
class Lines:
    """The helpline numbers the static reply names, from the curated directory file."""

    nhs111: str
    samaritans: tuple[str, str]  # (name, phone)
    shout: tuple[str, str, str]  # (name, keyword, number)


def load_lines(data_dir: Path) -> Lines:
    """Read NHS 111, Samaritans and Shout from helplines.yaml (fails loudly at start-up if missing)."""
    records = {r["source_id"]: r for r in yaml.safe_load((data_dir / "curated" / "helplines.yaml").read_text(encoding="utf-8"))}

    def contact(source_id: str, kind: str) -> dict:
        return next(c for c in records[source_id]["contacts"] if c["kind"] == kind)

    shout = contact("crisis-shout", "sms")
    keyword = _TEXT_KEYWORD.match(shout.get("note") or "")
    return Lines(
        nhs111=contact("nhs111", "phone")["value"],
        samaritans=(records["crisis-samaritans"]["organisation"], contact("crisis-samaritans", "phone")["value"]),
        shout=(records["crisis-shout"]["organisation"], keyword.group(1) if keyword else "SHOUT", shout["value"]),
    )


def safe_reply(lines: Lines, language: str, text: str | None = None) -> list[str]:
    """The static reply in `language`, most important first; triage's advice leads for an emergency or crisis."""
    from .triage import triage

    w = Words(language)
    reply = []
    if text:
        decision = triage(text[:1600], lang=language)
        if decision.route in ("emergency", "crisis") and decision.advice:
            reply.append(decision.advice)
    reply += [
        # TRANSLATORS: shown when navigator's database is down; the lines after it give 999, NHS 111 and crisis lines.
        w.gettext("Sorry, navigator cannot look up services right now. Please try again later."),
        w.gettext("In an emergency call 999."),
        w.gettext("Call NHS 111 on %(phone)s (free, 24 hours) for advice now.", phone=lines.nhs111),
        w.gettext("You can talk to someone now, day or night:"),
        w.gettext("%(name)s: call %(phone)s (24 hours, free)", name=lines.samaritans[0], phone=lines.samaritans[1]),
        f"{lines.shout[0]}: " + w.gettext("text %(keyword)s to %(number)s", keyword=lines.shout[1], number=lines.shout[2]),
    ]
    return reply


def sms_reply(lines: Lines, language: str, text: str) -> str:
    """The static reply as one SMS of at most 3 segments: one compact sentence, after triage's advice if it fits."""
    from .triage import triage

    w = Words(language)
    # TRANSLATORS: one SMS sent when navigator's database is down. Keep it short
    # (at most 3 text messages) and keep 999, NHS, Samaritans and the placeholders.
    compact = fold_punctuation(w.gettext(
        "navigator cannot help right now. Emergency: call 999. Advice: call NHS %(nhs111)s. "
        "Day or night: Samaritans %(samaritans)s, or text %(keyword)s to %(shout)s.",
        nhs111=lines.nhs111, samaritans=lines.samaritans[1], keyword=lines.shout[1], shout=lines.shout[2],
    ))
    decision = triage(text[:1600], lang=language) if text.strip() else None
    if decision and decision.route in ("emergency", "crisis") and decision.advice:
        with_advice = fold_punctuation(decision.advice) + "\n" + compact
        if fits(with_advice, SMS_SEGMENTS):
            return with_advice
    return compact


def _language(text: str | None) -> str:
    """The resident's language: detected from what they wrote, else the page's (choice, Accept-Language)."""
    if text and text.strip():
        from .triage import triage

        return triage(text[:1600]).language
    return supported(str(get_locale() or "en")) or "en"


def _resident_text() -> str | None:
    if request.path == "/sms/inbound":
        return request.form.get("Body")
    if request.path.startswith("/api/"):
        data = request.get_json(silent=True)
        return data.get("text") if isinstance(data, dict) and isinstance(data.get("text"), str) else None
    return request.form.get("text")


def init_app(app) -> None:
    """Answer database failures with the static reply (residents) or a plain 503 (everything else)."""
    lines = load_lines(Path(app.config["DATA_DIR"]))
    app.extensions["outage_lines"] = lines

    def _database_down(exc):
        log.error("database unavailable on %s %s: %s", request.method, request.path, exc.__class__.__name__)
        text = _resident_text()
        language = _language(text)
        if request.endpoint == "sms.inbound":  # the signature was checked before the database was touched
            from .sms import twiml

            return twiml(sms_reply(lines, language, text or ""))  # 200, so Twilio delivers it
        reply = safe_reply(lines, language, text)
        if request.endpoint == "api.chat":
            return jsonify({
                "error": {"code": "service_unavailable", "message": "The directory is unavailable; the reply lists emergency and crisis lines."},
                "language": language, "dir": direction(language), "route": None,
                "reply": "\n".join(reply), "lines": reply, "services": [], "blocks": [], "tail": [], "next": None,
            }), 503
        if request.endpoint == "web.chat":
            with force_locale(language):
                return render_template("web/outage.html", lines=reply), 503
        if request.path.startswith(("/api/", "/oruk", "/healthz", "/sms/")) or not request.accept_mimetypes.accept_html:
            return jsonify({"error": {"code": "service_unavailable", "message": "The directory database is unavailable. Try again later."}}), 503
        with force_locale(language):
            return render_template("error.html", status=503, name="Service Unavailable"), 503

    for exc_class in DATABASE_DOWN:
        app.register_error_handler(exc_class, _database_down)
