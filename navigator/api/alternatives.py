"""GET /api/v1/alternatives: open local alternatives to A&E for NHS 111 staff, grouped by route."""
from flask import current_app, jsonify, request

from .. import clock, db
from ..errors import ApiError
from ..staff.alternatives import local_alternatives
from . import bp
from .params import parse_at
from .services import place_param


@bp.get("/api/v1/alternatives")
def alternatives():
    """`near` (postcode, required) and `at` (ISO time, default now) → groups utc, pharmacy, gp, crisis, dental."""
    near = request.args.get("near")
    if near is None or not near.strip():
        raise ApiError("missing_parameter", "near is required: the caller's postcode, e.g. UB3 1AA")
    if len(near) > 40:
        raise ApiError("invalid_parameter", "near must be at most 40 characters")
    session = db.session()
    place = place_param(session, near)
    at = parse_at(request.args.get("at"), clock.now()) or clock.now()
    return jsonify(local_alternatives(session, current_app.config["DATA_DIR"], place, at).to_dict())
