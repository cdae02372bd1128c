"""Editing the live directory: no lost edits, a complete audit, restore, freshness and feedback."""
import datetime as dt
import json
import threading

import pytest
from sqlalchemy import select

from navigator.db import make_session_factory
from navigator.directory import audit, checks, editing, feedback, review
from navigator.directory.checks import EditError
from navigator.directory.editing import VersionConflict
from navigator.directory.feedback import FeedbackError
from navigator.directory.hours import opening_state
from navigator.directory.models import AuditEvent, Feedback, Service
from tests.conftest import WEDNESDAY_2PM

TODAY = WEDNESDAY_2PM.date()


@pytest.fixture()
def sessions(app):
    """other_session() → a second session on its own connection, like another worker's."""
    factory = make_session_factory(app.extensions["db_engine"])
    opened = []

    def open_one():
        session = factory()
        opened.append(session)
        return session

    yield open_one
    for session in opened:
        session.close()


def events_of(db, service_id):
    return list(db.scalars(select(AuditEvent).where(AuditEvent.service_id == service_id).order_by(AuditEvent.version)))


def fresh_snapshot(sessions, service_id):
    """The service as another worker reads it now."""
    return audit.editable_values(sessions().get(Service, service_id))


def test_two_editors_on_the_same_version_cannot_both_win(db, sessions, new_service):
    service = new_service()
    first, second = sessions(), sessions()
    mine, theirs = first.get(Service, service.id), second.get(Service, service.id)
    assert mine.version == theirs.version == 1

    editing.update_service(first, mine, {"name": "Saved first"}, actor="a@staff.test", expected_version=1)
    with pytest.raises(VersionConflict) as caught:
        editing.update_service(second, theirs, {"name": "Saved second", "hours_note": "late"}, actor="b@staff.test", expected_version=1)

    conflict = caught.value
    assert (conflict.current_version, conflict.expected_version) == (2, 1)
    assert conflict.current["name"] == "Saved first" and conflict.yours["name"] == "Saved second"
    assert set(conflict.fields) == {"name", "hours_note"}
    now = fresh_snapshot(sessions, service.id)
    assert now["name"] == "Saved first" and now["hours_note"] is None
    assert [e.actor for e in events_of(db, service.id)] == ["factory@staff.test", "a@staff.test"]


def test_a_stale_session_is_refused_by_the_compare_and_set(db, sessions, new_service):
    """Even when the loaded row still says version 1, the UPDATE ... WHERE version = 1 decides."""
    service = new_service()
    stale = sessions()
    theirs = stale.get(Service, service.id)
    editing.update_service(db, db.get(Service, service.id), {"name": "Moved on"}, actor="a@staff.test", expected_version=1)
    assert theirs.version == 1  # this worker has not seen the change
    with pytest.raises(VersionConflict):
        editing.update_service(stale, theirs, {"name": "Lost edit"}, actor="b@staff.test", expected_version=1)
    assert fresh_snapshot(sessions, service.id)["name"] == "Moved on"


def test_concurrent_workers_racing_on_one_version_produce_exactly_one_change(db, sessions, new_service):
    service = new_service()
    workers = 4
    barrier = threading.Barrier(workers, timeout=30)
    outcomes = []
    own_sessions = [sessions() for _ in range(workers)]

    def edit(i):
        session = own_sessions[i]
        row = session.get(Service, service.id)
        barrier.wait()
        try:
            editing.update_service(session, row, {"name": f"Worker {i}"}, actor=f"w{i}@staff.test", expected_version=1)
            outcomes.append("saved")
        except VersionConflict:
            outcomes.append("conflict")
        finally:
            session.close()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["conflict"] * (workers - 1) + ["saved"]
    db.expire_all()
    assert db.get(Service, service.id).version == 2
    assert len(events_of(db, service.id)) == 2


CHANGES = {
    "name": "Renamed Pharmacy",
    "description": "Walk in for advice.",
    "status_note": "Ramp at the side door.",
    "url": "https://pharmacy.example.org",
    "contacts": [{"kind": "phone", "value": "020 7946 0001", "note": "dispensary"}, {"kind": "email", "value": "hello@pharmacy.example.org", "note": None}],
    "postcode": "HA0 4UJ",
    "accessibility": "Step-free entrance",
    "weekly": {"mon": "09:00-13:00, 14:00-18:00", "sat": ["10:00-16:00"]},
    "hours_note": "Closed for lunch on Mondays",
    "bank_holidays": "closed",
    "exceptions": [{"starts_on": "2026-12-24", "ends_on": "2026-12-26", "closed": True, "reason": "Christmas"},
                   {"starts_on": "2026-12-31", "closed": False, "opens": "10:00", "closes": "14:00", "reason": "New Year's Eve"}],
    "age_min": 16,
    "eligibility_note": "Adults and young people",
    "needs": ["sore_throat", "uti", "earache"],
    "areas": ["Brent", "Harrow"],
    "languages": [{"code": "pl", "kind": "spoken", "note": None}, {"code": None, "kind": "interpreter", "note": "by phone"}],
    "coverage": "borough",
    "source_url": "https://pharmacy.example.org/about",
    "last_verified": "2026-11-20",
}


def test_every_field_change_is_audited_once_with_its_before_and_after(db, sessions, new_service):
    service = new_service()
    before = audit.editable_values(service)
    event = editing.update_service(db, service, CHANGES, actor="editor@staff.test", expected_version=1, note="phoned them")
    after = fresh_snapshot(sessions, service.id)

    changes = json.loads(event.changes)
    assert changes == audit.diff(before, after)  # each changed field once, nothing else
    assert set(changes) == set(CHANGES) | {"borough", "lat", "lon"}
    for field, (old, new) in changes.items():
        assert old == before[field] and new == after[field], field
    assert changes["postcode"] == ["W12 0HS", "HA0 4UJ"] and changes["borough"] == ["Hammersmith and Fulham", "Brent"]
    assert changes["weekly"][1] == {"mon": ["09:00-13:00", "14:00-18:00"], "sat": ["10:00-16:00"]}
    assert (event.action, event.version, event.actor, event.note) == ("update", 2, "editor@staff.test", "phoned them")
    assert json.loads(event.snapshot) == after
    assert editing.update_service(db, db.get(Service, service.id), CHANGES, actor="editor@staff.test", expected_version=2) is None


def test_setting_hours_marks_them_as_confirmed_by_an_editor(db, new_service):
    service = new_service(weekly={}, hours_source="default")
    assert service.hours_source == "default"
    editing.update_service(db, service, {"weekly": {"wed": ["09:00-17:00"]}}, actor="e@staff.test", expected_version=1)
    assert service.hours_source == "editor"
    editing.update_service(db, service, {"name": service.name + " B", "weekly": {"wed": "09:00-17:00"}}, actor="e@staff.test", expected_version=2)
    assert [e.action for e in events_of(db, service.id)] == ["create", "update", "update"]
    assert "weekly" not in json.loads(events_of(db, service.id)[-1].changes)


def test_restore_puts_an_earlier_version_back_and_is_itself_audited(db, sessions, new_service):
    service = new_service()
    original = audit.editable_values(service)
    editing.update_service(db, service, {"name": "Second name", "hours_note": "v2"}, actor="a@staff.test", expected_version=1)
    editing.update_service(db, service, {"name": "Third name", "contacts": []}, actor="b@staff.test", expected_version=2)
    first_edit, second_edit = events_of(db, service.id)[1:]

    event = editing.restore_version(db, service, first_edit.id, "c@staff.test")
    assert (event.action, event.version) == ("restore", 4)
    assert json.loads(event.changes) == {"name": ["Third name", "Second name"], "contacts": [[], original["contacts"]]}
    now = fresh_snapshot(sessions, service.id)
    assert now["name"] == "Second name" and now["hours_note"] == "v2" and now["contacts"] == original["contacts"]

    editing.restore_version(db, service, first_edit.id, "c@staff.test", before=True)
    assert fresh_snapshot(sessions, service.id) == original
    assert second_edit.version == 3 and service.version == 5


def test_restore_refuses_another_services_history(db, new_service):
    one, other = new_service(), new_service()
    with pytest.raises(EditError):
        editing.restore_version(db, one, events_of(db, other.id)[0].id, "c@staff.test")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"postcode": "ZZ9 9ZZ"}, "postcode", "could not find ZZ9 9ZZ"),
        ({"postcode": "not a postcode"}, "postcode", "not a full UK postcode"),
        ({"weekly": {"tue": "25:00-26:00"}}, "weekly", "Tue"),
        ({"weekly": {"tue": "09:00-09:00"}}, "weekly", "must differ"),
        ({"age_min": 40, "age_max": 4}, "age_max", "below the minimum"),
        ({"name": "  "}, "name", "needs a name"),
        ({"route": "hospital"}, "route", "must be one of"),
        ({"url": "javascript:alert(1)"}, "url", "http"),
        ({"exceptions": [{"starts_on": "2026-12-02", "ends_on": "2026-12-01"}]}, "exceptions", "before the first"),
        ({"exceptions": [{"starts_on": "2026-12-02", "closed": False}]}, "exceptions", "special hours"),
        ({"contacts": [{"kind": "phone", "value": "call us!"}]}, "contacts", "not a phone number"),
        ({"areas": ["Camden"]}, "areas", "North West London"),
        ({"last_verified": "2027-01-01"}, "last_verified", "future"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message_and_nothing_changes(db, new_service, changes, field, words):
    service = new_service()
    before = audit.editable_values(service)
    with pytest.raises(EditError) as caught:
        editing.update_service(db, service, changes, actor="e@staff.test", expected_version=1, now=WEDNESDAY_2PM)
    assert words in caught.value.errors[field]
    db.expire_all()
    assert audit.editable_values(db.get(Service, service.id)) == before and db.get(Service, service.id).version == 1


def test_a_closure_for_today_closes_the_service_with_its_reason(db, new_service):
    service = new_service()
    assert opening_state(service, WEDNESDAY_2PM).open
    closure = [{"starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat(), "closed": True, "reason": "Staff training"}]
    editing.update_service(db, service, {"exceptions": closure}, actor="e@staff.test", expected_version=1)
    state = opening_state(service, WEDNESDAY_2PM)
    assert (state.open, state.reason) == (False, "Staff training")
    assert state.opens_at.date() == TODAY + dt.timedelta(days=1)


def test_create_and_retire(db, new_service):
    service = new_service(name="Brand New Food Bank", route="voluntary", category="test_food_bank", needs=["food"], weekly={})
    create = events_of(db, service.id)[0]
    assert (create.action, create.version, service.oruk_id is not None, service.source) == ("create", 1, True, "editor")
    assert json.loads(create.changes)["name"] == [None, "Brand New Food Bank"]
    assert service.hours_source == "unknown"
    editing.retire_service(db, service, actor="e@staff.test", expected_version=1, note="closed in 2026")
    assert (service.status, service.status_note) == ("closed", "closed in 2026")
    assert db.get(Service, service.id) is not None and events_of(db, service.id)[-1].action == "retire"


def test_needs_review_and_mark_verified(db, new_service):
    stale = new_service(last_verified=(TODAY - dt.timedelta(days=200)).isoformat())
    fresh = new_service(last_verified=(TODAY - dt.timedelta(days=20)).isoformat())
    never = new_service()
    listed = {s.id for s in review.needs_review(db, TODAY)}
    assert stale.id in listed and never.id in listed and fresh.id not in listed
    ordered = [s.id for s in review.needs_review(db, TODAY) if s.id in (stale.id, never.id)]
    assert ordered == [never.id, stale.id]  # never verified first, then the oldest check
    count = review.count_needs_review(db, TODAY)
    event = editing.mark_verified(db, stale, "e@staff.test", TODAY)
    assert event.action == "verify"
    assert json.loads(event.changes) == {"last_verified": [(TODAY - dt.timedelta(days=200)).isoformat(), TODAY.isoformat()]}
    assert stale.id not in {s.id for s in review.needs_review(db, TODAY)}
    assert review.count_needs_review(db, TODAY) == count - 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(dt.date(2026, 8, 31), 6, dt.date(2026, 2, 28)), (dt.date(2026, 11, 25), 6, dt.date(2026, 5, 25)), (dt.date(2026, 3, 31), 13, dt.date(2025, 2, 28))],
)
def test_months_before(day, months, expected):
    assert review.months_before(day, months) == expected


def test_feedback_queue(db, new_service):
    service = new_service()
    item = feedback.report_problem(db, service.id, "  The number\x00 rang out <b>twice</b>\r\n", reporter="resident", now=WEDNESDAY_2PM)
    assert item.message == "The number rang out <b>twice</b>" and item.status == "open"
    queued = [f.id for f, s in feedback.open_feedback(db) if s.id == service.id]
    assert queued == [item.id]
    with pytest.raises(FeedbackError):
        feedback.report_problem(db, service.id, "x" * (feedback.FEEDBACK_MAX + 1), reporter="resident")
    with pytest.raises(FeedbackError):
        feedback.report_problem(db, service.id, " \n ", reporter="resident")
    with pytest.raises(FeedbackError):
        feedback.report_problem(db, 987654321, "no such service", reporter="staff")
    feedback.resolve_feedback(db, item.id, "e@staff.test", "Number corrected")
    assert item.id not in [f.id for f, _s in feedback.open_feedback(db)]
    resolved = db.get(Feedback, item.id)
    assert (resolved.status, resolved.resolved_by, resolved.resolution_note) == ("resolved", "e@staff.test", "Number corrected")
    with pytest.raises(FeedbackError):
        feedback.resolve_feedback(db, item.id, "e@staff.test", "again")


def test_every_loaded_service_passes_the_editing_checks_unchanged(db):
    """An editor can save any service as loaded without first fixing something else."""
    for service in db.scalars(select(Service).where(Service.source.in_(("ods", "curated")))):
        before = audit.editable_values(service)
        assert audit.diff(before, checks.check_changes(db, before, before, geocode=False)) == {}, service.name
