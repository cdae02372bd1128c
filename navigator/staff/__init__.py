"""Staff tools: directory search for social prescribers, local alternatives for NHS 111, accounts and roles."""
from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from . import views  # noqa: E402,F401  (routes register on bp)
