"""A per-process, read-only copy of the directory, checked against the database on every use.

Loading ~1,000 services with their hours, contacts and needs through the ORM takes far longer
than answering a question about them, so each worker keeps the loaded objects and reuses them
while the database says nothing changed. The check is one small query per use — count of
services, sum of their `version`s and the highest id — and every change (editor save, closure,
import, reload) bumps a service's `version`, so an edit on any worker is seen by every worker on
its next request. The objects are detached: use them to read, never to write (load a service
with `db.get` to change it).
"""
from __future__ import annotations

import threading
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Service

_lock = threading.Lock()
_cache: dict[str, tuple[tuple, list[Service]]] = {}


def directory_version(db: Session) -> tuple:
    """A key that changes whenever any service (or anything attached to it) changes."""
    count, versions, top = db.execute(
        select(func.count(Service.id), func.coalesce(func.sum(Service.version), 0), func.coalesce(func.max(Service.id), 0))
    ).one()
    return int(count), int(versions), int(top)


def all_services(db: Session) -> list[Service]:
    """Every service with everything loaded, from this process's copy when it is current."""
    url = db.get_bind().url.render_as_string(hide_password=False)
    key = directory_version(db)
    cached: Optional[tuple[tuple, list[Service]]] = _cache.get(url)
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        cached = _cache.get(url)
        if cached is not None and cached[0] == key:
            return cached[1]
        with Session(bind=db.get_bind(), expire_on_commit=False) as loader:
            services = list(loader.scalars(select(Service).order_by(Service.id)).unique())
            for service in services:
                service.need_ids, service.boroughs_served  # noqa: B018  (touch: everything loaded now)
        _cache[url] = (key, services)
        return services


def clear() -> None:
    """Forget every copy (tests that change data behind the version counter use this)."""
    with _lock:
        _cache.clear()
