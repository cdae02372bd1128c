"""The public JSON API (`/api/v1`) and the health check."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from . import alternatives, chat, health, openapi, oruk, services, triage  # noqa: E402,F401  (routes register on bp)
