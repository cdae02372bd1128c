"""Word endings: a Snowball stemmer where one exists, data-driven suffix rules elsewhere.

Both a concept's surface form and a message word are reduced the same way, per language,
so "killing"/"kills"/"killed" or "matarse"/"matar" meet at one key. Snowball (PyStemmer)
(PyStemmer 3) covers en, es, pt, ro, pl, ar, fa and ta; every language may also list endings in
its concept file (`suffixes:`, longest first): Somali, Urdu, Punjabi, Gujarati, Bengali and the
romanised spellings rely on those.
"""
from __future__ import annotations

from functools import lru_cache

import Stemmer

from .lexicon import arabic_stem, fold_roman
from .normalise import ARABIC, LATIN, TAMIL, script_of

SNOWBALL = {"en": "english", "es": "spanish", "pt": "portuguese", "ro": "romanian", "pl": "polish", "ar": "arabic",
            "fa": "persian", "ta": "tamil"}
# The script each stemmer reads (Arabic and Farsi stemmers on Arabizi or Latin-letter Farsi would only strip noise).
SNOWBALL_SCRIPT = {"ar": ARABIC, "fa": ARABIC, "ta": TAMIL}
MIN_STEM = 3  # an ending is never stripped below this many letters


@lru_cache(maxsize=None)
def _stemmer(name: str) -> Stemmer.Stemmer:
    """One PyStemmer object per algorithm (they are not shared across threads in C, but stemWord is reentrant)."""
    return Stemmer.Stemmer(name)


def strip_suffix(word: str, suffixes: tuple[str, ...], keep: int = MIN_STEM) -> str:
    """The word less its longest listed ending, keeping at least `keep` letters."""
    for suffix in suffixes:  # sorted longest first by the loader
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: -len(suffix)]
    return word


class Morphology:
    """Per-language reduction of one normalised word to its lookup keys."""

    def __init__(self, suffixes: dict[str, tuple[str, ...]], romanised: frozenset[str]):
        """`suffixes`: language -> endings (longest first); `romanised`: languages typed in free romanisation."""
        self.suffixes = suffixes
        self.romanised = romanised
        self._cache: dict[tuple[str, str], frozenset[str]] = {}

    def keys(self, word: str, lang: str) -> frozenset[str]:
        """The keys `word` is filed or looked up under for `lang` (the word itself included)."""
        key = (word, lang)
        found = self._cache.get(key)
        if found is None:
            found = self._keys(word, lang)
            if len(self._cache) > 300_000:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _keys(self, word: str, lang: str) -> frozenset[str]:
        """Uncached `keys`."""
        out = {word}
        script = script_of(word[0]) if word else None
        if script is None:
            return frozenset(out)
        name = SNOWBALL.get(lang)
        if name and script == SNOWBALL_SCRIPT.get(lang, LATIN):
            stem = _stemmer(name).stemWord(word)
            if len(stem) >= MIN_STEM:
                out.add(stem)
        if script == ARABIC and lang != "ar":
            out.add(arabic_stem(word, letter_prefixes=False))
        suffixes = self.suffixes.get(lang)
        if suffixes:  # two endings at most: Somali "jaranjar-a-da", Tamil "vizhundh-aanga"
            once = strip_suffix(word, suffixes)
            out.add(once)
            out.add(strip_suffix(once, suffixes, MIN_STEM + 1))  # Somali "dib-na-ha" is not "dib"
        if script == LATIN and lang in self.romanised and len(word) >= 4:
            out |= {fold_roman(k) for k in list(out)}
        return frozenset(out)
