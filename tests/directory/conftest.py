"""Directory fixtures: services made through the editing functions, retired afterwards."""
import pytest

from .service_factory import make_service as _make_service, retire_all


@pytest.fixture()
def new_service(db):
    """new_service(**overrides) → a Service created (and audited) for this test; retired when it ends."""
    made = []

    def make(**overrides):
        service = _make_service(db, **overrides)
        made.append(service.id)
        return service

    yield make
    retire_all(db, made)
