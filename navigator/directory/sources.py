"""Read the bundled data files in `directory_data/` into plain service records.

A record is a dict in the shape of `directory_data/curated/*.yaml` (see its README): the
loader turns records into rows. Nothing here invents a value: a field the source lacks
stays empty, and ODS services get documented default hours marked as defaults.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import yaml

from .models import NWL_BOROUGHS

NWL_ICB = "QRV"  # NHS North West London ICB: exactly the 8 boroughs
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ODS_SOURCE_URL = "https://digital.nhs.uk/services/organisation-data-service"
POSTCODE_FILE = "postcodes/london_postcodes_codepoint_2025-10.csv.gz"
GP_FILE = "ods/gp_epraccur_london_icbs_active_all_settings.csv"
PHARMACY_FILE = "ods/pharmacies_edispensary_london_icbs_active.csv"
CURATED_FILES = ("curated/urgent_care.yaml", "curated/helplines.yaml", "curated/voluntary.yaml")
GP_PRESCRIBING_SETTING = "4"  # ODS prescribing setting 4 = GP practice
COMMUNITY_PHARMACY_SUBTYPE = "1"  # ODS dispensary sub-type 1 = pharmacy (2 = appliance contractor)
_KEEP_UPPER = {"NHS", "UK", "GP", "HC", "MC", "PCN", "LLP", "LTD", "CIC", "UTC", "WIC", "II", "III", "IV", "UCL"}


class DataError(ValueError):
    """A data file is malformed: the message says which file and record."""


@dataclass
class Bundle:
    """Everything read from `directory_data/`, with what could not be used."""

    records: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # records not loaded, with why
    unplaced: list[str] = field(default_factory=list)  # loaded without coordinates


def file_checksum(path: Path) -> str:
    """sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_hash(record: dict) -> str:
    """A stable fingerprint of a record: a reload changes a row only when this changes."""
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def read_postcodes(data_dir: Path) -> Iterator[tuple[str, float, float, str]]:
    """(postcode, lat, lon, borough) for every Greater London postcode unit."""
    with gzip.open(data_dir / POSTCODE_FILE, "rt", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield row["postcode"], float(row["lat"]), float(row["lon"]), row["borough"]


Places = dict[str, tuple[float, float, str]]  # postcode unit or area code → (lat, lon, borough)


@dataclass(frozen=True)
class Located:
    """Where a postcode puts a service: its own point, or its sector's or district's centroid."""

    lat: float
    lon: float
    borough: Optional[str]
    placed_by: str  # postcode | sector | district

    @property
    def approximate(self) -> bool:
        return self.placed_by != "postcode"


def locate(postcode: Optional[str], places: Places, areas: Optional[Places] = None) -> Optional[Located]:
    """A postcode's Code-Point point; failing that the centroid of its sector ("W4 4"), then district ("W4").

    A postcode newer than (or missing from) Code-Point still puts a service within a few hundred
    metres, which is better than no place at all; `placed_by` says how, so it is shown as approximate.
    """
    if not postcode:
        return None
    hit = places.get(postcode)
    if hit:
        return Located(hit[0], hit[1], hit[2], "postcode")
    outward, _, inward = postcode.partition(" ")
    for code, kind in ((f"{outward} {inward[:1]}", "sector"), (outward, "district")):
        area = (areas or {}).get(code) if inward or kind == "district" else None
        if area:
            return Located(area[0], area[1], area[2], kind)
    return None


def display_name(ods_name: str) -> str:
    """'BOOTS UK PHARMACY' → 'Boots UK Pharmacy'; ODS names are all capitals."""
    words = []
    for word in ods_name.split():
        bare = re.sub(r"[^A-Z]", "", word)
        if bare in _KEEP_UPPER or (bare and not re.search(r"[AEIOUY]", bare) and len(bare) <= 4):
            words.append(word)
        else:
            words.append(re.sub(r"[A-Za-z]+('[A-Za-z]+)?", lambda m: m.group(0).capitalize(), word.lower()))
    return " ".join(words)


def display_phone(raw: str) -> str:
    """'020 89691465' → '020 8969 1465' (London numbers grouped as residents dial them)."""
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 11 and digits.startswith("020"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return raw.strip()


def _address(row: dict) -> str:
    parts = [row.get(f"address_{i}", "").strip() for i in range(1, 6)]
    return ", ".join(display_name(p) for p in parts if p)


def _load_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {exc}") from exc


def _weekly_from_default(default: dict) -> dict:
    return {day: list(default["weekly"].get(day, [])) for day in WEEKDAYS if default["weekly"].get(day)}


def location_record(address: Optional[str], postcode: Optional[str], borough: Optional[str], where: Optional[Located]) -> dict:
    """A record's `location`: coordinates from `locate`, marked approximate when an area centroid."""
    return {
        "address": address or None,
        "postcode": postcode or None,
        "borough": borough,
        "lat": where.lat if where else None,
        "lon": where.lon if where else None,
        "placed_by": where.placed_by if where else None,
        "approximate": bool(where and where.approximate),
    }


def _ods_records(
    path: Path,
    *,
    route: str,
    category: str,
    keep,
    places: Places,
    defaults: dict,
    needs: list[str],
    bundle: Bundle,
    areas: Optional[Places] = None,
    sourced_hours: Optional[dict[str, dict]] = None,
) -> list[dict]:
    """GP practices or pharmacies from an ODS file; `sourced_hours` (by ODS code) replaces the default hours."""
    records = []
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            postcode = row["postcode"].strip().upper()
            where = locate(postcode, places, areas)
            borough = where.borough if where else None
            in_nwl = row["high_level_health_geography_icb"] == NWL_ICB or borough in NWL_BOROUGHS
            if row["status_code"] != "A" or not in_nwl or not keep(row):
                continue
            name = display_name(row["name"])
            if where is None or where.approximate:
                how = f"placed at its {where.placed_by} centroid (approximate)" if where else "not placed"
                bundle.unplaced.append(f"{category} {row['org_code']} {name}: postcode {postcode or '(none)'} not in Code-Point, {how}")
            phone = display_phone(row.get("contact_telephone", ""))
            default = defaults[category]
            record = {
                "source": "ods",
                "source_id": row["org_code"],
                "name": name,
                "organisation": {"name": name, "ods_code": row.get("parent_organisation_code") or row["org_code"]},
                "route": route,
                "category": category,
                "status": "active",
                "status_note": None,
                "description": None,
                "needs": list(needs),
                "location": location_record(_address(row), postcode, borough, where),
                "contacts": [{"kind": "phone", "value": phone, "note": None}] if phone else [],
                "hours": {"weekly": _weekly_from_default(default)},
                "hours_source": "default",
                "hours_note": default["note"],
                "bank_holidays": default["bank_holidays"],
                "areas": [],
                "coverage": "borough",
                "eligibility": {"age_min": None, "age_max": None, "note": None},
                "languages": [],
                "source_url": ODS_SOURCE_URL,
                "source_note": f"NHS ODS {path.name}, organisation code {row['org_code']}",
            }
            if sourced_hours and row["org_code"] in sourced_hours:
                record.update(sourced_hours[row["org_code"]])
            records.append(record)
    return records


CURATED_REQUIRED = (
    "source_id", "name", "route", "category", "status", "needs", "location",
    "contacts", "hours", "bank_holidays", "areas", "source_url",
)


def _curated_records(path: Path, places: Places, bundle: Bundle, areas: Optional[Places] = None, source: str = "curated") -> list[dict]:
    data = _load_yaml(path) or []
    if isinstance(data, dict):
        data = data.get("records") or []
    if not isinstance(data, list):
        raise DataError(f"{path}: expected a list of records")
    records = []
    for index, item in enumerate(data):
        label = f"{path.name} record {index + 1} ({item.get('source_id', '?') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict):
            raise DataError(f"{label}: not a mapping")
        missing = [key for key in CURATED_REQUIRED if key not in item]
        if missing:
            raise DataError(f"{label}: missing {', '.join(missing)}")
        if not item.get("source_url"):
            bundle.skipped.append(f"{label}: no source_url, not loaded")
            continue
        record = dict(item)
        record["source"] = source
        record["hours_source"] = "unknown" if record["hours"].get("unknown") else "source"
        organisation = record.get("organisation")
        record["organisation"] = {"name": organisation, "ods_code": None} if organisation else None
        location = record.get("location")
        if location:
            postcode = (location.get("postcode") or "").strip().upper() or None
            where = locate(postcode, places, areas)
            borough = location.get("borough") or (where.borough if where else None)
            record["location"] = location_record(location.get("address"), postcode, borough, where)
            if location.get("accessibility"):
                record["location"]["accessibility"] = location["accessibility"]
            if where is None or where.approximate:
                how = f"placed at its {where.placed_by} centroid (approximate)" if where else "not placed"
                bundle.unplaced.append(f"{label}: {record['name']}: postcode {postcode or '(none)'} {how}")
        records.append(record)
    return records


def read_bundle(data_dir: Path, places: Places, areas: Optional[Places] = None) -> Bundle:
    """All service records from `directory_data/`: ODS GPs, pharmacies (with NHSBSA hours) and dental
    practices, curated sites and lines (with Give Food and other found contacts), Talking Therapies."""
    from . import found  # found reads files with this module's helpers

    bundle = Bundle()
    defaults = _load_yaml(data_dir / "default_hours.yaml")
    category_needs = _load_yaml(data_dir / "category_needs.yaml")
    meta = found.found_sources(data_dir)
    bundle.records += _ods_records(
        data_dir / GP_FILE,
        route="gp",
        category="gp_practice",
        keep=lambda row: row["prescribing_setting"] == GP_PRESCRIBING_SETTING,
        places=places,
        areas=areas,
        defaults=defaults,
        needs=category_needs["gp_practice"],
        bundle=bundle,
    )
    bundle.records += _ods_records(
        data_dir / PHARMACY_FILE,
        route="pharmacy",
        category="community_pharmacy",
        keep=lambda row: row["organisation_subtype_code"] == COMMUNITY_PHARMACY_SUBTYPE,
        places=places,
        areas=areas,
        defaults=defaults,
        needs=category_needs["community_pharmacy"],
        bundle=bundle,
        sourced_hours=found.pharmacy_hours(data_dir, meta["pharmacy_hours"]),
    )
    bundle.records += found.dental_records(data_dir, meta["dental"], places, areas or {}, category_needs["dental_practice"], bundle)
    curated = []
    for name in CURATED_FILES:
        path = data_dir / name
        if path.exists():
            curated += _curated_records(path, places, bundle, areas)
        else:
            bundle.skipped.append(f"{name}: file missing")
    extra = _load_yaml(data_dir / found.FOUND / meta["records"]["file"]) or {}
    found.apply_patches(curated, extra.get("patches"))
    givefood = found.foodbank_records(data_dir, meta["foodbanks"], curated, places, areas or {}, category_needs["food_bank"], bundle)
    bundle.records += curated + givefood
    bundle.records += _curated_records(data_dir / found.FOUND / meta["records"]["file"], places, bundle, areas, source=found.FOUND)
    bundle.records += found.talking_therapies_records(data_dir, meta["talking_therapies"], category_needs["talking_therapies"], bundle)
    return bundle
