"""Import every model module so Base.metadata knows all tables (for Alembic and tests)."""
from .directory import models  # noqa: F401
