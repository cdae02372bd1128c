"""Sign concepts: red flags as small sets of concepts that co-occur, in any order, in any of the 13 languages.

A phrase list only knows the sentences someone wrote down. A sign rule ("KILL + REFLEXIVE",
"FALL + HEIGHT + NOT_MOVING", "HEAD_INJURY + ANTICOAGULANT") knows the idea: each concept has
surface forms per language (directory_data/triage/concepts/<lang>.yaml) that are matched after
the same reduction of endings as the message words (morphology.py), and the rules
(directory_data/triage/signs.yaml) name the concepts that must meet within a clause, a sentence
or the message, and the need (needs.yaml) they signal. The engine only ever adds these needs:
routing stays in needs.yaml and rules.py.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import OSA

from .lexicon import TRIAGE_DATA, LexiconError, _read_yaml, _str_list, deletes, load_needs, tokenise_words
from .morphology import SNOWBALL, Morphology
from .normalise import DIGITS, INDIC, LATIN, Token, script_of

WINDOWS = ("clause", "sentence", "message")
SIGN_KEYS = {"id", "need", "all", "within", "unless", "about"}
GUARD = "GUARD"  # pseudo-concept: an everyday phrase from `guards` (never in a sign rule)
CONCEPT_FILE_KEYS = {"language", "suffixes", "concepts", "guards"}
CONCEPT_KEYS = {"red", "about", "negatable"}
ROMANISED = frozenset({"ar", "ur", "pa", "ta", "bn", "gu", "fa"})
NEGATION_BEFORE = frozenset({"en", "pl", "ro", "pt", "es", "ar"})
NEGATION_REACH = 2  # words between a negation and the concept form it cancels
MAX_GAP = 1  # other words allowed between two words of a multi-word form
TYPO_MIN = 7  # a form word this long or longer also matches with one typo ("paracetmol")
BUILT_IN = {"MANY": "a count of 8 or more written in digits (tablets, pills)"}
MANY = 8
# Short forms of another language only count in a sibling language (shared romanisation or script).
SIBLINGS = {"ur": {"pa", "fa"}, "pa": {"ur"}, "fa": {"ur"}, "gu": {"ur", "pa"}}
SHORT_FOREIGN = 4  # a one-word form shorter than this only counts in its own (or a sibling) language


@dataclass(frozen=True)
class ConceptSpec:
    """A concept declared in signs.yaml."""

    name: str
    red: bool
    about: str
    negatable: bool = True


@dataclass(frozen=True)
class Sign:
    """A sign rule: every group of concepts present within the window, none of `unless`."""

    id: str
    need: str
    groups: tuple[frozenset[str], ...]
    within: str
    unless: frozenset[str]
    about: str = ""


@dataclass(frozen=True)
class Form:
    """One surface form of a concept in one language."""

    concept: str
    lang: str
    text: str
    words: tuple[int, ...]  # word-entry ids


@dataclass(frozen=True)
class ConceptHit:
    """A concept found in a message: where, and the words that said it."""

    concept: str
    start: int
    end: int
    text: str
    lang: str


@dataclass(frozen=True)
class SignHit:
    """A sign rule that fired."""

    sign: Sign
    position: int
    hits: tuple[ConceptHit, ...]

    @property
    def term(self) -> str:
        """The concepts and words behind it, for `matched`: "KILL(killing) + REFLEXIVE(herself)"."""
        return " + ".join(f"{h.concept}({h.text})" for h in self.hits)


@dataclass
class ConceptIndex:
    """Compiled concept forms and sign rules."""

    concepts: dict[str, ConceptSpec]
    signs: list[Sign]
    forms: dict[str, dict[str, list[str]]]  # lang -> concept -> forms as written (for coverage)
    morphology: Morphology
    entries: list[tuple[str, str]] = field(default_factory=list)  # word-entry id -> (lang, word)
    by_key: dict[str, dict[str, tuple[int, ...]]] = field(default_factory=dict)  # lang -> key -> entries
    exact: dict[str, tuple[int, ...]] = field(default_factory=dict)
    prefixes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    endings: dict[str, tuple[int, ...]] = field(default_factory=dict)  # "*arse": a word ending so (matarse)
    truncated: dict[str, tuple[int, ...]] = field(default_factory=dict)  # Indic form words less 1-2 final characters
    typo: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_first: dict[int, list[Form]] = field(default_factory=dict)
    guards: dict[int, list[Form]] = field(default_factory=dict)
    script_langs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    signs_by_concept: dict[str, tuple[int, ...]] = field(default_factory=dict)  # concept -> signs whose first group has it
    _cache: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)

    # --- matching ---------------------------------------------------------------------------

    def word_entries(self, word: str, script: str, lang: str) -> tuple[int, ...]:
        """Word entries a message word stands for: exact in any language; after endings, as a prefix,
        an ending or with one typo only toward the message's language, English and its siblings
        (across 13 languages almost any short stem is some other language's word)."""
        key = (word, lang)
        found = self._cache.get(key)
        if found is not None:
            return found
        near = {lang, "en"} | SIBLINGS.get(lang, set())
        out: set[int] = set(self.exact.get(word, ()))
        loose: set[int] = set()
        for other in self.script_langs.get(script, ()):
            table = self.by_key.get(other)
            if table and other in near:
                for k in self.morphology.keys(word, other):
                    out.update(table.get(k, ()))
        for k in range(3, len(word) + 1):
            loose.update(self.prefixes.get(word[:k], ()))
        if script in INDIC and len(word) >= 4:  # colloquial endings dropped: Tamil "குழப்பமா" for "குழப்பமாக"
            loose.update(self.truncated.get(word, ()))
        if self.endings:
            for k in range(2, min(6, len(word) - 2) + 1):
                loose.update(self.endings.get(word[-k:], ()))
        if script == LATIN and len(word) >= TYPO_MIN - 1:
            for variant in deletes(word, 1):
                for entry in self.typo.get(variant, ()):
                    if entry not in out and OSA.distance(word, self.entries[entry][1], score_cutoff=1) <= 1:
                        loose.add(entry)
        # Indic scripts belong to one language each: their prefixes count whatever the message language.
        out.update(e for e in loose if script in INDIC or self.entries[e][0] in near)
        found = tuple(out)
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[key] = found
        return found

    def find_concepts(self, tokens: list[Token], lang: str, negations: set[tuple[str, ...]]) -> list[ConceptHit]:
        """Every concept form present in the tokens (guards and negations applied)."""
        cands = [self.word_entries(t.text, t.script, lang) for t in tokens]
        present = {e for c in cands for e in c}
        n = len(tokens)
        guarded = [False] * n
        raw: list[tuple[Form, int, int]] = []
        for i, entries in enumerate(cands):
            for entry in entries:
                for table, is_guard in ((self.guards, True), (self.by_first, False)):
                    for form in table.get(entry, ()):
                        if len(form.words) > 1 and not present.issuperset(form.words[1:]):
                            continue  # a word of the form is nowhere in the message
                        end = self._rest(form, i, cands, tokens)
                        if end is None or not self._allowed(form, lang, tokens[i].text):
                            continue
                        if is_guard:
                            for p in range(i, end + 1):
                                guarded[p] = True
                        else:
                            raw.append((form, i, end))
            tok = tokens[i]
            if tok.script == DIGITS:
                value = float(tok.text.replace(",", "."))
                if "." in tok.text or "," in tok.text:  # "38.6" is a temperature, never a count
                    if 35 <= value <= 43:
                        raw.append((Form("FEVER", "*", tok.text, ()), i, i))
                elif value >= MANY:
                    raw.append((Form("MANY", "*", tok.text, ()), i, i))
        if any(f.concept == "FEVER" for f, _, _ in raw):  # "39" next to a fever is a temperature, not a count
            fever_clauses = {tokens[s].clause for f, s, _ in raw if f.concept == "FEVER"}
            raw = [(f, s, e) for f, s, e in raw if not (f.concept == "MANY" and tokens[s].clause in fever_clauses
                                                       and 34 <= float(tokens[s].text.replace(",", ".")) <= 43)]
        neg_end = _negation_ends(tokens, negations) if lang in NEGATION_BEFORE else None
        hits = []
        seen = set()
        for form, start, end in raw:
            if any(guarded[start:end + 1]):
                continue
            spec = self.concepts.get(form.concept)
            if neg_end and (spec is None or spec.negatable) and _negated(tokens, neg_end, start):
                continue
            key = (form.concept, start)
            if key in seen:
                continue
            seen.add(key)
            text = " ".join(t.text for t in tokens[start:end + 1])
            hits.append(ConceptHit(form.concept, start, end, text, form.lang))
        # The guarded stretches themselves, for the lexicon: "drowning in bills" is not a 999 "drowning".
        p = 0
        while p < n:
            if guarded[p]:
                q = p
                while q + 1 < n and guarded[q + 1]:
                    q += 1
                hits.append(ConceptHit(GUARD, p, q, " ".join(t.text for t in tokens[p:q + 1]), lang))
                p = q + 1
            else:
                p += 1
        return hits

    def _rest(self, form: Form, i: int, cands: list[tuple[int, ...]], tokens: list[Token]) -> int | None:
        """The last token of `form` starting at token i, or None when its other words are not there."""
        pos = i
        for entry in form.words[1:]:
            nxt = None
            for j in range(pos + 1, min(len(tokens), pos + 2 + MAX_GAP)):
                if tokens[j].clause != tokens[pos].clause:
                    break
                if entry in cands[j]:
                    nxt = j
                    break
            if nxt is None:
                return None
            pos = nxt
        return pos

    @staticmethod
    def _allowed(form: Form, lang: str, word: str) -> bool:
        """A short one-word form of another language counts only in its own language, English or a sibling."""
        if len(form.words) > 1 or form.lang in (lang, "en") or len(form.text) >= SHORT_FOREIGN:
            return True
        return form.lang in SIBLINGS.get(lang, ())

    def find(self, tokens: list[Token], lang: str, negations: set[tuple[str, ...]]) -> tuple[list[SignHit], list[ConceptHit]]:
        """The sign rules that fire on the tokens, and every concept found."""
        hits = self.find_concepts(tokens, lang, negations)
        if not hits:
            return [], hits
        by_concept: dict[str, list[ConceptHit]] = {}
        for h in hits:
            by_concept.setdefault(h.concept, []).append(h)
        fired: list[SignHit] = []
        found = by_concept.keys()
        candidates = {i for c in found for i in self.signs_by_concept.get(c, ())}
        for k in sorted(candidates):
            sign = self.signs[k]
            if any(group.isdisjoint(found) for group in sign.groups):
                continue
            windows = None
            for group in sign.groups:
                here = {_window(tokens[h.start], sign.within) for c in group for h in by_concept.get(c, ())}
                windows = here if windows is None else windows & here
                if not windows:
                    break
            if not windows:
                continue
            if sign.unless:
                blocked = {_window(tokens[h.start], sign.within) for c in sign.unless for h in by_concept.get(c, ())}
                windows -= blocked
                if not windows:
                    continue
            window = min(windows)
            used = []
            for group in sign.groups:
                best = min((h for c in group for h in by_concept.get(c, ())
                            if _window(tokens[h.start], sign.within) == window), key=lambda h: h.start)
                used.append(best)
            fired.append(SignHit(sign, min(h.start for h in used), tuple(used)))
        return fired, hits


def _window(token: Token, within: str) -> int:
    """The clause, sentence or message a token belongs to."""
    return token.clause if within == "clause" else token.sentence if within == "sentence" else 0


def _negation_ends(tokens: list[Token], negations: set[tuple[str, ...]]) -> list[bool]:
    """For each token, whether a negation ends there."""
    out = [False] * len(tokens)
    texts = [t.text for t in tokens]
    for neg in negations:
        k = len(neg)
        for p in range(k - 1, len(tokens)):
            if tuple(texts[p - k + 1: p + 1]) == neg:
                out[p] = True
    return out


def _negated(tokens: list[Token], neg_end: list[bool], start: int) -> bool:
    """Whether a negation ends within NEGATION_REACH words before `start`, in the same clause."""
    clause = tokens[start].clause
    for p in range(start - 1, max(-1, start - 2 - NEGATION_REACH), -1):
        if tokens[p].clause != clause:
            return False
        if neg_end[p]:
            return True
    return False


# --- loading ---------------------------------------------------------------------------------

def load_signs(path: Path | None = None, needs=None) -> tuple[dict[str, ConceptSpec], list[Sign]]:
    """signs.yaml: the concept inventory and the sign rules, validated."""
    path = path or TRIAGE_DATA / "signs.yaml"
    needs = needs if needs is not None else load_needs()
    data = _read_yaml(path)
    if not isinstance(data, dict) or set(data) - {"concepts", "signs"}:
        raise LexiconError(f"{path.name}: expected keys concepts and signs")
    concepts: dict[str, ConceptSpec] = {}
    for name, spec in (data.get("concepts") or {}).items():
        spec = spec or {}
        if not isinstance(spec, dict) or set(spec) - CONCEPT_KEYS:
            raise LexiconError(f"{path.name}: concept {name}: allowed keys {sorted(CONCEPT_KEYS)}")
        concepts[name] = ConceptSpec(name, str(spec.get("red", "false")).lower() == "true", spec.get("about", ""),
                                     str(spec.get("negatable", "true")).lower() == "true")
    known = set(concepts) | set(BUILT_IN)
    signs: list[Sign] = []
    ids = set()
    for raw in data.get("signs") or []:
        if not isinstance(raw, dict) or set(raw) - SIGN_KEYS:
            raise LexiconError(f"{path.name}: sign {raw!r}: allowed keys {sorted(SIGN_KEYS)}")
        sid = raw.get("id")
        if not sid or sid in ids:
            raise LexiconError(f"{path.name}: sign id missing or repeated: {sid!r}")
        ids.add(sid)
        if raw.get("need") not in needs:
            raise LexiconError(f"{path.name}: sign {sid}: need {raw.get('need')!r} not in needs.yaml")
        within = raw.get("within", "sentence")
        if within not in WINDOWS:
            raise LexiconError(f"{path.name}: sign {sid}: within must be one of {WINDOWS}")
        groups = tuple(frozenset(g.split("|")) for g in _str_list(raw.get("all"), f"{sid}: all"))
        unless = frozenset(_str_list(raw.get("unless"), f"{sid}: unless"))
        if not groups:
            raise LexiconError(f"{path.name}: sign {sid}: no concepts")
        unknown = (set().union(*groups) | unless) - known
        if unknown:
            raise LexiconError(f"{path.name}: sign {sid}: unknown concepts {sorted(unknown)}")
        signs.append(Sign(sid, raw["need"], groups, within, unless, raw.get("about", "")))
    return concepts, signs


def load_concept_forms(directory: Path | None = None, concepts: dict[str, ConceptSpec] | None = None):
    """concepts/<lang>.yaml: per language, concept -> forms, guards and suffix rules."""
    directory = directory or TRIAGE_DATA / "concepts"
    forms: dict[str, dict[str, list[str]]] = {}
    guards: dict[str, list[str]] = {}
    suffixes: dict[str, tuple[str, ...]] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _read_yaml(path)
        if not isinstance(data, dict) or set(data) - CONCEPT_FILE_KEYS or data.get("language") != path.stem:
            raise LexiconError(f"{path.name}: expected language: {path.stem}, concepts, optional guards and suffixes")
        lang = path.stem
        raw = data.get("concepts") or {}
        if concepts is not None:
            unknown = set(raw) - set(concepts)
            if unknown:
                raise LexiconError(f"{path.name}: concepts not declared in signs.yaml: {sorted(unknown)}")
        forms[lang] = {c: _str_list(v, f"{path.name}: {c}") for c, v in raw.items()}
        guards[lang] = _str_list(data.get("guards"), f"{path.name}: guards")
        ends = _str_list(data.get("suffixes"), f"{path.name}: suffixes")
        if ends:
            suffixes[lang] = tuple(sorted({tokenise_words(e)[0] for e in ends if tokenise_words(e)}, key=len, reverse=True))
    return forms, guards, suffixes


def build_concept_index(concepts, signs, forms, guards, suffixes) -> ConceptIndex:
    """Compile forms into lookup tables keyed the way message words are reduced."""
    index = ConceptIndex(concepts, signs, forms, Morphology(suffixes, ROMANISED))
    entry_ids: dict[tuple[str, str, bool, bool], int] = {}
    endings: dict[str, set[int]] = {}
    truncated: dict[str, set[int]] = {}
    by_key: dict[str, dict[str, set[int]]] = {}
    exact: dict[str, set[int]] = {}
    prefixes: dict[str, set[int]] = {}
    typo: dict[str, set[int]] = {}
    script_langs: dict[str, set[str]] = {}

    def entry(word: str, lang: str) -> int:
        """The id of one form word, filed under its keys ("word*": a prefix; "*ending": an ending; "=word": exactly)."""
        prefix = word.endswith("*")
        ending = word.startswith("*")
        only = word.startswith("=")
        word = word.strip("*=")
        key = (lang, word, prefix, ending or only)
        if key in entry_ids:
            return entry_ids[key]
        eid = entry_ids[key] = len(index.entries)
        index.entries.append((lang, word))
        if ending:
            endings.setdefault(word, set()).add(eid)
            return eid
        script = script_of(word[0]) if word else None
        if script:
            script_langs.setdefault(script, set()).add(lang)
        if prefix or (script in INDIC and len(word) >= 4):  # Indic endings attach: ਮਰਨਾ finds ਮਰਨਾਂ
            prefixes.setdefault(word, set()).add(eid)
        if script in INDIC and not prefix:
            for k in (1, 2):
                if len(word) - k >= 4:
                    truncated.setdefault(word[:-k], set()).add(eid)
        if prefix:
            return eid
        exact.setdefault(word, set()).add(eid)
        if only:
            return eid
        for k in index.morphology.keys(word, lang):
            by_key.setdefault(lang, {}).setdefault(k, set()).add(eid)
        if script == LATIN and len(word) >= TYPO_MIN:
            for variant in deletes(word, 1):
                typo.setdefault(variant, set()).add(eid)
        return eid

    def compile_form(text: str, concept: str, lang: str) -> Form | None:
        """One form as word-entry ids (a trailing * on a word makes it a prefix)."""
        words = []
        for raw in text.split():
            star = raw.endswith("*")
            lead = raw[:1] if raw[:1] in "*=" else ""
            ws = tokenise_words(raw.strip("*="))
            for k, w in enumerate(ws):
                w = (lead if k == 0 else "") + w + ("*" if star and k == len(ws) - 1 else "")
                words.append(entry(w, lang))
        return Form(concept, lang, text, tuple(words)) if words else None

    for lang, per in forms.items():
        for concept, items in per.items():
            for text in items:
                form = compile_form(text, concept, lang)
                if form:
                    index.by_first.setdefault(form.words[0], []).append(form)
        for text in guards.get(lang, ()):
            form = compile_form(text, "GUARD", lang)
            if form:
                index.guards.setdefault(form.words[0], []).append(form)
    # Snowball and suffix languages also reduce Latin words of other languages' forms' script.
    index.by_key = {lang: {k: tuple(v) for k, v in table.items()} for lang, table in by_key.items()}
    index.exact = {k: tuple(v) for k, v in exact.items()}
    index.prefixes = {k: tuple(v) for k, v in prefixes.items()}
    index.endings = {k: tuple(v) for k, v in endings.items()}
    index.truncated = {k: tuple(v) for k, v in truncated.items()}
    index.typo = {k: tuple(v) for k, v in typo.items()}
    index.script_langs = {s: tuple(sorted(v)) for s, v in script_langs.items()}
    by_concept: dict[str, list[int]] = {}
    for k, sign in enumerate(signs):
        for concept in sign.groups[0]:
            by_concept.setdefault(concept, []).append(k)
    index.signs_by_concept = {c: tuple(v) for c, v in by_concept.items()}
    for s in list(index.script_langs):
        if s in INDIC:  # Indic words are matched by prefix; Tamil also by its Snowball stem
            index.script_langs[s] = tuple(lang for lang in index.script_langs[s] if lang in SNOWBALL or lang in suffixes)
    return index


def coverage(index: ConceptIndex, langs: list[str]) -> dict[str, dict[str, tuple[int, int]]]:
    """concept -> lang -> (forms in a native script, forms in Latin letters)."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for concept in index.concepts:
        row = {}
        for lang in langs:
            items = index.forms.get(lang, {}).get(concept, [])
            latin = sum(1 for t in items if next((script_of(ch) for ch in t if ch.isalpha()), None) == LATIN)
            row[lang] = (len(items) - latin, latin)
        out[concept] = row
    return out


_lock = threading.Lock()
_cached: ConceptIndex | None = None


def get_concept_index() -> ConceptIndex:
    """The concept index compiled from the files on disk (once per process)."""
    global _cached
    if _cached is None:
        with _lock:
            if _cached is None:
                concepts, signs = load_signs()
                forms, guards, suffixes = load_concept_forms(concepts=concepts)
                _cached = build_concept_index(concepts, signs, forms, guards, suffixes)
    return _cached


def reload_concept_index() -> ConceptIndex:
    """Re-read the files (for editors and tests)."""
    global _cached
    with _lock:
        _cached = None
    return get_concept_index()
