"""Directory of Services models (names follow Open Referral UK / HSDS 3 where a counterpart exists)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROUTES = ("emergency", "crisis", "utc", "pharmacy", "gp", "dental", "nhs111", "voluntary")
STATUSES = ("active", "temporarily_closed", "closed")
HOURS_SOURCES = ("source", "default", "unknown", "editor")
BANK_HOLIDAY_POLICIES = ("as_usual", "closed", "unknown")
NWL_BOROUGHS = (
    "Brent",
    "Ealing",
    "Hammersmith and Fulham",
    "Harrow",
    "Hillingdon",
    "Hounslow",
    "Kensington and Chelsea",
    "Westminster",
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Organisation(Base):
    """Who runs a service (an NHS trust, a pharmacy chain, a charity)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    ods_code: Mapped[Optional[str]] = mapped_column(String(16), unique=True)
    url: Mapped[Optional[str]] = mapped_column(String(500))

    services: Mapped[list["Service"]] = relationship(back_populates="organisation")


class Location(Base):
    """A physical place: address, postcode, coordinates and borough."""

    __tablename__ = "location"
    # "Services near a point" reads a latitude band through this index, then longitude within it.
    __table_args__ = (Index("ix_location_lat_lon", "lat", "lon"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Optional[str]] = mapped_column(String(255))
    address: Mapped[Optional[str]] = mapped_column(String(500))
    postcode: Mapped[Optional[str]] = mapped_column(String(10), index=True)
    borough: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    lat: Mapped[Optional[float]] = mapped_column(Float)
    lon: Mapped[Optional[float]] = mapped_column(Float)
    accessibility: Mapped[Optional[str]] = mapped_column(Text)
    # How the coordinates were found: "postcode" (the unit's own point), or "sector"/"district" when the
    # postcode is not in Code-Point and the centroid of its sector ("W4 4") or district ("W4") stands in.
    placed_by: Mapped[Optional[str]] = mapped_column(String(16))
    # True when lat/lon are an area centroid, not the service's own point: say "about" a distance.
    approximate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Service(Base):
    """One service a resident can use, with its route, hours, eligibility and contacts."""

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_service_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisation.id"), index=True)
    location_id: Mapped[Optional[int]] = mapped_column(ForeignKey("location.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[Optional[str]] = mapped_column(Text)
    route: Mapped[str] = mapped_column(String(16), index=True)
    category: Mapped[str] = mapped_column(String(48), index=True)
    status: Mapped[str] = mapped_column(String(24), default="active", index=True)
    status_note: Mapped[Optional[str]] = mapped_column(Text)
    url: Mapped[Optional[str]] = mapped_column(String(500))
    coverage: Mapped[Optional[str]] = mapped_column(String(16))

    # Hours: `always_open` means 24/7; otherwise the weekly rows, overridden by exceptions.
    always_open: Mapped[bool] = mapped_column(Boolean, default=False)
    hours_source: Mapped[str] = mapped_column(String(16), default="unknown")
    hours_note: Mapped[Optional[str]] = mapped_column(Text)
    bank_holidays: Mapped[str] = mapped_column(String(16), default="unknown")
    # Where sourced hours come from and how old they are ("NHSBSA Consolidated Pharmaceutical List",
    # "2025/26"; a date starts with its 4-digit year: "2019", "2019-10", "2019-10-01"), so a reply can say
    # "hours from a 2019 page: call to check".
    hours_source_name: Mapped[Optional[str]] = mapped_column(String(200))
    hours_source_date: Mapped[Optional[str]] = mapped_column(String(16))
    # False when the hours' own source does not confirm them as current (stale, superseded, provider
    # changed): the weekly hours and `always_open` are then kept for staff but treated as unknown.
    hours_confirmed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    age_min: Mapped[Optional[int]] = mapped_column(Integer)
    age_max: Mapped[Optional[int]] = mapped_column(Integer)
    eligibility_note: Mapped[Optional[str]] = mapped_column(Text)

    source: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(64))
    source_url: Mapped[Optional[str]] = mapped_column(String(1000))
    source_note: Mapped[Optional[str]] = mapped_column(Text)
    source_hash: Mapped[Optional[str]] = mapped_column(String(64))
    last_verified: Mapped[Optional[dt.date]] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    oruk_id: Mapped[Optional[str]] = mapped_column(String(36), unique=True, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    organisation: Mapped[Optional[Organisation]] = relationship(back_populates="services", lazy="joined")
    location: Mapped[Optional[Location]] = relationship(lazy="joined")
    contacts: Mapped[list["Contact"]] = relationship(
        cascade="all, delete-orphan", order_by="Contact.position", lazy="selectin"
    )
    regular_schedules: Mapped[list["RegularSchedule"]] = relationship(
        cascade="all, delete-orphan", order_by="(RegularSchedule.weekday, RegularSchedule.opens)", lazy="selectin"
    )
    holiday_schedules: Mapped[list["HolidaySchedule"]] = relationship(
        cascade="all, delete-orphan", order_by="HolidaySchedule.starts_on", lazy="selectin"
    )
    needs: Mapped[list["ServiceNeed"]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    areas: Mapped[list["ServiceArea"]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    languages: Mapped[list["ServiceLanguage"]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def need_ids(self) -> list[str]:
        return sorted(n.need for n in self.needs)

    @property
    def boroughs_served(self) -> list[str]:
        return sorted(a.borough for a in self.areas)

    def contact(self, kind: str) -> Optional[str]:
        """The first contact value of a kind (phone, sms, website, email, textphone)."""
        return next((c.value for c in self.contacts if c.kind == kind), None)


class Contact(Base):
    """A way to reach a service: phone, SMS, textphone, website or email."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(500))
    note: Mapped[Optional[str]] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)


class RegularSchedule(Base):
    """Weekly opening: weekday 0 = Monday; minutes since midnight. closes <= opens spans midnight."""

    __tablename__ = "regular_schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[int] = mapped_column(Integer)
    closes: Mapped[int] = mapped_column(Integer)


class HolidaySchedule(Base):
    """Dated exception: a closure (with a reason shown to residents) or special hours."""

    __tablename__ = "holiday_schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    opens: Mapped[Optional[int]] = mapped_column(Integer)
    closes: Mapped[Optional[int]] = mapped_column(Integer)
    reason: Mapped[Optional[str]] = mapped_column(String(500))


class ServiceNeed(Base):
    """A need (triage need id, e.g. `sore_throat`, `housing`) the service meets."""

    __tablename__ = "service_need"

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    need: Mapped[str] = mapped_column(String(48), primary_key=True, index=True)


class ServiceArea(Base):
    """A borough the service is for (none listed = not limited to particular boroughs)."""

    __tablename__ = "service_area"

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    borough: Mapped[str] = mapped_column(String(64), primary_key=True)


class ServiceLanguage(Base):
    """A language offered: spoken by staff, through an interpreter, or BSL."""

    __tablename__ = "service_language"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    code: Mapped[Optional[str]] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="spoken")
    note: Mapped[Optional[str]] = mapped_column(String(500))


class Postcode(Base):
    """A Greater London postcode unit with its OS Code-Point Open coordinates and borough."""

    __tablename__ = "postcode"

    postcode: Mapped[str] = mapped_column(String(10), primary_key=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    borough: Mapped[str] = mapped_column(String(64))


class DatasetVersion(Base):
    """Which data file was last loaded, by checksum, so reloads can skip unchanged files."""

    __tablename__ = "dataset_version"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PostcodeArea(Base):
    """Centroid of a postcode district ("W12"), sector ("W12 0") or borough, for partial places."""

    __tablename__ = "postcode_area"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # district | sector | borough
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    borough: Mapped[Optional[str]] = mapped_column(String(64))


class ChangeSet(Base):
    """A group of changes applied together (one bulk import), audited as one."""

    __tablename__ = "change_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(255))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text)  # JSON: counts of new / changed / retired


class AuditEvent(Base):
    """One change to a service: who, when, what, and each field's before and after (JSON)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    actor: Mapped[str] = mapped_column(String(255))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    action: Mapped[str] = mapped_column(String(24))  # create | update | restore | retire | verify | import
    version: Mapped[int] = mapped_column(Integer)  # the service's version after this change
    changes: Mapped[str] = mapped_column(Text)  # JSON {field: [before, after]}
    snapshot: Mapped[str] = mapped_column(Text)  # JSON of the editable fields after the change (for restore)
    note: Mapped[Optional[str]] = mapped_column(Text)
    change_set_id: Mapped[Optional[int]] = mapped_column(ForeignKey("change_set.id"), index=True)


class Feedback(Base):
    """A reported problem with a service ("this number didn't work"), queued for editors."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    reporter: Mapped[str] = mapped_column(String(16))  # resident | staff
    reporter_name: Mapped[Optional[str]] = mapped_column(String(255))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | resolved
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[Optional[str]] = mapped_column(String(255))
    resolution_note: Mapped[Optional[str]] = mapped_column(Text)
