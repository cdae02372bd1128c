"""The editors' lists: services nobody has checked for months, and the paged, filtered service list."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, lazyload, selectinload

from .models import Location, Service, ServiceArea


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def light_loading(stmt):
    return stmt.options(lazyload("*"), selectinload(Service.location), selectinload(Service.organisation))


def _review_filter(today: dt.date, months: int):
    cutoff = months_before(today, months)
    return (Service.status != "closed") & or_(Service.last_verified.is_(None), Service.last_verified < cutoff)


def needs_review(db: Session, today: dt.date, months: int = 6, *, limit: Optional[int] = None, offset: int = 0) -> list[Service]:
    """Services still running whose details nobody has verified for `months` months, oldest check first."""
    stmt = light_loading(select(Service).where(_review_filter(today, months)))
    stmt = stmt.order_by(Service.last_verified.is_not(None), Service.last_verified, Service.name, Service.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.scalars(stmt))


def count_needs_review(db: Session, today: dt.date, months: int = 6) -> int:
    """How many services `needs_review` lists."""
    return db.scalar(select(func.count(Service.id)).where(_review_filter(today, months))) or 0


@dataclass
class ServicePage:
    """One page of the editors' service list."""

    services: list[Service]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_services(db: Session, *, q: Optional[str] = None, route: Optional[str] = None, status: Optional[str] = None,
                  borough: Optional[str] = None, stale_before: Optional[dt.date] = None, page: int = 1,
                  per_page: int = 50) -> ServicePage:
    """Services filtered by name text, route, status, borough and last check, by name."""
    conditions = []
    if q:
        # autoescape: a '%' or '_' typed by an editor is a literal character, not a LIKE wildcard.
        conditions.append(or_(func.lower(Service.name).contains(q.strip().lower(), autoescape=True), Service.source_id == q.strip()))
    if route:
        conditions.append(Service.route == route)
    if status:
        conditions.append(Service.status == status)
    if borough:
        conditions.append(Service.location_id.in_(select(Location.id).where(Location.borough == borough))
                          | Service.id.in_(select(ServiceArea.service_id).where(ServiceArea.borough == borough)))
    if stale_before:
        conditions.append(or_(Service.last_verified.is_(None), Service.last_verified < stale_before))
    total = db.scalar(select(func.count(Service.id)).where(*conditions)) or 0
    page = max(1, page)
    stmt = light_loading(select(Service).where(*conditions)).order_by(Service.name, Service.id).offset((page - 1) * per_page).limit(per_page)
    return ServicePage(list(db.scalars(stmt)), total, page, per_page)

