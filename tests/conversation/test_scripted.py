"""The conversation suite: scripted multi-turn conversations in 13 languages over web and SMS,
each reply judged on meaning (tests/conversation/scripted.py), on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from .scripted import DATA, load, play, transcript

# Expectations judged wrong by the contract or safety-sources.md: conversation id -> reason.
DISPUTED: dict[str, str] = {}

CASES = [(path.name, conv) for path in sorted(DATA.glob("*.yaml")) for conv in load(path)]


@pytest.mark.parametrize("conv", [pytest.param(c, id=f"{name}:{c['id']}", marks=(
    [pytest.mark.xfail(reason=DISPUTED[c["id"]], strict=False)] if c["id"] in DISPUTED else []))
    for name, c in CASES])
def test_conversation(app, conv):
    failures = play(app, conv)
    assert not failures, transcript(conv, failures)


def test_the_suite_is_large_and_covers_every_language_and_both_channels():
    from navigator.i18n import LANGUAGES

    convs = [c for _, c in CASES]
    assert {c["language"] for c in convs} >= set(LANGUAGES)
    assert {c["channel"] for c in convs} == {"sms", "web"}
