"""Directory editing for editors: services, hours and closures, history and restore, feedback, bulk import."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import views  # noqa: E402,F401  (routes register on bp)
