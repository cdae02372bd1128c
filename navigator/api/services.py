"""GET /api/v1/services and /api/v1/services/<id>."""
from flask import jsonify, request

from .. import clock, db
from ..directory.hours import opening_state
from ..directory.models import NWL_BOROUGHS, ROUTES
from ..directory.postcodes import resolve_place
from ..directory.present import service_detail, service_summary
from ..directory.queries import ServiceFilter, find_services, get_service
from ..errors import ApiError
from . import bp
from .params import bool_param, choice_param, float_param, int_param, parse_at


def place_param(session, raw):
    """Resolve `near`; an unknown postcode is a 400 that says so."""
    if raw is None or raw.strip() == "":
        return None
    place = resolve_place(session, raw)
    if place is None:
        raise ApiError("unknown_postcode", f"We could not find the postcode or place {raw.strip()!r} in Greater London.")
    return place


@bp.get("/api/v1/services")
def list_services():
    """Search the directory; see the API contract for the parameters."""
    args = request.args
    session = db.session()
    now = clock.now()
    at = parse_at(args.get("at"), now)
    q = (args.get("q") or "").strip()
    if len(q) > 200:
        raise ApiError("invalid_parameter", "q must be at most 200 characters")
    borough = args.get("borough")
    if borough:
        matches = [b for b in NWL_BOROUGHS if b.lower() == borough.strip().lower().replace("&", "and")]
        if not matches:
            raise ApiError("invalid_parameter", f"borough must be one of: {', '.join(NWL_BOROUGHS)}")
        borough = matches[0]
    page = int_param(args, "page", 1, 1, 10_000)
    per_page = int_param(args, "per_page", 20, 1, 100)
    filters = ServiceFilter(
        q=q or None,
        route=choice_param(args, "route", ROUTES),
        category=args.get("category") or None,
        need=args.get("need") or None,
        borough=borough,
        near=place_param(session, args.get("near")),
        radius_km=float_param(args, "radius_km", 0.1, 100),
        open_at=at,
        open_only=bool_param(args, "open_now") or at is not None,
        language=args.get("language") or None,
        age=int_param(args, "age", -1, 0, 120) if args.get("age") else None,
    )
    hits = find_services(session, filters, now)
    start = (page - 1) * per_page
    items = [service_summary(h.service, h.state, h.distance_km) | {"why": h.why} for h in hits[start : start + per_page]]
    body = {"items": items, "page": page, "per_page": per_page, "total": len(hits)}
    if filters.near:
        body["near"] = {"label": filters.near.label, "lat": filters.near.lat, "lon": filters.near.lon, "borough": filters.near.borough}
    return jsonify(body)


@bp.get("/api/v1/services/<int:service_id>")
def show_service(service_id: int):
    """One service with full detail."""
    service = get_service(db.session(), service_id)
    if service is None:
        raise ApiError("not_found", f"No service with id {service_id}.", 404)
    return jsonify(service_detail(service, opening_state(service, clock.now())))
