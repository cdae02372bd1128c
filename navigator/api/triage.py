"""POST /api/v1/triage: one message in, one routing decision out."""
from flask import jsonify, request

from ..errors import ApiError
from ..triage import supported_languages, triage
from . import bp
from .params import json_body, text_field


def lang_field(data: dict):
    """The optional BCP 47 `lang` hint; an unsupported one is a 400."""
    lang = data.get("lang")
    if lang is None or lang == "":
        return None
    codes = {language.code for language in supported_languages()}
    if not isinstance(lang, str) or lang.split("-")[0].lower() not in codes:
        raise ApiError("unsupported_language", f"lang must be one of: {', '.join(sorted(codes))}")
    return lang.split("-")[0].lower()


@bp.post("/api/v1/triage")
def triage_message():
    """Route a resident's message: emergency, crisis, utc, pharmacy, gp, dental, nhs111, voluntary or unknown."""
    data = json_body(request)
    decision = triage(text_field(data), lang=lang_field(data))
    return jsonify(decision.to_dict())
