"""Residents report a problem with a service ("this number didn't work"): a small form, rate-limited."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded

from .. import db
from ..directory.feedback import FEEDBACK_MAX, FeedbackError, report_problem
from ..directory.queries import get_service
from ..extensions import limiter
from . import bp

REPORT_LIMIT = "5 per hour;20 per day"


def _limit() -> str:
    return current_app.config.get("REPORT_LIMIT", REPORT_LIMIT)


def _page(service, error=None, status=200, text=""):
    return render_template("web/report.html", service=service, error=error, text=text, max_text=FEEDBACK_MAX,
                           sent=request.args.get("sent") == "1"), status


@bp.route("/report/<int:service_id>", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def report(service_id: int):
    """A form to tell the directory editors that a service's details are wrong."""
    service = get_service(db.session(), service_id)
    if service is None:
        abort(404)
    if request.method == "GET":
        return _page(service)
    text = request.form.get("message") or ""
    if not text.strip():
        return _page(service, "empty", 400)
    if len(text) > FEEDBACK_MAX:
        return _page(service, "too_long", 400, text[:FEEDBACK_MAX])
    try:
        report_problem(db.session(), service.id, text, reporter="resident")
    except FeedbackError:
        return _page(service, "empty", 400)
    return redirect(url_for("web.report", service_id=service.id, sent=1), code=303)


@bp.errorhandler(RateLimitExceeded)
def _too_many(exc):
    if request.endpoint == "web.report":
        service = get_service(db.session(), request.view_args.get("service_id", 0))
        if service is not None:
            return _page(service, "rate", 429)
    return render_template("error.html", status=429, name=exc.name), 429
