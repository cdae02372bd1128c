"""Read the extra open data in `directory_data/found/` into loader records.

Each reader copies only what its file states: NHSBSA pharmacy hours (by ODS code), ODS dental
practices, NHS Talking Therapies per borough, Give Food food banks (merged with the curated food
banks), and a few hand-structured Citizens Advice and carers records. `found/sources.yaml` names
each file's source, date and licence, which go into the services' provenance fields.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Optional

import yaml

from .models import NWL_BOROUGHS
from .sources import Bundle, DataError, Places, display_name, display_phone, locate, location_record

FOUND = "found"
_DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^\d\d:\d\d-\d\d:\d\d$")


def found_sources(data_dir: Path) -> dict:
    """`found/sources.yaml`: each found file's name, date, URL and licence."""
    with open(data_dir / FOUND / "sources.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _rows(data_dir: Path, name: str) -> list[dict]:
    with open(data_dir / FOUND / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- pharmacy hours (NHSBSA Consolidated Pharmaceutical List) ---------------------------------


def pharmacy_hours(data_dir: Path, meta: dict) -> dict[str, dict]:
    """{ODS code: record fields} giving each listed pharmacy its contracted weekly hours.

    These are contracted (core + supplementary) hours, not bank-holiday hours, so bank holidays
    stay "call to check" (`bank_holidays: unknown`).
    """
    out = {}
    for row in _rows(data_dir, meta["file"]):
        weekly = {}
        for day, column in zip(_WEEKDAYS, _DAYS):
            value = row[f"PHARMACY_OPENING_HOURS_{column}"].strip()
            if value.upper() == "CLOSED" or not value:
                continue
            spans = [part.strip() for part in value.split(",")]
            if not all(_SPAN.match(span) for span in spans):
                raise DataError(f"{meta['file']}: {row['PHARMACY_ODS_CODE_F_CODE']} {column}: bad hours {value!r}")
            weekly[day] = spans
        if not weekly:
            continue  # closed every day: no usable hours, keep the default
        out[row["PHARMACY_ODS_CODE_F_CODE"].strip()] = {
            "hours": {"weekly": weekly},
            "hours_source": "source",
            "hours_source_name": meta["name"],
            "hours_source_date": meta["date"],
            "hours_note": f"Contracted hours from the {meta['name']} ({meta['date']}). Bank holiday hours are not listed: call to check.",
            "bank_holidays": "unknown",
        }
    return out


# --- NHS dental practices (ODS egdpprac) --------------------------------------------------------


def dental_records(data_dir: Path, meta: dict, places: Places, areas: Places, needs: list[str], bundle: Bundle) -> list[dict]:
    """Active dental practices of the 8 boroughs. ODS gives no phone numbers or hours: none are stored."""
    records = []
    exclude = meta.get("exclude") or {}
    for row in _rows(data_dir, meta["file"]):
        if row["status_code"] != "A":
            continue
        if row["org_code"] in exclude:
            bundle.skipped.append(f"dental_practice {row['org_code']}: {exclude[row['org_code']]}")
            continue
        postcode = row["postcode"].strip().upper()
        where = locate(postcode, places, areas)
        borough = where.borough if where else None
        if borough not in NWL_BOROUGHS:
            continue  # outside the 8 boroughs (a few NW London ICB rows have Barnet or Camden postcodes)
        name = display_name(row["name"])
        if where.approximate:
            bundle.unplaced.append(f"dental_practice {row['org_code']} {name}: postcode {postcode} not in Code-Point, placed at its {where.placed_by} centroid (approximate)")
        address = ", ".join(display_name(row[f"address_{i}"].strip()) for i in range(1, 6) if row[f"address_{i}"].strip())
        records.append(
            {
                "source": "ods",
                "source_id": row["org_code"],
                "name": name,
                "organisation": {"name": name, "ods_code": row["org_code"]},
                "route": "dental",
                "category": "dental_practice",
                "status": "active",
                "status_note": None,
                "description": None,
                "needs": list(needs),
                "location": location_record(address, postcode, borough, where),
                "contacts": [],
                "hours": {"unknown": True},
                "hours_source": "unknown",
                "hours_note": "The NHS list of dental practices gives no opening hours or phone number.",
                "bank_holidays": "unknown",
                "areas": [],
                "coverage": "borough",
                "eligibility": {"age_min": None, "age_max": None, "note": "Whether the practice takes new NHS patients is not in our source."},
                "languages": [],
                "source_url": meta["url"],
                "source_note": f"{meta['name']}, {meta['date']} (found/{meta['file']}), organisation code {row['org_code']}; no phone number in the source.",
            }
        )
    return records


# --- NHS Talking Therapies --------------------------------------------------------------------------


def talking_therapies_records(data_dir: Path, meta: dict, needs: list[str], bundle: Bundle) -> list[dict]:
    """One record per borough whose provider and website the pages state; self-referral as they state it."""
    records = []
    for row in _rows(data_dir, meta["file"]):
        borough = row["borough"].strip()
        if borough not in NWL_BOROUGHS:
            raise DataError(f"{meta['file']}: unknown borough {borough!r}")
        website = row["website"].strip()
        if not website:
            bundle.skipped.append(f"{meta['file']} {borough}: {row['caveat'] or 'no provider or website'}; not loaded")
            continue
        provider = row["service_provider_as_stated"].strip()
        referral = row["self_referral_as_stated"].strip()
        sources = [u.strip() for u in row["source_urls"].split(";") if u.strip().startswith("http")]
        records.append(
            {
                "source": FOUND,
                "source_id": f"talking-therapies-{_slug(borough)}",
                "name": f"{provider.split(' (')[0]} - {borough}",
                "organisation": {"name": provider, "ods_code": None},
                "route": "voluntary",
                "category": "talking_therapies",
                "status": "active",
                "status_note": None,
                "description": f"NHS Talking Therapies for {borough}: help with low mood, anxiety and stress.",
                "needs": list(needs),
                "location": None,
                "contacts": [{"kind": "website", "value": website, "note": None}],
                "hours": {"unknown": True},
                "hours_source": "unknown",
                "hours_note": None,
                "bank_holidays": "unknown",
                "areas": [borough],
                "coverage": "borough",
                "eligibility": {"age_min": None, "age_max": None, "note": f"Referral, as the service's pages state it: {referral}."},
                "languages": [],
                "source_url": sources[0] if sources else website,
                "source_note": f"found/{meta['file']} ({borough}): pages dated {row['page_dates']}. {row['caveat']}".strip(),
            }
        )
    return records


# --- food banks (Give Food) ------------------------------------------------------------------------


def _name_words(name: str) -> frozenset[str]:
    """'Kensington & Chelsea Foodbank' and 'Kensington & Chelsea' → {'kensington', 'and', 'chelsea'}."""
    text = name.lower().replace("&", " and ").replace("'", "")
    text = re.sub(r"\bfood\s*banks?\b", " ", text)
    return frozenset(re.findall(r"[a-z0-9]+", text))


def _same_food_bank(curated: dict, row: dict, postcode: str) -> bool:
    """Same postcode, or every word of Give Food's name in the curated name ('St Paul's (Hounslow)'
    and 'Hounslow Food Bank (St Paul's Church, Bath Road)'); only ever within one borough."""
    if postcode and curated["location"].get("postcode") == postcode:
        return True
    words = _name_words(row["name"])
    return bool(words) and words <= _name_words(curated["name"])


def _givefood_contacts(row: dict) -> list[dict]:
    contacts = []
    if row["phone"].strip():
        raw = row["phone"].strip()
        number, _, extension = raw.partition("x")
        contacts.append({"kind": "phone", "value": display_phone(number), "note": f"extension {extension}" if extension else None})
    if row["email"].strip():
        contacts.append({"kind": "email", "value": row["email"].strip(), "note": None})
    if row["url"].strip():
        contacts.append({"kind": "website", "value": row["url"].strip(), "note": None})
    return contacts


def _network_note(row: dict) -> Optional[str]:
    network = row["network"].strip()
    return f"Part of the {network} network (Give Food)." if network and network != "Independent" else None


def foodbank_records(data_dir: Path, meta: dict, curated: list[dict], places: Places, areas: Places,
                     needs: list[str], bundle: Bundle) -> list[dict]:
    """Give Food food banks: each fills in a curated food bank of the same name or postcode in its borough
    (changing `curated` in place, keeping the curated record's source and adding Give Food's), or is new."""
    by_borough: dict[str, list[dict]] = {}
    for record in curated:
        if record["category"] == "food_bank" and record.get("location"):
            by_borough.setdefault(record["location"].get("borough"), []).append(record)
    attribution = f"{meta['name']}, {meta['licence']}, c. {meta['date']}"
    new = []
    for row in _rows(data_dir, meta["file"]):
        if row["closed"].strip().lower() == "true":
            continue
        borough = row["district"].strip()
        postcode = row["postcode"].strip().upper()
        match = next((r for r in by_borough.get(borough, []) if _same_food_bank(r, row, postcode)), None)
        contacts = _givefood_contacts(row)
        address = ", ".join(line.strip() for line in row["address"].splitlines()[:-1] if line.strip())
        where = locate(postcode, places, areas)
        if match is not None:
            have = {c["kind"] for c in match["contacts"]}
            added = [c for c in contacts if c["kind"] not in have]
            match["contacts"] = list(match["contacts"]) + added
            if not match["location"].get("postcode"):
                match["location"] = location_record(address, postcode, match["location"].get("borough") or borough, where)
            if added and (match.get("status_note") or "").startswith("Contact details not confirmed"):
                match["status_note"] = None
            match["source_note"] = " ".join(filter(None, [
                match.get("source_note"),
                f"Merged with Give Food '{row['name']}' ({row['url'].strip()}): contacts and address filled in from {attribution}.",
                _network_note(row),
            ]))
            continue
        network = _network_note(row)
        new.append(
            {
                "source": "givefood",
                "source_id": row["slug"].strip(),
                "name": row["name"].strip() if "food" in row["name"].lower() else f"{row['name'].strip()} (food bank)",
                "organisation": {"name": row["name"].strip(), "ods_code": None},
                "route": "voluntary",
                "category": "food_bank",
                "status": "active",
                "status_note": None,
                "description": network,
                "needs": list(needs),
                "location": location_record(address, postcode, borough, where),
                "contacts": contacts,
                "hours": {"unknown": True},
                "hours_source": "unknown",
                "hours_note": None,
                "bank_holidays": "unknown",
                "areas": [borough],
                "coverage": "borough",
                "eligibility": {"age_min": None, "age_max": None, "note": None},
                "languages": [],
                "source_url": meta["url"],
                "source_note": f"found/{meta['file']}: {attribution}. The address is the organisation's (often an office), not where food is given out.",
            }
        )
    return new


# --- hand-structured records and patches ----------------------------------------------------------


def apply_patches(records: list[dict], patches: list[dict]) -> None:
    """Add the found contacts to curated records by source id (a patch for a missing record is an error)."""
    by_id = {r["source_id"]: r for r in records}
    for patch in patches or []:
        record = by_id.get(patch["source_id"])
        if record is None:
            raise DataError(f"found/records.yaml: patch for unknown record {patch['source_id']}")
        have = {(c["kind"], c["value"]) for c in record["contacts"]}
        record["contacts"] = list(record["contacts"]) + [c for c in patch.get("contacts", []) if (c["kind"], c["value"]) not in have]
        if "status_note" in patch:
            record["status_note"] = patch["status_note"]
        if patch.get("source_note"):
            record["source_note"] = " ".join(filter(None, [record.get("source_note"), patch["source_note"]]))
