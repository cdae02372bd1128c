"""What the directory covers: borough × need-group counts of reachable offers, and where hours come from.

`navigator directory coverage` prints these tables. A need-group cell counts active voluntary-route
services (charities, helplines, Talking Therapies; not GPs) that meet any of the group's needs, serve the borough (local, listed for it, or London-wide/national:
those are counted in every borough) and have a way to contact them (phone, email or website).
A health-route cell counts active services of the route in or serving the borough that can be
reached: a contact route or a street address to walk into.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from .hours import hours_confirmed
from .models import NWL_BOROUGHS, Service
from .queries import serves_borough
from .snapshot import all_services

NEED_GROUPS = {
    "food": ("food",),
    "debt/money": ("debt", "money"),
    "housing": ("housing",),
    "carers": ("carers",),
    "wellbeing": ("mental_wellbeing",),
}
HEALTH_ROUTES = ("gp", "pharmacy", "dental", "utc", "emergency", "crisis")
CONTACT_KINDS = frozenset({"phone", "email", "website"})
SHORT_BOROUGH = {"Hammersmith and Fulham": "H&F", "Kensington and Chelsea": "K&C"}


def has_contact(service: Service) -> bool:
    """A phone number, email address or website to reach the service by."""
    return any(c.kind in CONTACT_KINDS and c.value for c in service.contacts)


def reachable(service: Service) -> bool:
    return has_contact(service) or bool(service.location and service.location.address)


def hours_provenance(service: Service) -> str:
    """sourced | unconfirmed (a source, but it does not confirm them: shown as unknown) | default | editor | unknown."""
    if service.hours_source == "source":
        if not hours_confirmed(service):
            return "unconfirmed"
        return "sourced" if service.always_open or service.regular_schedules else "unknown"
    return service.hours_source


@dataclass
class Coverage:
    cells: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (borough, column) → (all, local)
    hours: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # category → provenance counts
    dates: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # category → source date counts

    @property
    def columns(self) -> list[str]:
        return list(NEED_GROUPS) + list(HEALTH_ROUTES)

    def gaps(self, minimum: int = 2) -> list[tuple[str, str, int]]:
        """Need-group cells with fewer than `minimum` contactable offers."""
        return [(b, g, self.cells[b, g][0]) for b in NWL_BOROUGHS for g in NEED_GROUPS if self.cells[b, g][0] < minimum]


def _local(service: Service, borough: str) -> bool:
    return borough in service.boroughs_served or (service.location is not None and service.location.borough == borough)


def directory_coverage(db: Session) -> Coverage:
    """Count the live directory (active services only)."""
    services = [s for s in all_services(db) if s.status == "active"]
    result = Coverage()
    for borough in NWL_BOROUGHS:
        serving = [s for s in services if serves_borough(s, borough)]
        for group, needs in NEED_GROUPS.items():
            hits = [s for s in serving if s.route == "voluntary" and set(needs) & set(s.need_ids) and has_contact(s)]
            result.cells[borough, group] = (len(hits), sum(1 for s in hits if _local(s, borough)))
        for route in HEALTH_ROUTES:
            hits = [s for s in serving if s.route == route and reachable(s)]
            result.cells[borough, route] = (len(hits), sum(1 for s in hits if _local(s, borough)))
    for service in services:
        result.hours[service.category][hours_provenance(service)] += 1
        if service.hours_source_date and service.hours_source == "source":
            result.dates[service.category][service.hours_source_date] += 1
    return result


def format_coverage(cov: Coverage) -> str:
    """Plain-text tables (Markdown pipes, so the README can show them as they print)."""
    cols = cov.columns
    lines = [
        "Active offers per borough with a way to contact them (phone, email or website; health routes: or an address).",
        "Cells: all (local). London-wide and national offers count in every borough; local = in or listed for the borough.",
        "",
        "| borough | " + " | ".join(cols) + " |",
        "|---|" + "---:|" * len(cols),
    ]
    for borough in NWL_BOROUGHS:
        cells = [f"{cov.cells[borough, c][0]} ({cov.cells[borough, c][1]})" for c in cols]
        lines.append(f"| {SHORT_BOROUGH.get(borough, borough)} | " + " | ".join(cells) + " |")
    gaps = cov.gaps()
    lines += ["", "Need-group cells under 2 offers: " + (", ".join(f"{b} {g} ({n})" for b, g, n in gaps) if gaps else "none")]
    kinds = ("sourced", "unconfirmed", "default", "editor", "unknown")
    lines += [
        "",
        "Hours provenance by category (active services). sourced = hours from a named source; unconfirmed = the",
        "source does not confirm them (treated as unknown); default = documented typical hours, not confirmed.",
        "",
        "| category | services | " + " | ".join(kinds) + " | source dates |",
        "|---|---:|" + "---:|" * len(kinds) + "---|",
    ]
    for category in sorted(cov.hours):
        counts = cov.hours[category]
        dates = ", ".join(f"{d} ×{n}" for d, n in sorted(cov.dates[category].items())) or "-"
        lines.append(f"| {category} | {sum(counts.values())} | " + " | ".join(str(counts[k]) for k in kinds) + f" | {dates} |")
    total = Counter()
    for counts in cov.hours.values():
        total.update(counts)
    lines.append(f"| **all** | {sum(total.values())} | " + " | ".join(str(total[k]) for k in kinds) + " | |")
    return "\n".join(lines)
