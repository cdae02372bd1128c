"""Load, validate and compile needs.yaml and the per-language lexicons."""
from __future__ import annotations

import collections
import re
import threading
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from .normalise import ARABIC, DIGITS, INDIC, LATIN, normalise, script_of, tokenise

TRIAGE_DATA = Path(__file__).resolve().parents[2] / "directory_data" / "triage"

ROUTES = ("emergency", "crisis", "utc", "nhs111", "dental", "pharmacy", "gp", "voluntary", "unknown")
URGENCIES = ("immediate", "today", "soon", "routine", "info")
LEXICON_KEYS = {"language", "name", "aliases", "scripts", "markers", "negations", "needs", "modifiers", "advice"}
REQUIRED_KEYS = {"language", "name", "needs", "advice"}
MODIFIER_KEYS = {"child", "baby", "already_done", "third_party", "persistent", "pregnant", "male"}
NEED_KEYS = {"route", "urgency", "rule", "about", "fallback"}
SCRIPTS = {"Latn", "Arab", "Gujr", "Taml", "Beng", "Guru"}


class LexiconError(ValueError):
    """A triage data file that does not follow directory_data/triage/README.md."""


@dataclass(frozen=True)
class Need:
    """A need id and where it routes."""

    id: str
    route: str
    urgency: str
    rule: str
    about: str = ""
    fallback: bool = False


@dataclass(frozen=True)
class Phrase:
    """One lexicon phrase, compiled: its words, what it signals and where it came from."""

    words: tuple[str, ...]
    clauses: tuple[int, ...]  # clause of each word, relative to the first (a comma inside a phrase)
    kind: str  # "need" or "modifier"
    value: str  # need id or modifier name
    lang: str
    text: str
    red: bool = False  # a 999 or crisis need
    known_in: frozenset[str] = frozenset()  # languages whose own lexicon knows every word of it
    langs: frozenset[str] = frozenset()  # every lexicon that lists this phrase for this need


@dataclass
class Lexicon:
    """One language's file, as loaded."""

    code: str
    name: str
    aliases: list[str]
    scripts: list[str]
    markers: list[str]
    negations: list[str]
    needs: dict[str, list[str]]
    modifiers: dict[str, list[str]]
    advice: dict[str, str]
    path: Path | None = None


class _StrLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML loader that keeps every scalar a string ("no", "on", "111" stay text)."""


_StrLoader.yaml_implicit_resolvers = {}


def _read_yaml(path: Path):
    """Parse one YAML file with every scalar kept as text."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_StrLoader)
    except yaml.YAMLError as err:
        raise LexiconError(f"{path}: not valid YAML: {err}") from err


def _str_list(value, where: str) -> list[str]:
    """A YAML list of strings (an empty value is an empty list)."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: expected a list of strings")
    return [v.strip() for v in value if v.strip()]


def load_needs(path: Path | None = None) -> dict[str, Need]:
    """needs.yaml as Need objects, validated."""
    path = path or TRIAGE_DATA / "needs.yaml"
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping of need id -> {{route, urgency, rule}}")
    needs: dict[str, Need] = {}
    for need_id, spec in data.items():
        where = f"{path.name}: {need_id}"
        if not isinstance(spec, dict):
            raise LexiconError(f"{where}: expected {{route, urgency, rule}}")
        unknown = set(spec) - NEED_KEYS
        if unknown:
            raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
        if spec.get("route") not in ROUTES[:-1]:
            raise LexiconError(f"{where}: route must be one of {ROUTES[:-1]}")
        if spec.get("urgency") not in URGENCIES:
            raise LexiconError(f"{where}: urgency must be one of {URGENCIES}")
        if not spec.get("rule"):
            raise LexiconError(f"{where}: rule id missing")
        fallback = str(spec.get("fallback", "false")).lower()
        if fallback not in ("true", "false"):
            raise LexiconError(f"{where}: fallback must be true or false")
        needs[need_id] = Need(need_id, spec["route"], spec["urgency"], spec["rule"], spec.get("about", ""),
                              fallback == "true")
    return needs


def load_lexicon(path: Path, needs: dict[str, Need]) -> Lexicon:
    """One lexicon file, validated against the README format and needs.yaml."""
    data = _read_yaml(path)
    name = path.name
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at the top level")
    unknown = set(data) - LEXICON_KEYS
    if unknown:
        raise LexiconError(f"{name}: unknown keys {sorted(unknown)} (allowed: {sorted(LEXICON_KEYS)})")
    missing = REQUIRED_KEYS - set(data)
    if missing:
        raise LexiconError(f"{name}: missing keys {sorted(missing)}")
    code = data["language"]
    if code != path.stem:
        raise LexiconError(f"{name}: language {code!r} differs from the file name")
    scripts = _str_list(data.get("scripts"), f"{name}: scripts")
    bad = set(scripts) - SCRIPTS
    if bad:
        raise LexiconError(f"{name}: unknown scripts {sorted(bad)} (allowed: {sorted(SCRIPTS)})")
    raw_needs = data["needs"] or {}
    if not isinstance(raw_needs, dict):
        raise LexiconError(f"{name}: needs must map need id -> list of phrases")
    phrases: dict[str, list[str]] = {}
    for need_id, items in raw_needs.items():
        if need_id not in needs:
            raise LexiconError(f"{name}: need {need_id!r} is not defined in needs.yaml")
        phrases[need_id] = _str_list(items, f"{name}: needs.{need_id}")
    raw_mods = data.get("modifiers") or {}
    if not isinstance(raw_mods, dict):
        raise LexiconError(f"{name}: modifiers must map modifier -> list of phrases")
    unknown = set(raw_mods) - MODIFIER_KEYS
    if unknown:
        raise LexiconError(f"{name}: unknown modifiers {sorted(unknown)} (allowed: {sorted(MODIFIER_KEYS)})")
    modifiers = {key: _str_list(items, f"{name}: modifiers.{key}") for key, items in raw_mods.items()}
    advice = data["advice"]
    if not isinstance(advice, dict):
        raise LexiconError(f"{name}: advice must map route -> sentence")
    missing = [r for r in ROUTES if not isinstance(advice.get(r), str) or not advice[r].strip()]
    if missing:
        raise LexiconError(f"{name}: advice missing for routes {missing}")
    unknown = set(advice) - set(ROUTES)
    if unknown:
        raise LexiconError(f"{name}: advice for unknown routes {sorted(unknown)}")
    return Lexicon(
        code=code,
        name=str(data["name"]),
        aliases=_str_list(data.get("aliases"), f"{name}: aliases"),
        scripts=scripts,
        markers=_str_list(data.get("markers"), f"{name}: markers"),
        negations=_str_list(data.get("negations"), f"{name}: negations"),
        needs=phrases,
        modifiers=modifiers,
        advice={r: advice[r].strip() for r in ROUTES},
        path=path,
    )


def load_lexicons(directory: Path | None = None, needs: dict[str, Need] | None = None) -> dict[str, Lexicon]:
    """Every lexicon/<lang>.yaml file, validated."""
    directory = directory or TRIAGE_DATA / "lexicon"
    needs = needs if needs is not None else load_needs()
    return {p.stem: load_lexicon(p, needs) for p in sorted(directory.glob("*.yaml"))}


# --- the compiled index -------------------------------------------------------------------------

ARABIC_PREFIXES = ("وال", "بال", "فال", "کال", "لل", "ال", "و", "ف", "ب", "ل")
ARABIC_SUFFIXES = ("هما", "کما", "مان", "تان", "شان", "های", "ها", "هم", "هن", "کم", "کن", "نا", "نی", "ات", "ام",
                   "اش", "ان", "ین", "ون", "ه", "ی", "ک", "م", "ت", "ش")
MIN_STEM = 3
# How strongly a word identifies a language, by where the lexicon lists it.
MARKER_VOTE, MODIFIER_VOTE, SINGLE_VOTE, PHRASE_VOTE = 1.0, 0.75, 0.6, 0.5


def arabic_stem(word: str, letter_prefixes: bool = True) -> str:
    """A light stem for Arabic-script words: one clitic prefix, up to two suffixes.

    A one-letter clitic (و ف ب ل) is stripped only with `letter_prefixes`: it is often part
    of the word (بیهوش, فقد, بطن, لسان). See `arabic_stems` for how the index uses both forms.
    """
    for prefix in ARABIC_PREFIXES:
        if len(prefix) == 1 and not letter_prefixes:
            break
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            word = word[len(prefix):]
            break
    for _ in range(2):
        for suffix in ARABIC_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def arabic_stems(word: str, lexicon: bool = False) -> set[str]:
    """The stems a word is filed or looked up under.

    A message word is looked up with and without a one-letter clitic ("بصدره" finds "صدر"),
    and with each single ending removed.
    A lexicon word is filed under its stem without one, and with one only when four letters
    or more remain: "بیهوش" (unconscious) is not filed under "یهو" (Farsi: suddenly).
    """
    whole = arabic_stem(word, letter_prefixes=False)
    stripped = arabic_stem(word)
    stems = {whole} if stripped == whole or (lexicon and len(stripped) < MIN_STEM + 1) else {whole, stripped}
    if not lexicon:  # also each single ending alone: "ونگاش" is "ونگا" + ش, not "ونگ" + اش
        stems.update(word[: -len(s)] for s in ARABIC_SUFFIXES if word.endswith(s) and len(word) - len(s) >= MIN_STEM)
    return stems


_INDIC_MARKS = "".join(chr(c) for c in range(0x0980, 0x0C00) if unicodedata.category(chr(c)) in ("Mn", "Mc"))
_ASPIRATE = re.compile(r"([bcdgjkprt])h")
_DOUBLE = re.compile(r"(.)\1+")


def fold_roman(word: str) -> str:
    """A spelling key for romanised words: "raththam", "ratham" and "rattam" share one.

    Long vowels written doubled, aspirates written with h, doubled consonants, w/v and q/k vary
    freely in Roman Urdu, Punjabi, Tamil, Bengali, Gujarati, Farsi and Arabizi.
    """
    word = word.replace("ee", "i").replace("oo", "u")
    word = _ASPIRATE.sub(r"\1", word)
    word = _DOUBLE.sub(r"\1", word)
    return word.replace("w", "v").replace("q", "k")


ARABIZI_PREFIXES = ("wel", "bel", "fel", "lel", "el", "al", "il", "w", "b", "l")
ARABIZI_SUFFIXES = ("kon", "kom", "hom", "hum", "na", "ha", "ak", "ik", "ek", "ki", "o", "i", "u", "e", "a")


def arabizi_stem(word: str, letter_prefixes: bool = True) -> str:
    """A light stem for Arabic written in Latin letters: "sadro", "bsadri", "el sadr" share "sadr".

    A one-letter clitic (w, b, l) is stripped only with `letter_prefixes` (see `arabizi_stems`).
    """
    for prefix in ARABIZI_PREFIXES:
        if len(prefix) == 1 and not letter_prefixes:
            break
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            word = word[len(prefix):]
            break
    for suffix in ARABIZI_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return fold_roman(word[: -len(suffix)])
    return fold_roman(word)


def arabizi_stems(word: str, lexicon: bool = False) -> set[str]:
    """The Arabizi stems a word is filed or looked up under, as `arabic_stems` does for Arabic script.

    A message word is looked up with and without a one-letter clitic ("wbedi", and I want, finds
    "bedi"); a lexicon word is filed with one stripped only when four letters or more remain, so
    "bedi" (I want) is not filed under "edi".
    """
    whole = arabizi_stem(word, letter_prefixes=False)
    stems = {whole}
    if word[:1] in ARABIZI_PREFIXES and (not lexicon or len(word) - 1 >= MIN_STEM + 1):
        stems.add(arabizi_stem(word))
    return stems


def deletes(word: str, depth: int) -> set[str]:
    """All strings made by deleting up to `depth` characters from `word`."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1:])
        out |= nxt
        frontier = nxt
    return out


def max_edits(word: str) -> int:
    """Typos a lexicon word tolerates: none under 5 letters, 1 from 5, 2 from 8."""
    n = len(word)
    return 2 if n >= 8 else 1 if n >= 5 else 0


@dataclass
class Index:
    """Everything the matcher and language identifier need, built once."""

    needs: dict[str, Need]
    lexicons: dict[str, Lexicon]
    phrases: list[Phrase] = field(default_factory=list)
    by_first: dict[str, list[int]] = field(default_factory=dict)
    vocab: set[str] = field(default_factory=set)
    vocab_langs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phrase word -> languages using it
    deletes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    arabic_stems: dict[str, tuple[str, ...]] = field(default_factory=dict)
    indic_prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    indic_stems: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word less 1-2 final letters
    folded: dict[str, tuple[str, ...]] = field(default_factory=dict)  # romanised spelling key -> words
    arabizi_stems: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Arabizi stem -> Arabic lexicon words
    red_words: frozenset[str] = frozenset()  # words of 999 and crisis phrases
    # languages that use a word only for lower needs ("angina": tonsillitis in Polish, heart in Portuguese)
    tame_in: dict[str, frozenset[str]] = field(default_factory=dict)
    word_langs: dict[str, dict[str, float]] = field(default_factory=dict)
    stem_langs: dict[str, dict[str, float]] = field(default_factory=dict)
    negations: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    markers: dict[str, frozenset[str]] = field(default_factory=dict)  # everyday words of each language
    aliases: dict[str, str] = field(default_factory=dict)


def _add_phrase(index: Index, text: str, kind: str, value: str, lang: str) -> tuple[str, ...]:
    """Register one compiled phrase and its words."""
    tokens = _tokens(text)
    words = tuple(t.text for t in tokens)
    if not words:
        return words
    clauses = tuple(t.clause - tokens[0].clause for t in tokens)
    red = kind == "need" and index.needs[value].route in ("emergency", "crisis")
    index.phrases.append(Phrase(words, clauses, kind, value, lang, text, red))
    index.by_first.setdefault(words[0], []).append(len(index.phrases) - 1)
    index.vocab.update(words)
    return words


def build_index(needs: dict[str, Need], lexicons: dict[str, Lexicon]) -> Index:
    """Compile all lexicons into one index for fast matching."""
    index = Index(needs=needs, lexicons=lexicons)
    seen: dict[tuple, int] = {}
    votes: dict[str, dict[str, float]] = {}
    also: dict[int, set[str]] = collections.defaultdict(set)

    def vote(word: str, lang: str, weight: float) -> None:
        """Remember that `word` is evidence for `lang`."""
        per = votes.setdefault(word, {})
        per[lang] = max(per.get(lang, 0.0), weight)

    for code, lex in lexicons.items():
        for need_id, items in lex.needs.items():
            for text in items:
                key = (tokenise_words(text), "need", need_id)
                if key not in seen and key[0]:
                    seen[key] = len(index.phrases)
                    _add_phrase(index, text, "need", need_id, code)
                if key in seen:
                    also[seen[key]].add(code)
                for w in key[0]:
                    if not w.isdigit():
                        vote(w, code, PHRASE_VOTE if len(key[0]) > 1 else SINGLE_VOTE)
        for mod, items in lex.modifiers.items():
            for text in items:
                ws = tokenise_words(text)
                key = (ws, "modifier", mod)
                if key not in seen and ws:
                    seen[key] = len(index.phrases)
                    _add_phrase(index, text, "modifier", mod, code)
                if key in seen:
                    also[seen[key]].add(code)
                for w in ws:
                    vote(w, code, MODIFIER_VOTE)
        index.negations[code] = {tokenise_words(t) for t in lex.negations if tokenise_words(t)}
        for text in lex.markers + lex.negations:
            for w in tokenise_words(text):
                vote(w, code, MARKER_VOTE)
        index.markers[code] = frozenset(w for text in lex.markers for w in tokenise_words(text))
        for alias in [lex.name, *lex.aliases]:
            index.aliases.setdefault(" ".join(tokenise_words(alias)), code)

    # Languages that know a word on its own (a marker, modifier or one-word phrase), not only
    # inside a longer phrase: another language's phrase made only of such words is left to them.
    standalone = {w: {lang for lang, weight in per.items() if weight > PHRASE_VOTE} for w, per in votes.items()}
    for i, phrase in enumerate(index.phrases):
        known = None
        for w in phrase.words:
            langs = standalone.get(w, set())
            known = set(langs) if known is None else known & langs
        index.phrases[i] = replace(phrase, known_in=frozenset(known or ()), langs=frozenset(also[i]))
    langs_of: dict[str, set[str]] = {}
    for phrase in index.phrases:
        for w in phrase.words:
            langs_of.setdefault(w, set()).update(phrase.langs)
    index.vocab_langs = {w: frozenset(v) for w, v in langs_of.items()}

    # English words written inside other languages' phrases ("GP", "appointment") are loanwords:
    # weak evidence for those languages.
    english = set(votes) if "en" not in lexicons else {w for w, per in votes.items() if "en" in per}
    for word in english:
        per = votes[word]
        for lang, weight in per.items():
            if lang != "en" and weight <= SINGLE_VOTE:
                per[lang] = weight * 0.2
    # A word that several languages share is weaker evidence for each of them.
    for word, per in votes.items():
        total = sum(per.values())
        share = {lang: w * w / total for lang, w in per.items()}
        index.word_langs[word] = share
    for word, per in index.word_langs.items():
        if script_of(word[0]) == ARABIC:
            stem = arabic_stem(word)
            bucket = index.stem_langs.setdefault(stem, {})
            for lang, w in per.items():
                bucket[lang] = max(bucket.get(lang, 0.0), w)

    for word in index.vocab:
        script = DIGITS if word[0].isdigit() else script_of(word[0]) or LATIN
        edits = max_edits(word)
        if edits:
            for variant in deletes(word, edits):
                index.deletes.setdefault(variant, set()).add(word)
        if script == ARABIC:
            for stem in arabic_stems(word, lexicon=True):
                index.arabic_stems.setdefault(stem, set()).add(word)
        elif script in INDIC and len(word) >= 4:
            for k in range(4, len(word)):
                index.indic_prefixes.setdefault(word[:k], set()).add(word)
            stem = word.rstrip(_INDIC_MARKS)  # a final vowel sign is an ending: কাটি, કાપો, வலி
            if stem != word and len(stem) >= 3:
                index.indic_stems.setdefault(stem, set()).add(word)
        elif script == LATIN and len(word) >= 4:
            index.folded.setdefault(fold_roman(word), set()).add(word)
        if script == LATIN and len(word) >= 3 and "ar" in index.vocab_langs.get(word, ()):
            for stem in arabizi_stems(word, lexicon=True):
                index.arabizi_stems.setdefault(stem, set()).add(word)
    index.red_words = frozenset(w for p in index.phrases if p.red for w in p.words)
    red_langs: dict[str, set[str]] = {}
    tame_langs: dict[str, set[str]] = {}
    for p in index.phrases:
        if p.kind == "need":
            for w in p.words:
                (red_langs if p.red else tame_langs).setdefault(w, set()).update(p.langs)
    index.tame_in = {w: frozenset(langs - red_langs.get(w, set())) for w, langs in tame_langs.items()}
    # Tuples, not sets: the garbage collector stops scanning them, which keeps latency flat.
    index.deletes = {k: tuple(v) for k, v in index.deletes.items()}
    index.arabic_stems = {k: tuple(v) for k, v in index.arabic_stems.items()}
    index.indic_prefixes = {k: tuple(v) for k, v in index.indic_prefixes.items()}
    index.indic_stems = {k: tuple(v) for k, v in index.indic_stems.items()}
    index.folded = {k: tuple(v) for k, v in index.folded.items()}
    index.arabizi_stems = {k: tuple(v) for k, v in index.arabizi_stems.items()}
    index.vocab_langs = {k: tuple(v) for k, v in index.vocab_langs.items()}
    return index


@lru_cache(maxsize=131072)
def _tokens(text: str) -> tuple:
    """The tokens of a phrase."""
    return tuple(tokenise(normalise(text)))


def tokenise_words(text: str) -> tuple[str, ...]:
    """The normalised words of a phrase."""
    return tuple(t.text for t in _tokens(text))


_lock = threading.Lock()
_cached: Index | None = None


def get_index() -> Index:
    """The index compiled from the files on disk (loaded once per process)."""
    global _cached
    if _cached is None:
        with _lock:
            if _cached is None:
                needs = load_needs()
                _cached = build_index(needs, load_lexicons(needs=needs))
    return _cached


def reload_index() -> Index:
    """Re-read the files (for editors and tests)."""
    global _cached
    with _lock:
        _cached = None
    return get_index()
