"""Every resident-facing message is translated in all 12 catalogs, with the source's placeholders."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from navigator.config import REPO_ROOT
from navigator.i18n import LANGUAGES, TRANSLATIONS_DIR

RESIDENT_FACING = (
    "navigator/conversation/",
    "navigator/web/",
    "navigator/sms/",
    "navigator/templates/base.html",
    "navigator/templates/error.html",
    "navigator/templates/web/",
    "navigator/outage.py",
)
METHOD_MAP = [("navigator/**.py", "python"), ("navigator/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TARGETS = [code for code in LANGUAGES if code != "en"]


@lru_cache(maxsize=1)
def resident_messages() -> dict[str, tuple]:
    """msgid → (msgid, msgid_plural or None), extracted fresh from the resident-facing source."""
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(REPO_ROOT), METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        if not filename.startswith(RESIDENT_FACING):
            continue
        if isinstance(message, tuple):
            found[message[0]] = (message[0], message[1])
        elif message:
            found[message] = (message, None)
    return found


@lru_cache(maxsize=None)
def catalog(code: str):
    with open(TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=code)


def test_there_are_resident_messages():
    assert len(resident_messages()) > 40


@pytest.mark.parametrize("code", TARGETS)
def test_catalog_translates_every_resident_message(code):
    cat = catalog(code)
    problems = []
    for msgid, (singular, plural) in resident_messages().items():
        message = cat.get(msgid)
        if message is None or not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            problems.append(f"missing: {msgid!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        wanted = set(PLACEHOLDER.findall(singular)) | set(PLACEHOLDER.findall(plural or ""))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            got = set(PLACEHOLDER.findall(text))
            # A plural form may leave out %(num)d (e.g. Arabic "one" forms), never add or rename one.
            if not got <= wanted or not (wanted - {"num"}) <= got:
                problems.append(f"placeholders differ: {msgid!r}: {text!r}")
    assert not problems, f"{code}: {len(problems)} problems:\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("code", TARGETS)
def test_catalog_passes_babels_checks(code):
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog(code).check() if errs]
    assert not errors, errors[:10]


@pytest.mark.parametrize("code", TARGETS)
def test_crisis_and_emergency_translations_are_flagged_for_review(code):
    cat = catalog(code)
    flagged = [m for m in cat if m.id and any("human clinical review" in c for c in m.auto_comments)]
    assert flagged, "crisis/emergency messages carry the TRANSLATORS review note"
