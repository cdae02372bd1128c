"""What every staff-side blueprint (staff tools, editor pages) shares: cache headers and error pages."""
from __future__ import annotations

from flask import render_template
from flask_wtf.csrf import CSRFError


def protect_staff_pages(bp, forbidden_message: str) -> None:
    """No caching or framing of staff pages, and friendly 403/404/CSRF pages in the staff layout."""

    @bp.after_request
    def _no_store(response):
        # Staff pages hold residents' circumstances: keep them out of shared caches and the back button.
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @bp.errorhandler(403)
    def _forbidden(_exc):
        return render_template("staff/error.html", title="Not allowed", message=forbidden_message), 403

    @bp.errorhandler(404)
    def _not_found(_exc):
        return render_template("staff/error.html", title="Not found", message="There is no such page or service."), 404

    @bp.errorhandler(CSRFError)
    def _csrf_error(_exc):
        message = "The form had expired or did not come from this site. Go back, reload the page and try again."
        return render_template("staff/error.html", title="Please try again", message=message), 400
