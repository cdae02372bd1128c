"""Multilingual rule-based triage: a resident's message in, a transparent routing decision out."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from . import language as _language
from .concepts import GUARD, get_concept_index
from .language import Language
from .lexicon import get_index
from .matcher import Matcher
from .normalise import normalise, tokenise
from .numbers import read_numbers
from .rules import ROUTE_RANK, decide

__all__ = ["Decision", "Language", "Match", "language_named", "supported_languages", "triage"]

log = logging.getLogger(__name__)
MAX_CHARS = 4000  # the API rejects over 1,600; longer text is cut, not refused


@dataclass(frozen=True)
class Match:
    """A phrase that fired, the rule it belongs to and the need it signals."""

    term: str
    rule: str
    need: str


@dataclass(frozen=True)
class Decision:
    """Where a message routes, and why."""

    route: str
    urgency: str
    language: str
    needs: list[str]
    matched: list[Match]
    advice: str
    modifiers: set[str] = field(default_factory=set)
    age: int | None = None

    def to_dict(self) -> dict:
        """The API contract's JSON shape."""
        return {
            "route": self.route,
            "urgency": self.urgency,
            "language": self.language,
            "needs": list(self.needs),
            "matched": [{"term": m.term, "rule": m.rule} for m in self.matched],
            "advice": self.advice,
        }


_matcher: Matcher | None = None


def _get_matcher() -> Matcher:
    """The process-wide matcher over the loaded lexicons."""
    global _matcher
    index = get_index()
    if _matcher is None or _matcher.index is not index:
        _matcher = Matcher(index)
    return _matcher


def supported_languages() -> list[Language]:
    """The 13 languages triage answers in."""
    return _language.supported(get_index())


def language_named(text: str) -> str | None:
    """The language code a whole message names ("polski", "Arabic", "soomaali"), else None."""
    if not isinstance(text, str):
        return None
    return _language.named(text[:200], get_index())


def triage(text: str, lang: str | None = None) -> Decision:
    """Route one message; `lang` is an optional BCP 47 hint. Never raises on a str."""
    try:
        return _triage(text if isinstance(text, str) else "", lang)
    except Exception:  # a resident must always get an answer; the error is logged for staff
        log.exception("triage failed")
        code = _language.hint(lang) if isinstance(lang, str) else None
        return Decision("nhs111", "today", code or "en", [], [Match("", "ENGINE-ERROR", "")],
                        "Call NHS 111 for advice, or 999 in an emergency.")


def _triage(text: str, lang: str | None) -> Decision:
    """The decision itself."""
    matcher = _get_matcher()
    index = matcher.index
    text = text[:MAX_CHARS]
    tokens = tokenise(normalise(text))
    code = _language.hint(lang)
    if code:
        hits = matcher.find(tokens, code)
    else:
        code = _language.detect(text, tokens, index)
        hits = matcher.find(tokens, code)
        found_phrases = [h.phrase for h in hits if not h.negated and len(h.phrase.words) > 1]
        if found_phrases:
            second = _language.detect(text, tokens, index, found_phrases)
            if second != code:  # the phrases found tell the language better than single words
                code = second
                hits = matcher.find(tokens, code)
    found: list[tuple[str, int, str]] = []
    matched: list[Match] = []
    modifiers: dict[str, str] = {}
    child_ends: set[int] = set()
    negated_only = False
    for hit in hits:
        phrase = hit.phrase
        if phrase.kind == "modifier":
            if not hit.negated:
                modifiers.setdefault(phrase.value, phrase.text)
                if phrase.value in ("child", "baby"):
                    child_ends.add(hit.end)
            continue
        if hit.negated:
            negated_only = True
            continue
        found.append((phrase.value, hit.start, phrase.text))
        matched.append(Match(phrase.text, index.needs[phrase.value].rule, phrase.value))
    # A red flag negated in one place but stated elsewhere stays (it is in `found` from the positive hit).
    signs, concept_hits = get_concept_index().find(tokens, code, index.negations.get(code, set()))
    found, history = _past_events(found, tokens, concept_hits, index.needs)
    found, matched = _unguarded(found, matched, concept_hits, index.needs)
    numbers = read_numbers(tokens, child_ends, bool({"child", "baby"} & set(modifiers)), "pregnant" in modifiers)
    if numbers.duration:
        modifiers.setdefault("persistent", numbers.duration)
    outcome = decide(found, negated_only, modifiers, numbers.age, modifiers.get("persistent"), index.needs,
                     numbers.pills)
    # Sign concepts only add safety: their needs are kept when the route they give is not lower.
    if signs:
        with_signs = found + [(s.sign.need, s.position, s.term) for s in signs]
        raised = decide(with_signs, negated_only, modifiers, numbers.age, modifiers.get("persistent"), index.needs,
                        numbers.pills)
        if ROUTE_RANK[raised.route] <= ROUTE_RANK[outcome.route]:
            outcome = raised
            matched += [Match(s.term, s.sign.id, s.sign.need) for s in signs]
    need_ids = list(dict.fromkeys(f.need for f in outcome.findings))
    order = {need: i for i, need in enumerate(need_ids)}
    # Only the phrases behind the needs that count ("pain" next to "toothache" does not).
    matched = [m for m in matched if m.need in order]
    matched += [Match(term, rule, need) for term, rule, need in dict.fromkeys(outcome.extra)]
    matched += history
    matched.sort(key=lambda m: order.get(m.need, len(order)))
    lexicon = index.lexicons.get(code) or index.lexicons.get("en")
    advice = lexicon.advice[outcome.route] if lexicon else ""
    age = numbers.age if numbers.age is not None else (0 if "baby" in modifiers else None)
    return Decision(outcome.route, outcome.urgency, code, need_ids, matched, advice, set(modifiers), age)


# Events that are over once they happened: told with "years ago" beside a routine question, they are history.
PAST_EVENT_NEEDS = frozenset({"stroke_signs", "chest_pain", "seizure"})
ROUTINE_ROUTES = frozenset({"gp", "pharmacy", "dental", "voluntary"})


def _past_events(found, tokens, concept_hits, needs):
    """Drop a stroke, heart attack or fit told as past history ("had a stroke 5 years ago, my annual review is due").

    Only when the history word ("years ago", "last year") is in the same clause as the 999 phrase, the message
    also asks something routine (a GP, pharmacy, dental or voluntary need), and that clause does not say "now" or
    "suddenly". Any other 999 phrase, and every sign rule, still counts: this only ever lowers an old event.
    """
    past = {tokens[h.start].clause: h for h in concept_hits if h.concept == "HISTORY" and h.start < len(tokens)}
    spans = [range(h.start, h.end + 1) for h in concept_hits if h.concept == "HISTORY"]
    for h in concept_hits:  # "a stroke years ago and now again": not history (Romanian "acum 3 ani" is "ago")
        if h.concept in ("NOW", "SUDDEN") and h.start < len(tokens) and not any(h.start in s for s in spans):
            past.pop(tokens[h.start].clause, None)
    if not past:
        return found, []
    if not any(needs[need].route in ROUTINE_ROUTES for need, _, _ in found):
        return found, []
    kept, history = [], []
    for need, start, term in found:
        hit = past.get(tokens[start].clause) if start < len(tokens) else None
        if need in PAST_EVENT_NEEDS and hit is not None:
            history.append(Match(f"{term} + HISTORY({hit.text})", "GP-HISTORY", need))
            continue
        kept.append((need, start, term))
    return kept, history


def _unguarded(found, matched, concept_hits, needs):
    """Drop a phrase lying inside an everyday guard phrase of the concept files ("ma omoară chiria", the rent is
    killing me; "drowning in bills"; "nu răspunde la telefon"); only 999 and crisis phrases are dropped. Guards are written as whole idioms, so a sign
    stated beside them ("nu răspunde la telefon și nu respiră") still counts."""
    spans = [(h.start, h.end) for h in concept_hits if h.concept == GUARD]
    if not spans:
        return found, matched
    kept = [f for f in found if needs[f[0]].route not in ("emergency", "crisis") or not _inside(f[1], f[2], spans)]
    if len(kept) == len(found):
        return found, matched
    left = {term for _, _, term in kept}
    dropped = {term for _, _, term in found} - left
    return kept, [m for m in matched if m.term not in dropped]


def _inside(start, term, spans):
    """Whether a phrase starting at `start` with as many words as `term` lies inside one guard span."""
    end = start + len(term.split()) - 1
    return any(s <= start and end <= e for s, e in spans)
