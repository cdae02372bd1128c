"""The ordered routing rules: needs to a route, then the modifier and age rules, safest route wins."""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Need

# Contract safety order: emergency > crisis > utc = nhs111 > dental > pharmacy = gp > voluntary.
ROUTE_RANK = {"emergency": 0, "crisis": 1, "utc": 2, "nhs111": 2, "dental": 3, "pharmacy": 4, "gp": 4,
              "voluntary": 5, "unknown": 6}
URGENCY_RANK = {"immediate": 0, "today": 1, "soon": 2, "routine": 3, "info": 4}
# Between routes of equal rank and urgency, the more specific service first.
TIE_BREAK = {"utc": 0, "nhs111": 1, "pharmacy": 0, "gp": 1}

# Pharmacy First clinical pathways: (youngest, oldest) eligible age; outside the range -> GP.
PHARMACY_FIRST_AGES = {
    "sore_throat": (5, None),
    "sinusitis": (12, None),
    "earache": (1, 17),
    "infected_insect_bite": (1, None),
    "impetigo": (1, None),
    "shingles": (18, None),
    "uti": (16, 64),
}
NOT_IN_PREGNANCY = {"uti", "shingles"}
# Pharmacy needs that are a clinical condition (a baby with one goes to 111; one that lasts goes to a GP).
CLINICAL_PHARMACY = set(PHARMACY_FIRST_AGES) | {"minor_illness"}
# Combinations that make a need an emergency (NICE head-injury advice; suicidal thoughts acted on).
ESCALATIONS = [
    ({"minor_head_injury"}, {"vomiting_diarrhoea", "minor_illness", "unwell_unsure", "unconscious", "seizure"},
     "serious_injury"),
]
CONTEXT_ONLY = {"out_of_hours"}
ACTED_ON = {"suicidal_thoughts": "suicide_attempt", "self_harm": "suicide_attempt"}


@dataclass(frozen=True)
class Finding:
    """A need found in the message and where it routes after the rules."""

    need: str
    route: str
    urgency: str
    rule: str
    position: int
    term: str


@dataclass(frozen=True)
class Outcome:
    """The winning route and everything found."""

    route: str
    urgency: str
    findings: list[Finding]
    extra: list[tuple[str, str, str]]  # (term, rule, need) added by modifier and age rules


def _finding(need: Need, position: int, term: str, route: str | None = None, rule: str | None = None) -> Finding:
    """A Finding for a need, optionally rerouted by a rule."""
    urgency = need.urgency
    if route and route != need.route:
        urgency = {"gp": "routine", "nhs111": "today", "emergency": "immediate", "pharmacy": "soon"}.get(route, urgency)
    return Finding(need.id, route or need.route, urgency, rule or need.rule, position, term)


def decide(
    found: list[tuple[str, int, str]],
    negated_only: bool,
    modifiers: dict[str, str],
    age: int | None,
    duration: str | None,
    needs: dict[str, Need],
    pills: str | None = None,
) -> Outcome:
    """Apply the rules to the needs found (need id, position, term) and pick the safest route."""
    extra: list[tuple[str, str, str]] = []
    ids = {need_id for need_id, _, _ in found}
    findings: list[Finding] = []
    child = "child" in modifiers or "baby" in modifiers or (age is not None and age < 18)
    if age is None and "baby" in modifiers:
        age = 0
    age_term = f"age {age}" if age is not None else modifiers.get("baby") or modifiers.get("child", "")

    # Suicidal thoughts or self-harm already acted on -> 999.
    if "already_done" in modifiers:
        for need_id in ids & set(ACTED_ON):
            target = ACTED_ON[need_id]
            extra.append((modifiers["already_done"], needs[target].rule, target))
            findings.append(_finding(needs[target], -1, modifiers["already_done"]))
    # Many tablets taken at once is an overdose, whatever the reason given.
    if pills:
        extra.append((pills, needs["overdose"].rule, "overdose"))
        findings.append(_finding(needs["overdose"], -1, pills))
    for required, trigger, target in ESCALATIONS:
        if required <= ids and ids & trigger:
            extra.append((" + ".join(sorted(required | (ids & trigger))), needs[target].rule, target))
            findings.append(_finding(needs[target], -1, target))

    for need_id, position, term in found:
        need = needs[need_id]
        route, rule = need.route, None
        if need_id == "child_fever" and not child:
            route, rule = "pharmacy", "PH-MINOR"  # a fever in an adult is a minor illness
        if need_id in PHARMACY_FIRST_AGES and route == "pharmacy":
            low, high = PHARMACY_FIRST_AGES[need_id]
            if need_id == "earache" and age is None:
                if not child:
                    route, rule = "gp", "PF-EAR-ADULT"
            elif (age is not None and (age < low or (high is not None and age > high))) or (
                need_id in ("shingles", "uti") and age is None and child
            ):
                route, rule = "gp", "PF-AGE"
            if need_id in NOT_IN_PREGNANCY and "pregnant" in modifiers:
                route, rule = "gp", "PF-PREGNANT"
            if need_id == "uti" and "male" in modifiers:
                route, rule = "gp", "PF-MALE"  # Pharmacy First treats UTIs in women only
        if need_id in CLINICAL_PHARMACY and age is not None and age < 1:
            route, rule = "nhs111", "111-BABY"
        elif need_id in CLINICAL_PHARMACY and route in ("pharmacy", "gp") and duration:
            route, rule = "gp", "GP-PERSIST"
        if rule:
            extra.append((duration if rule == "GP-PERSIST" else age_term or term, rule, need_id))
        findings.append(_finding(need, position, term, route, rule))

    # "Tonight" or "the weekend" only matters for a health need, not for a housing or money question.
    if any(f.need in CONTEXT_ONLY for f in findings):
        others = [f for f in findings if f.need not in CONTEXT_ONLY]
        if others and all(f.route == "voluntary" for f in others):
            findings = others
    specific = [f for f in findings if not needs[f.need].fallback]
    if specific:
        findings = specific
    elif not findings and negated_only:
        fallback = next((n for n in needs.values() if n.fallback), None)
        if fallback:
            findings = [_finding(fallback, 0, "")]
    if not findings and "pregnant" in modifiers and "antenatal_care" in needs:
        findings = [_finding(needs["antenatal_care"], 0, modifiers["pregnant"])]
        extra.append((modifiers["pregnant"], needs["antenatal_care"].rule, "antenatal_care"))
    if not findings:
        return Outcome("unknown", "info", [], extra)
    findings.sort(key=lambda f: (ROUTE_RANK[f.route], URGENCY_RANK[f.urgency], TIE_BREAK.get(f.route, 0), f.position))
    best = findings[0]
    return Outcome(best.route, best.urgency, findings, extra)
