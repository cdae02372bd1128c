"""Import every model module so Base.metadata knows all tables (for Alembic and tests)."""
from .conversation import models as conversation_models  # noqa: F401
from .directory import models as directory_models  # noqa: F401
from .sms import models as sms_models  # noqa: F401
from .staff import models as staff_models  # noqa: F401
