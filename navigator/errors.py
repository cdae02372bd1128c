"""The contract's error body for every 4xx and 5xx: {"error": {"code", "message"}}."""
from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

JSON_PREFIXES = ("/api/", "/oruk", "/healthz", "/sms/")


class ApiError(Exception):
    """A client error to report with the contract's body."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def error_response(code: str, message: str, status: int):
    """A JSON error response in the contract's shape."""
    return jsonify({"error": {"code": code, "message": message}}), status


def init_app(app) -> None:
    """Register handlers so API clients never see an HTML error page."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return error_response(exc.code, exc.message, exc.status)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_").replace("'", "")
        if request.path.startswith(JSON_PREFIXES) or not request.accept_mimetypes.accept_html:
            return error_response(code, exc.description or exc.name, exc.code or 500)
        return render_template("error.html", status=exc.code, name=exc.name), exc.code or 500
