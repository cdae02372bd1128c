"""Shared helpers for the triage engine tests: the loaded index and the lexicon files."""
from __future__ import annotations

import os

import pytest

from navigator.triage.language import CODES
from navigator.triage.lexicon import TRIAGE_DATA, get_index

IN_CI = os.environ.get("CI", "").lower() == "true"


def lexicon_or_skip(code: str):
    """The loaded lexicon for `code`; skipped when its file is absent, except under CI=true (then it fails)."""
    path = TRIAGE_DATA / "lexicon" / f"{code}.yaml"
    if not path.exists():
        if IN_CI:
            pytest.fail(f"lexicon {path.name} is missing")
        pytest.skip(f"lexicon {path.name} not written yet")
    return get_index().lexicons[code]


@pytest.fixture(scope="session")
def index():
    """The compiled triage index (loaded once)."""
    return get_index()


ALL_CODES = list(CODES)
