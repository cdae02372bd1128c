"""GET /healthz: ok when the database answers."""
from flask import jsonify
from sqlalchemy import text

from .. import db
from . import bp


@bp.get("/healthz")
def healthz():
    """200 {"status": "ok"} when the database answers, 503 otherwise."""
    try:
        db.session().execute(text("SELECT 1"))
    except Exception:  # any database failure means unhealthy, never a 500
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})
