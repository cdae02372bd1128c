"""What every staff-side blueprint (staff tools, editor pages) shares: cache headers, error pages, lazy text."""
from __future__ import annotations

from flask import render_template
from flask_babel import LazyString, gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape


class LazyText(LazyString):
    """A lazily translated string that is escaped like any other text when put into HTML.

    (Flask-Babel's own lazy string marks itself as safe HTML, so a label such as "Caller's postcode"
    would reach the page unescaped.)
    """

    def __html__(self):
        return str(escape(str(self)))


def lazy_gettext(string: str, **variables) -> LazyText:
    """Translated when shown, in the language of the request showing it: for form labels, menus and messages."""
    return LazyText(_, string, **variables)


def plain(message):
    """A message as plain text (lazy strings from validators resolved), anything else unchanged."""
    return str(message) if isinstance(message, LazyString) else message


def protect_staff_pages(bp, forbidden_message) -> None:
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
        return render_template("staff/error.html", title=_("Not allowed"), message=str(forbidden_message)), 403

    @bp.errorhandler(404)
    def _not_found(_exc):
        return render_template("staff/error.html", title=_("Not found"), message=_("There is no such page or service.")), 404

    @bp.errorhandler(CSRFError)
    def _csrf_error(_exc):
        message = _("The form had expired or did not come from this site. Go back, reload the page and try again.")
        return render_template("staff/error.html", title=_("Please try again"), message=message), 400
