"""Editor forms (Flask-WTF, CSRF on every form that changes something); each turns into directory edits."""
from __future__ import annotations

import datetime as dt

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..directory.checks import CONTACT_KINDS, COVERAGES, NOTE_MAX
from ..directory.feedback import FEEDBACK_MAX
from ..directory.models import BANK_HOLIDAY_POLICIES, NWL_BOROUGHS, ROUTES, STATUSES
from ..directory.sources import WEEKDAYS
from ..staff.forms import ROUTE_LABELS, PlainErrors, SelectChoice
from ..staff.pages import lazy_gettext as _l

BLANK_ROWS = 2
DAY_NAMES = dict(zip(WEEKDAYS, (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"), _l("Sunday"))))
STATUS_LABELS = {"active": _l("Active"), "temporarily_closed": _l("Temporarily closed"), "closed": _l("Closed (retired)")}
BANK_HOLIDAY_LABELS = {"as_usual": _l("Usual hours"), "closed": _l("Closed"), "unknown": _l("Not known: residents are told to call")}
CONTACT_KIND_LABELS = {
    "phone": _l("Phone"), "sms": _l("Sms"), "textphone": _l("Textphone"), "website": _l("Website"), "email": _l("Email"),
}
COVERAGE_LABELS = {
    "borough": _l("Borough"), "nwl": _l("Nwl"), "london": _l("London"), "england": _l("England"), "national": _l("National"),
}


def choices(pairs) -> list:
    """Menu options from (value, label) pairs, in the form this WTForms expects."""
    return [SelectChoice(value, label) if SelectChoice else (value, label) for value, label in pairs]


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


class ContactRow(Form):
    kind = SelectField(_l("Kind"), choices=choices((k, CONTACT_KIND_LABELS.get(k) or _label(k)) for k in CONTACT_KINDS), default="phone")
    value = StringField(_l("Number or address"), validators=[Optional(), Length(max=500)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class ExceptionRow(Form):
    starts_on = DateField(_l("First day"), validators=[Optional()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    closed = SelectField(_l("What happens"), choices=choices([("closed", _l("Closed all day")), ("special", _l("Special hours"))]), default="closed")
    opens = StringField(_l("Opens (HH:MM)"), validators=[Optional(), Length(max=5)])
    closes = StringField(_l("Closes (HH:MM)"), validators=[Optional(), Length(max=5)])
    reason = StringField(_l("Reason shown to residents"), validators=[Optional(), Length(max=500)])
    remove = BooleanField(_l("Remove this closure"))

    def is_blank(self) -> bool:
        return not any(f.data for f in (self.starts_on, self.ends_on, self.opens, self.closes, self.reason))


class LanguageRow(Form):
    code = StringField(_l("Language code (e.g. pl, ar, pa-Arab)"), validators=[Optional(), Length(max=16)])
    kind = SelectField(_l("How"), choices=choices([("spoken", _l("Spoken by staff")), ("interpreter", _l("Interpreter")), ("bsl", _l("British Sign Language"))]))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class ServiceForm(PlainErrors, FlaskForm):
    version = HiddenField(validators=[InputRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the service's name.")), Length(max=255)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=255)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    route = SelectField(_l("Route"), choices=choices((r, ROUTE_LABELS.get(r) or _label(r)) for r in ROUTES))
    category = StringField(_l("Category"), validators=[DataRequired(_l("Enter a category, e.g. community_pharmacy.")), Length(max=48)])
    status = SelectField(_l("Status"), choices=choices((s, STATUS_LABELS[s]) for s in STATUSES))
    status_note = TextAreaField(_l("Status note, shown to residents"), validators=[Optional(), Length(max=2000)])
    url = StringField(_l("Website"), validators=[Optional(), Length(max=500)])
    contacts = FieldList(FormField(ContactRow), min_entries=0)
    address = StringField(_l("Address"), validators=[Optional(), Length(max=500)])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=10)])
    accessibility = TextAreaField(_l("Accessibility"), validators=[Optional(), Length(max=2000)])
    always_open = BooleanField(_l("Open 24 hours, every day"))
    hours_unknown = BooleanField(_l("Hours not known (residents are told to call to check)"))
    hours_confirmed = BooleanField(_l("I have confirmed these hours with the service"))
    mon = StringField(DAY_NAMES["mon"], validators=[Optional(), Length(max=60)])
    tue = StringField(DAY_NAMES["tue"], validators=[Optional(), Length(max=60)])
    wed = StringField(DAY_NAMES["wed"], validators=[Optional(), Length(max=60)])
    thu = StringField(DAY_NAMES["thu"], validators=[Optional(), Length(max=60)])
    fri = StringField(DAY_NAMES["fri"], validators=[Optional(), Length(max=60)])
    sat = StringField(DAY_NAMES["sat"], validators=[Optional(), Length(max=60)])
    sun = StringField(DAY_NAMES["sun"], validators=[Optional(), Length(max=60)])
    hours_note = TextAreaField(_l("Hours note"), validators=[Optional(), Length(max=2000)])
    bank_holidays = SelectField(_l("On bank holidays"), choices=choices((b, BANK_HOLIDAY_LABELS[b]) for b in BANK_HOLIDAY_POLICIES))
    exceptions = FieldList(FormField(ExceptionRow), min_entries=0)
    age_min = IntegerField(_l("Minimum age"), validators=[Optional(), NumberRange(0, 120)])
    age_max = IntegerField(_l("Maximum age"), validators=[Optional(), NumberRange(0, 120)])
    eligibility_note = TextAreaField(_l("Who it is for"), validators=[Optional(), Length(max=2000)])
    needs = SelectMultipleField(_l("Needs met"), validators=[Optional()])
    areas = SelectMultipleField(_l("Boroughs served (none ticked: not limited to particular boroughs)"),
                                choices=choices((b, b) for b in NWL_BOROUGHS), validators=[Optional()])
    coverage = SelectField(_l("Coverage"), choices=choices([("", _l("Not recorded"))] + [(c, COVERAGE_LABELS.get(c) or _label(c)) for c in COVERAGES]), validators=[Optional()])
    languages = FieldList(FormField(LanguageRow), min_entries=0)
    source_url = StringField(_l("Source page"), validators=[Optional(), Length(max=1000)])
    source_note = TextAreaField(_l("Source note"), validators=[Optional(), Length(max=2000)])
    verified = BooleanField(_l("I have checked these details with the service today"))
    note = StringField(_l("What changed and why (kept in the history)"), validators=[Optional(), Length(max=NOTE_MAX)])
    submit = SubmitField(_l("Save changes"))

    def set_needs(self, need_about: dict[str, str], current: list[str]) -> None:
        """The needs menu: every known need, and any the service has that are not in the list."""
        ids = sorted(set(need_about) | set(current))
        self.needs.choices = choices((n, f"{_label(n)}" + (f" — {need_about[n]}" if need_about.get(n) else "")) for n in ids)

    def changes(self, before: dict, today: dt.date) -> dict:
        """The form as editable values (checks.check_changes validates them)."""
        changes = {
            "name": self.name.data, "organisation": self.organisation.data, "description": self.description.data,
            "route": self.route.data, "category": (self.category.data or "").strip(), "status": self.status.data,
            "status_note": self.status_note.data, "url": (self.url.data or "").strip() or None,
            "contacts": [row.data for row in self.contacts],
            "address": self.address.data, "postcode": self.postcode.data or "",
            "accessibility": self.accessibility.data, "always_open": self.always_open.data,
            "weekly": {day: getattr(self, day).data or "" for day in WEEKDAYS},
            "hours_note": self.hours_note.data, "bank_holidays": self.bank_holidays.data,
            "exceptions": [
                {"starts_on": row.starts_on.data, "ends_on": row.ends_on.data or row.starts_on.data,
                 "closed": row.closed.data == "closed", "opens": row.opens.data, "closes": row.closes.data, "reason": row.reason.data}
                for row in (entry.form for entry in self.exceptions)
                if not row.remove.data and not row.is_blank()
            ],
            "age_min": self.age_min.data, "age_max": self.age_max.data, "eligibility_note": self.eligibility_note.data,
            "needs": self.needs.data or [], "areas": self.areas.data or [], "coverage": self.coverage.data or None,
            "languages": [row.data for row in self.languages],
            "source_url": (self.source_url.data or "").strip() or None, "source_note": self.source_note.data,
        }
        shown = {day: ", ".join((before.get("weekly") or {}).get(day, [])) for day in WEEKDAYS}
        hours_changed = bool(self.always_open.data) != bool(before.get("always_open")) or any(
            (getattr(self, day).data or "").strip() != shown[day] for day in WEEKDAYS
        )
        if self.hours_unknown.data and not hours_changed:
            changes["hours_source"] = "unknown"
        elif not hours_changed and (before.get("hours_source") == "unknown" or self.hours_confirmed.data):
            changes["hours_source"] = "editor"
        if self.verified.data:
            changes["last_verified"] = today.isoformat()
        return changes

    @classmethod
    def data_from(cls, values: dict, version: int) -> dict:
        """Form data for a service's editable values, with blank rows to add contacts, closures and languages."""
        data = {k: values.get(k) for k in ("name", "organisation", "description", "route", "category", "status", "status_note",
                                           "url", "address", "postcode", "accessibility", "always_open", "hours_note",
                                           "bank_holidays", "age_min", "age_max", "eligibility_note", "needs", "areas",
                                           "source_url", "source_note")}
        data["coverage"] = values.get("coverage") or ""
        data["version"] = str(version)
        data["hours_unknown"] = values.get("hours_source") == "unknown"
        for day in WEEKDAYS:
            data[day] = ", ".join((values.get("weekly") or {}).get(day, []))
        blank_contact = {"kind": "phone", "value": "", "note": ""}
        data["contacts"] = [dict(c) for c in values.get("contacts") or []] + [blank_contact] * BLANK_ROWS
        data["exceptions"] = [
            {"starts_on": dt.date.fromisoformat(h["starts_on"]), "ends_on": dt.date.fromisoformat(h["ends_on"]),
             "closed": "closed" if h["closed"] else "special", "opens": h["opens"] or "", "closes": h["closes"] or "",
             "reason": h["reason"] or ""}
            for h in values.get("exceptions") or []
        ] + [{"starts_on": None, "ends_on": None, "closed": "closed", "opens": "", "closes": "", "reason": ""}] * BLANK_ROWS
        data["languages"] = [dict(l) for l in values.get("languages") or []] + [{"code": "", "kind": "spoken", "note": ""}]
        return data


class VersionForm(FlaskForm):
    """A one-button action on a service at a known version (mark verified, retire, restore)."""

    version = HiddenField(validators=[InputRequired()])
    next = HiddenField()


class RetireForm(PlainErrors, VersionForm):
    note = TextAreaField(_l("Why it is closing (shown to staff; kept in the history)"), validators=[DataRequired(_l("Say why the service is retired.")), Length(max=NOTE_MAX)])
    submit = SubmitField(_l("Retire this service"))


class RestoreForm(VersionForm):
    event_id = HiddenField(validators=[InputRequired()])
    before = HiddenField(default="0")


class OverwriteForm(VersionForm):
    """From the conflict page: the editor's values, saved over the current version after seeing both."""

    values = HiddenField(validators=[InputRequired()])
    note = HiddenField()


class ResolveForm(PlainErrors, FlaskForm):
    note = TextAreaField(_l("What was done"), validators=[DataRequired(_l("Say what was done about the report.")), Length(max=NOTE_MAX)])
    submit = SubmitField(_l("Resolve"))


class ReportForm(PlainErrors, FlaskForm):
    message = TextAreaField(_l("What is wrong with this service's details?"), validators=[DataRequired(_l("Say what is wrong.")), Length(max=FEEDBACK_MAX)])
    submit = SubmitField(_l("Send to the directory editors"))


class ImportUploadForm(PlainErrors, FlaskForm):
    file = FileField(
        _l("ODS CSV (epraccur or edispensary, with its header row) or ORUK JSON"),
        validators=[FileRequired(_l("Choose a file.")), FileAllowed(["csv", "json"], _l("Upload a .csv or .json file."))],
    )
    submit = SubmitField(_l("Review the changes"))


class ImportApplyForm(FlaskForm):
    payload = HiddenField(validators=[InputRequired()])
    filename = HiddenField(validators=[InputRequired()])
    signature = HiddenField(validators=[InputRequired()])
    fingerprint = HiddenField(validators=[InputRequired()])
    submit = SubmitField(_l("Apply these changes"))


class ListFilterForm(FlaskForm):
    """The service list's filters (a GET form: no CSRF token in URLs)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or ODS code"), validators=[Optional(), Length(max=100)])
    route = SelectField(_l("Route"), choices=choices([("", _l("any"))] + [(r, ROUTE_LABELS.get(r) or _label(r)) for r in ROUTES]), validators=[Optional()])
    status = SelectField(_l("Status"), choices=choices([("", _l("any"))] + [(s, STATUS_LABELS[s]) for s in STATUSES]), validators=[Optional()])
    borough = SelectField(_l("Borough"), choices=choices([("", _l("any"))] + [(b, b) for b in NWL_BOROUGHS]), validators=[Optional()])
    stale = BooleanField(_l("Not verified for 6 months"))
    page = IntegerField(_l("Page"), validators=[Optional(), NumberRange(1, 10_000)], default=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formdata=request.args if request.args else None, **kwargs)
