"""Phrase matching: words in order with small gaps, typo tolerance, affixes, negation scope."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Indel

from .lexicon import Index, Phrase, arabic_stems, arabizi_stems, deletes, fold_roman, max_edits
from .normalise import ARABIC, DIGITS, ELONGATED, INDIC, LATIN, Token, normalise

MAX_GAP = 2  # content words allowed between two consecutive words of a phrase
MAX_PHRASE_SPAN = 60  # a phrase's first and last word are never further apart than this
MAX_SPAN = 5  # words of any kind (the language's markers, "ayaa", "the", count only here)
ROMANISED = frozenset({"ar", "ur", "pa", "ta", "bn", "gu", "fa"})  # languages typed in free romanisation
SHORT_WORD = 6  # a typo in a shorter word is read with more care (one edit is a large share of it)
NEGATION_REACH = 2  # words allowed between a negation and the phrase it negates
RED_FLAG_NEGATION_REACH = 1  # stricter for 999 and crisis needs: "no chest pain", "nie mam bolu w klatce"
# Languages whose negation comes before the symptom ("no chest pain", "ما عندي ألم"). In the others
# it follows the noun ("dard nahi", "ব্যথা নেই"), so a negation just before a 999 or crisis phrase
# belongs to the previous clause ("bukhar nahi seene mein dard") and is ignored.
NEGATION_BEFORE = frozenset({"en", "pl", "ro", "pt", "es", "ar"})
# "but" in the 13 languages ends a negation's reach: "no fever but a sore throat".
CONTRAST = frozenset(normalise(w) for w in [
    "but", "though", "although", "however", "except", "ale", "lecz", "tylko", "dar", "insa", "însă", "mas",
    "porem", "porém", "pero", "sino", "aunque", "laakiin", "balse", "hase", "لكن", "لاكن", "بس", "بيد", "اما",
    "ولی", "ولیکن", "لیکن", "مگر", "پر", "lekin", "magar", "lakin", "laken", "par", "pr", "pan", "ama", "vali",
    "પણ", "પરંતુ", "પરન્તુ", "ஆனா", "ஆனால்", "ஆனாலும்", "কিন্তু", "তবে", "kintu", "tobe", "ਪਰ", "ਪਰੰਤੂ", "ਲੇਕਿਨ",
])
EXACT, AFFIX, FOLD, TYPO, TYPO_OF_FOREIGN, TYPO_OF_OWN = 0, 1, 2, 3, 4, 5
# A word another lexicon knows, read as a typo ("mana" for "mania"), only counts toward 999 and
# crisis phrases; a word the message's own language knows counts only inside a longer 999 or
# crisis phrase whose other words match exactly.


@dataclass(frozen=True)
class Hit:
    """A phrase found in a message."""

    phrase: Phrase
    start: int
    end: int
    typo: bool
    negated: bool


class Matcher:
    """Finds lexicon phrases in tokenised messages."""

    def __init__(self, index: Index):
        """Wrap a compiled index, with a cache of per-word candidates."""
        self.index = index
        self._cache: dict[tuple[str, str, str], dict[str, int]] = {}

    def candidates(self, text: str, script: str, lang: str = "en") -> dict[str, int]:
        """Lexicon words this message word may stand for, with how it matched."""
        key = (text, script, lang)
        found = self._cache.get(key)
        if found is None:
            found = self._candidates(text, script, lang)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _candidates(self, text: str, script: str, lang: str) -> dict[str, int]:
        """Uncached candidates: exact, then affix-stripped, then within the typo allowance.

        Typos are only forgiven toward words of the message's language and English: across
        13 lexicons almost any short word is one letter away from some other language's word.
        """
        vocab = self.index.vocab
        out: dict[str, int] = {}
        if text in vocab:
            out[text] = EXACT
        known = self.index.word_langs.get(text)
        typo = TYPO if not known else TYPO_OF_OWN if lang in known else TYPO_OF_FOREIGN
        if script == DIGITS:
            return out
        if ELONGATED.search(text):  # "paaain", "sooo": also read the word with the letter once
            for word, how in self._candidates(ELONGATED.sub(r"\1", text), script, lang).items():
                out.setdefault(word, max(how, AFFIX))
        n = len(text)
        if script == LATIN:
            for k in range(1, 5):
                stem = text[:-k]
                if len(stem) >= 5 and (k <= 3 or len(stem) >= 6) and stem in vocab:
                    out.setdefault(stem, AFFIX)
            if n >= 4 and lang in ROMANISED:
                for word in self.index.folded.get(fold_roman(text), ()):
                    # Only toward the message's own words: Urdu "toot" (broke) is not English "tooth".
                    langs = self.index.vocab_langs.get(word, ())
                    if word not in out and (lang in langs or ("en" in langs and self._red_word(word))):
                        out[word] = FOLD
            if n >= 4 and lang == "ar":  # Arabizi: "sadro" (his chest) for "sadr"
                for stem in arabizi_stems(text):
                    for word in self.index.arabizi_stems.get(stem, ()):
                        out.setdefault(word, FOLD)
        elif script == ARABIC:
            marker = text in self.index.markers.get(lang, ())
            for stem in arabic_stems(text):
                for word in self.index.arabic_stems.get(stem, ()):
                    # An everyday word of the message's language ("رہا", was) does not stand for a
                    # longer lexicon word that stems alike ("رہائش", housing), unless a red flag's.
                    if not (marker and len(word) > n and not self._red_word(word)):
                        out.setdefault(word, AFFIX)
        elif script in INDIC:
            for k in range(3, n):
                if text[:k] in vocab:
                    out.setdefault(text[:k], AFFIX)
            if n >= 4:
                marker = text in self.index.markers.get(lang, ())
                for word in self.index.indic_prefixes.get(text, ()):
                    if len(word) - n <= 4 and not (marker and not self._red_word(word)):
                        out.setdefault(word, AFFIX)
            for k in range(3, n + 1):
                for word in self.index.indic_stems.get(text[:k], ()):
                    out.setdefault(word, AFFIX)
        if n >= 4:  # 4: a deletion in a 5-letter word
            depth = 2 if n >= 6 else 1
            for variant in deletes(text, depth):
                for word in self.index.deletes.get(variant, ()):
                    if word in out:
                        continue
                    if not self._in_scope(word, lang) or (max(n, len(word)) < 6 and not self._red_word(word)):
                        continue
                    allowed = min(max_edits(word), 2 if n >= 8 else 1)
                    distance = OSA.distance(text, word, score_cutoff=allowed)
                    # Two edits may not both be substitutions: "starting" is not "spurting".
                    if distance <= 1 or (distance == allowed == 2 and _at_most_one_substitution(text, word)):
                        out[word] = typo
        return out

    def _red_word(self, word: str) -> bool:
        """Whether a lexicon word belongs to some 999 or crisis phrase."""
        return word in self.index.red_words

    def _in_scope(self, word: str, lang: str) -> bool:
        """Whether a lexicon word belongs to the message's language or English."""
        langs = self.index.vocab_langs.get(word, ())
        return lang in langs or "en" in langs

    def find(self, tokens: list[Token], lang: str) -> list[Hit]:
        """Every phrase (need, modifier) present in the tokens, with its negation status."""
        cands = [self.candidates(t.text, t.script, lang) for t in tokens]
        neg_end = self._negation_ends(tokens, lang)
        markers = self.index.markers.get(lang, frozenset())
        phrases = self.index.phrases
        needs = self.index.needs
        n = len(tokens)
        hits: list[Hit] = []
        seen: set[int] = set()  # phrases already found without negation
        negated_once: set[int] = set()
        present = {w for c in cands for w in c}
        possible: dict[int, bool] = {}  # phrase id -> are all its words somewhere in the message
        for i, first in enumerate(cands):
            for word, how in first.items():
                for pid in self.index.by_first.get(word, ()):
                    if pid in seen:
                        continue
                    phrase = phrases[pid]
                    ok = possible.get(pid)
                    if ok is None:
                        ok = possible[pid] = all(w in present for w in phrase.words)
                    if not ok:
                        continue
                    red = phrase.red
                    own = lang in phrase.langs or "en" in phrase.langs
                    if not red and (how >= TYPO_OF_FOREIGN or (not own and (how >= FOLD or lang in phrase.known_in))):
                        continue  # another language's phrase made of this language's own words, or misspelt
                    if len(phrase.words) == 1 and lang not in phrase.langs and (
                        how == TYPO_OF_OWN or (red and lang in self.index.tame_in.get(word, ()))
                        or (how >= FOLD and len(word) < SHORT_WORD and (how == TYPO_OF_FOREIGN or tokens[i].script == LATIN))
                    ):
                        # "mana" (Somali: and not) is not "mania"; Polish "angina" is a sore throat. Arabic-script
                        # siblings share words, so an unknown word there may still be a typo ("حادهث").
                        continue
                    if not red and lang not in phrase.langs and all(w in markers for w in phrase.words):
                        continue  # English "ache" is Bengali "ache" (is, has): left to the language's own phrases
                    typo = how >= FOLD
                    own_typos = how == TYPO_OF_OWN
                    # A word of the message's own language read as a typo of a short red-flag word
                    # ("بگیرم", I get, for "بمیرم", I die) only counts when the phrase's words are adjacent.
                    short_own = how == TYPO_OF_OWN and len(tokens[i].text) < SHORT_WORD
                    inexact = how != EXACT
                    pos = i
                    base = tokens[i].clause
                    for k in range(1, len(phrase.words)):
                        w = phrase.words[k]
                        nxt = None
                        clause = base + phrase.clauses[k]
                        gap = 0
                        for j in range(pos + 1, min(n, pos + 2 + MAX_SPAN)):
                            if tokens[j].clause > clause:
                                break
                            if tokens[j].clause != clause:
                                continue
                            if gap > MAX_GAP:
                                break
                            got = cands[j].get(w)
                            if got is not None and (red or got < (FOLD if not own else TYPO_OF_FOREIGN)):
                                nxt = j
                                typo = typo or got >= FOLD
                                own_typos += got == TYPO_OF_OWN
                                short_own = short_own or (got == TYPO_OF_OWN and len(tokens[j].text) < SHORT_WORD)
                                inexact += got != EXACT
                                break
                            if tokens[j].text not in markers:
                                gap += 1
                        if nxt is None:
                            break
                        pos = nxt
                    else:
                        if own_typos and inexact > 1 and lang not in phrase.langs:
                            continue
                        if short_own and pos - i != len(phrase.words) - 1:
                            continue
                        if red:
                            reach = RED_FLAG_NEGATION_REACH if lang in NEGATION_BEFORE else -1
                        else:
                            reach = NEGATION_REACH
                        negated = reach >= 0 and self._negated(tokens, neg_end, i, reach)
                        if not negated and not red:
                            negated = _negated_after(tokens, pos, lang)
                        if not negated:
                            seen.add(pid)
                        elif pid in negated_once:
                            continue
                        else:
                            negated_once.add(pid)
                        hits.append(Hit(phrase, i, pos, typo, negated))
        return _drop_contained(hits, needs)

    def _negation_ends(self, tokens: list[Token], lang: str) -> list[bool]:
        """For each token, whether a negation of `lang` ends there."""
        negs = self.index.negations.get(lang, set())
        out = [False] * len(tokens)
        if not negs:
            return out
        texts = [t.text for t in tokens]
        for neg in negs:
            k = len(neg)
            for p in range(k - 1, len(tokens)):
                if tuple(texts[p - k + 1: p + 1]) == neg:
                    out[p] = True
        return out

    @staticmethod
    def _negated(tokens: list[Token], neg_end: list[bool], start: int, reach: int) -> bool:
        """Whether a negation ends within `reach` words before `start`, in the same clause."""
        clause = tokens[start].clause
        for p in range(start - 1, max(-1, start - 2 - reach), -1):
            if tokens[p].clause != clause or tokens[p].text in CONTRAST:
                return False
            if neg_end[p]:
                return True
        return False


# Negations that follow the noun and close the clause ("bukhar nahi,", "জ্বর নেই", "qandho ma leh"): only these
# exact words, only right after the phrase and only at the end of its clause, and never for a 999 or crisis
# phrase (a red flag is never lowered by a negation the engine might misread; "dard nahi ja raha" is not "no pain").
POST_NEGATIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "ur": (("نہیں",), ("نہی",), ("nahi",), ("nahin",), ("nai",), ("نہیں", "ہے"), ("nahi", "hai"), ("nahin", "hai")),
    "pa": (("ਨਹੀਂ",), ("ਨਹੀ",), ("nahi",), ("nahin",), ("ਨਹੀਂ", "ਹੈ"), ("nahi", "hai"), ("nahi", "ae")),
    "bn": (("নেই",), ("নাই",), ("nei",), ("nai",)),
    "gu": (("નથી",), ("nathi",)),
    "ta": (("இல்ல",), ("இல்லை",), ("illa",), ("illai",), ("illa", "sir")),
    "so": (("ma", "leh"), ("ma", "qabo"), ("ma", "qabto"), ("ma", "jiro"), ("ma", "laha"), ("ma", "lihi"), ("maya",)),
    "fa": (("نداره",), ("ندارم",), ("نداشت",), ("نیست",), ("nadare",), ("nadaram",), ("nist",)),
}


def _negated_after(tokens: list[Token], end: int, lang: str) -> bool:
    """Whether the phrase ending at `end` is followed by a negation that closes its clause."""
    tails = POST_NEGATIONS.get(lang)
    if not tails:
        return False
    clause = tokens[end].clause
    for tail in tails:
        stop = end + 1 + len(tail)
        if stop > len(tokens) or any(tokens[end + 1 + k].clause != clause for k in range(len(tail))):
            continue
        if tuple(tokens[end + 1 + k].text for k in range(len(tail))) == tail and (
                stop == len(tokens) or tokens[stop].clause != clause):
            return True
    return False


def _at_most_one_substitution(typed: str, word: str) -> bool:
    """Whether two edits are not two substitutions: "starting" is not a typo of "spurting".

    Two insertions or deletions, one of each plus a substitution, or two swapped pairs
    ("unconcsiuos") pass.
    """
    return Indel.distance(typed, word, score_cutoff=3) <= 3 or sorted(typed) == sorted(word)


def _drop_contained(hits: list[Hit], needs) -> list[Hit]:
    """Drop a hit inside a longer one: same need, or another need unless it is a red flag.

    "flu jab" is a vaccination, not flu; "broke my tooth" is dental, not a fracture.
    A 999 or crisis phrase is never dropped this way.
    """
    unique: dict[tuple, Hit] = {}
    for h in sorted(hits, key=lambda h: (h.typo, -len(h.phrase.words))):
        p = h.phrase
        unique.setdefault((p.kind, p.value, h.start, h.end, h.negated), h)  # the closest spelling only
    hits = sorted(unique.values(), key=lambda h: h.start)
    starts = [h.start for h in hits]
    keep = []
    for h in hits:
        p = h.phrase
        red = p.kind == "need" and needs[p.value].route in ("emergency", "crisis")
        inside = any(
            o is not h and o.phrase.kind == p.kind
            and h.end <= o.end and len(o.phrase.words) > len(p.words)
            and (o.start, o.end) != (h.start, h.end)
            and (
                (o.phrase.value == p.value and o.negated == h.negated)
                or (p.kind == "need" and o.phrase.value != p.value and not red and not o.negated)
            )
            for o in hits[bisect.bisect_left(starts, h.start - MAX_PHRASE_SPAN):bisect.bisect_right(starts, h.start)]
        )
        if not inside:
            keep.append(h)
    return keep
