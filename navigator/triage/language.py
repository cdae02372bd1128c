"""Offline language identification: script votes, then marker and lexicon word votes."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Index, arabic_stem, tokenise_words
from .normalise import ARABIC, BENGALI, DIGITS, GUJARATI, GURMUKHI, LATIN, TAMIL, Token, normalise


@dataclass(frozen=True)
class Language:
    """A supported language: BCP 47 code, its own name, words that choose it, scripts."""

    code: str
    name: str
    aliases: tuple[str, ...]
    scripts: tuple[str, ...]
    english_name: str = ""


# The contract's 13 languages; a lexicon file, when present, supplies its own name and aliases.
BUILT_IN = {
    "en": ("English", "English", ("english", "eng"), (LATIN,)),
    "pl": ("Polski", "Polish", ("polish", "polski", "po polsku"), (LATIN,)),
    "ro": ("Română", "Romanian", ("romanian", "romana", "limba romana"), (LATIN,)),
    "ar": ("العربية", "Arabic", ("arabic", "العربية", "عربي", "arabi"), (ARABIC, LATIN)),
    "so": ("Soomaali", "Somali", ("somali", "soomaali", "af soomaali"), (LATIN,)),
    "pt": ("Português", "Portuguese", ("portuguese", "portugues", "brazilian"), (LATIN,)),
    "es": ("Español", "Spanish", ("spanish", "espanol", "castellano"), (LATIN,)),
    "gu": ("ગુજરાતી", "Gujarati", ("gujarati", "ગુજરાતી"), (GUJARATI, LATIN)),
    "ur": ("اردو", "Urdu", ("urdu", "اردو"), (ARABIC, LATIN)),
    "ta": ("தமிழ்", "Tamil", ("tamil", "தமிழ்", "tamizh"), (TAMIL, LATIN)),
    "fa": ("فارسی", "Persian", ("farsi", "persian", "فارسی", "dari", "دری"), (ARABIC, LATIN)),
    "bn": ("বাংলা", "Bengali", ("bengali", "bangla", "বাংলা"), (BENGALI, LATIN)),
    "pa": ("ਪੰਜਾਬੀ", "Punjabi", ("punjabi", "panjabi", "ਪੰਜਾਬੀ", "پنجابی"), (GURMUKHI, ARABIC, LATIN)),
}
CODES = tuple(BUILT_IN)
SCRIPT_LANGS = {
    GUJARATI: ("gu",), TAMIL: ("ta",), BENGALI: ("bn",), GURMUKHI: ("pa",), ARABIC: ("ar", "fa", "ur", "pa"),
}
ENGLISH_WEIGHT = 0.6  # English words are mixed into every other language
PHRASE_WEIGHT = 0.5  # per word of a lexicon phrase found in the message

# Letters that only some Arabic-script languages use (counted on the raw text, before unification).
_ARABIC_LETTERS = [
    (re.compile("[ٹڈڑںےۓ]"), {"ur": 1.5, "pa": 1.5}),
    (re.compile("[ھہ]"), {"ur": 1.0, "pa": 1.0}),
    (re.compile("[پچژگ]"), {"fa": 0.5, "ur": 0.5, "pa": 0.5}),
    (re.compile("[یک]"), {"fa": 0.7, "ur": 0.7, "pa": 0.7}),
    (re.compile("[ۀ]"), {"fa": 1.0}),
    (re.compile("[يكةى]"), {"ar": 1.5}),
]
_LATIN_LETTERS = [
    (re.compile("[ąćęłńśźż]"), {"pl": 3.0}),
    (re.compile("[ăîșțşţ]"), {"ro": 3.0}),
    (re.compile("[ãõç]"), {"pt": 3.0}),
    (re.compile("[êô]"), {"pt": 1.0}),
    (re.compile("[ñ¿¡]"), {"es": 3.0}),
    (re.compile("â"), {"ro": 1.0, "pt": 1.0}),
]
# A UK postcode ("tw5 9ax") mixes letters and digits like Arabizi does, but is no evidence of Arabic.
# Only with its space: written as one word it is an Arabizi word as often ("n6a3an", stabbed), and
# postcodes typed without the space rarely look like Arabizi ("ub31aa").
_UK_POSTCODE = re.compile(r"\b[a-z]{1,2}[0-9][a-z0-9]?\s+[0-9][a-z]{2}\b")
_ARABIZI = re.compile(r"(?:[a-z][2357][a-z]|^[2357][a-z]{2,}|[a-z][2357]$)")


def supported(index: Index) -> list[Language]:
    """The 13 languages, with names and aliases from the lexicons where present."""
    out = []
    for code, (own, english, aliases, scripts) in BUILT_IN.items():
        lex = index.lexicons.get(code)
        if lex:
            names = tuple(dict.fromkeys([*lex.aliases, *aliases]))
            out.append(Language(code, lex.name, names, tuple(lex.scripts) or scripts, english))
        else:
            out.append(Language(code, own, aliases, scripts, english))
    return out


def named(text: str, index: Index) -> str | None:
    """The language a whole message names ("polski", "Arabic", "soomaali"), else None."""
    key = " ".join(tokenise_words(text))
    if not key:
        return None
    if key in index.aliases:
        return index.aliases[key]
    for code, (own, english, aliases, _) in BUILT_IN.items():
        for name in (own, english, *aliases):
            if key == " ".join(tokenise_words(name)):
                return code
    return None


def detect(raw: str, tokens: list[Token], index: Index, phrases=()) -> str:
    """The most likely of the 13 languages for a message; English when nothing tells.

    `phrases` are lexicon phrases already found in the message: each is evidence for the
    languages whose lexicon lists it ("torci o tornozelo" is Portuguese even if "bola" is Polish).
    """
    letters: dict[str, int] = {}
    for t in tokens:
        if t.script != DIGITS:
            letters[t.script] = letters.get(t.script, 0) + len(t.text)
    latin = letters.get(LATIN, 0)
    native = {s: n for s, n in letters.items() if s in SCRIPT_LANGS}
    if native:
        script = max(native, key=native.get)
        if native[script] >= 3 or native[script] >= latin * 0.3:
            langs = SCRIPT_LANGS[script]
            if len(langs) == 1:
                return langs[0]
            return _vote(raw, tokens, index, langs, script, phrases)
    return _vote(raw, tokens, index, CODES, LATIN, phrases)


def _vote(raw: str, tokens: list[Token], index: Index, langs: tuple[str, ...], script: str, phrases) -> str:
    """Sum word, phrase and letter evidence for each candidate language."""
    scores = dict.fromkeys(langs, 0.0)
    for phrase in phrases:
        for lang in phrase.langs:
            if lang in scores:  # an English phrase is a loan in any other language: weak evidence
                weight = PHRASE_WEIGHT * (0.2 if lang == "en" else 1.0)
                scores[lang] += weight * len(phrase.words) / len(phrase.langs)
    word_langs = index.word_langs
    for t in tokens:
        if script == ARABIC and t.script != ARABIC:
            continue
        per = word_langs.get(t.text)
        if per is None and t.script == ARABIC:
            per = index.stem_langs.get(arabic_stem(t.text))
        if per:
            for lang, w in per.items():
                if lang in scores:
                    scores[lang] += w
    if script == ARABIC:
        table = _ARABIC_LETTERS
        text = raw
    else:
        table = _LATIN_LETTERS
        text = raw.casefold()
        if "ar" in scores:
            postcodes = {part for m in _UK_POSTCODE.finditer(text) for part in m.group(0).split()}
            scores["ar"] += sum(
                1.0 for t in tokens if t.script == LATIN and t.text not in postcodes and _ARABIZI.search(t.text)
            )
    for pattern, votes in table:
        if pattern.search(text):
            for lang, w in votes.items():
                if lang in scores:
                    scores[lang] += w
    if "en" in scores:
        scores["en"] *= ENGLISH_WEIGHT
    best = max(scores, key=lambda lang: (scores[lang], -langs.index(lang)))
    if scores[best] <= 0:
        return "en" if "en" in scores else langs[0]
    return best


def hint(lang: str | None) -> str | None:
    """A supported language code from a BCP 47 hint ("pt-BR" -> "pt"), else None."""
    if not lang or not isinstance(lang, str):
        return None
    code = normalise(lang).strip().replace("_", "-").split("-")[0]
    return code if code in BUILT_IN else None
