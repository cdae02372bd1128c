"""Open Referral UK API (HSDS-UK 3.0) under /oruk: base, services, taxonomies, taxonomy terms."""
from __future__ import annotations

import yaml
from flask import current_app, jsonify, request
from sqlalchemy import select

from .. import clock, db
from ..directory import oruk
from ..directory.hours import parse_hhmm
from ..directory.models import Service
from ..directory.queries import ServiceFilter, find_services
from ..errors import ApiError
from . import bp
from .params import int_param

DAYS = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6, "monday": 0, "tuesday": 1, "wednesday": 2,
        "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def _terms() -> list[tuple[str, str, str | None]]:
    """(taxonomy, term, description) for every route, category and need."""
    with open(current_app.config["DATA_DIR"] / "triage" / "needs.yaml", encoding="utf-8") as fh:
        needs = yaml.safe_load(fh)
    session = db.session()
    routes = sorted(set(session.scalars(select(Service.route))))
    categories = sorted(set(session.scalars(select(Service.category))))
    return (
        [("route", r, None) for r in routes]
        + [("category", c, None) for c in categories]
        + [("need", n, spec.get("about")) for n, spec in sorted(needs.items())]
    )


def _term_ids(service: Service) -> set[str]:
    return {oruk.term_id("route", service.route), oruk.term_id("category", service.category)} | {
        oruk.term_id("need", n) for n in service.need_ids
    }


def _time_param(name: str):
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return parse_hhmm(raw[:5])
    except ValueError:
        raise ApiError("invalid_parameter", f"{name} must be a time HH:MM") from None


def _open_during(service: Service, day: int | None, start: int | None, end: int | None) -> bool:
    if day is None and start is None and end is None:
        return True
    if service.always_open:
        return True
    for row in service.regular_schedules:
        if day is not None and row.weekday != day:
            continue
        closes = row.closes if row.closes > row.opens else row.closes + 1440
        if (start is None or row.opens <= start < closes) and (end is None or row.opens < end <= closes):
            return True
    return False


def _page_params():
    return int_param(request.args, "page", 1, 1, 100_000), int_param(request.args, "per_page", 50, 1, 100)


@bp.get("/oruk/")
@bp.get("/oruk")
def oruk_base():
    """The ORUK base endpoint."""
    return jsonify({"version": oruk.VERSION, "profile": oruk.PROFILE_URL, "openapi_url": oruk.OPENAPI_URL})


@bp.get("/oruk/services")
def oruk_services():
    """A Page of services (one-to-one fields) with the ORUK filters."""
    page_number, per_page = _page_params()
    text = (request.args.get("text") or request.args.get("search") or "").strip() or None
    term = request.args.get("taxonomy_term_id")
    tax = request.args.get("taxonomy_id")
    min_age = int_param(request.args, "minimum_age", -1, 0, 150)
    max_age = int_param(request.args, "maximum_age", -1, 0, 150)
    day_raw = (request.args.get("day") or "").strip().lower()
    if day_raw and day_raw not in DAYS:
        raise ApiError("invalid_parameter", "day must be a weekday name or iCal code (MO..SU)")
    day = DAYS.get(day_raw)
    start, end = _time_param("start_time"), _time_param("end_time")
    hits = find_services(db.session(), ServiceFilter(q=text, include_closed=True), clock.now())
    services = [h.service for h in hits]
    if not text:
        services.sort(key=lambda s: s.id)
    if term:
        services = [s for s in services if term in _term_ids(s)]
    if tax and tax not in {oruk.taxonomy_id(name) for name in oruk.TAXONOMIES}:
        services = []  # every service carries a term of each of navigator's taxonomies
    if min_age >= 0:
        services = [s for s in services if s.age_max is None or s.age_max >= min_age]
    if max_age >= 0:
        services = [s for s in services if s.age_min is None or s.age_min <= max_age]
    services = [s for s in services if _open_during(s, day, start, end)]
    start_at = (page_number - 1) * per_page
    items = [oruk.service_list_item(s) for s in services[start_at : start_at + per_page]]
    return jsonify(oruk.page(items, len(services), page_number, per_page))


@bp.get("/oruk/services/<service_id>")
def oruk_service(service_id: str):
    """One fully nested service."""
    service = db.session().scalars(select(Service).where(Service.oruk_id == service_id)).first()
    if service is None:
        raise ApiError("not_found", f"No service with id {service_id}.", 404)
    return jsonify(oruk.service_full(service))


@bp.get("/oruk/taxonomies")
def oruk_taxonomies():
    """Every taxonomy navigator uses."""
    page_number, per_page = _page_params()
    items = [oruk.taxonomy(name) for name in oruk.TAXONOMIES]
    return jsonify(oruk.page(items[(page_number - 1) * per_page : page_number * per_page], len(items), page_number, per_page))


@bp.get("/oruk/taxonomies/<taxonomy_id>")
def oruk_taxonomy(taxonomy_id: str):
    """One taxonomy."""
    for name in oruk.TAXONOMIES:
        if oruk.taxonomy_id(name) == taxonomy_id:
            return jsonify(oruk.taxonomy(name))
    raise ApiError("not_found", f"No taxonomy with id {taxonomy_id}.", 404)


@bp.get("/oruk/taxonomy_terms")
def oruk_taxonomy_terms():
    """Every taxonomy term (routes, categories, needs)."""
    page_number, per_page = _page_params()
    items = [oruk.taxonomy_term(t, v, d) for t, v, d in _terms()]
    return jsonify(oruk.page(items[(page_number - 1) * per_page : page_number * per_page], len(items), page_number, per_page))


@bp.get("/oruk/taxonomy_terms/<term_id>")
def oruk_taxonomy_term(term_id: str):
    """One taxonomy term."""
    for t, v, d in _terms():
        if oruk.term_id(t, v) == term_id:
            return jsonify(oruk.taxonomy_term(t, v, d))
    raise ApiError("not_found", f"No taxonomy term with id {term_id}.", 404)
