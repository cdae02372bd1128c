"""Staff forms (Flask-WTF). Forms that change something carry a CSRF token; GET searches change nothing."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..directory.models import NWL_BOROUGHS, ROUTES
from ..i18n import LANGUAGES, native_name
from ..sms.phone import normalise_uk_mobile
from .pages import lazy_gettext as _l, plain
from ..directory.search import LANGUAGE_NAMES

try:  # WTForms 3.3 wants SelectChoice objects; older releases take (value, label) pairs.
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover
    SelectChoice = None


def choices(pairs) -> list:
    """Menu options from (value, label) pairs, in the form this WTForms expects."""
    return [SelectChoice(value, label) if SelectChoice else (value, label) for value, label in pairs]


RADII = choices([("", _l("any distance")), ("1", _l("1 km")), ("2", _l("2 km")), ("5", _l("5 km")), ("10", _l("10 km"))])
ROUTE_LABELS = {
    "emergency": _l("Emergency"), "crisis": _l("Crisis"), "utc": _l("Utc"), "pharmacy": _l("Pharmacy"), "gp": _l("Gp"),
    "dental": _l("Dental"), "nhs111": _l("Nhs111"), "voluntary": _l("Voluntary"),
}


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _plain_errors(field) -> None:
    if field.type == "FieldList":
        for entry in field.entries:
            _plain_errors(entry)
    if field.type == "FormField":
        for sub in field.form:
            _plain_errors(sub)
    elif isinstance(field.errors, list):
        field.errors = [plain(message) for message in field.errors]


class PlainErrors:
    """Validator messages are lazy (translated when shown); after validation they are plain text again."""

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators=extra_validators)
        for field in self:
            _plain_errors(field)
        return ok


class GetForm(PlainErrors, FlaskForm):
    """A read-only form filled from the query string (no CSRF token in URLs)."""

    class Meta:
        csrf = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formdata=request.args if request.args else None, **kwargs)


class LoginForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "username"})
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "current-password"}
    )
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Sign out"))


class SearchForm(GetForm):
    q = StringField(_l("What does the person need?"), validators=[Optional(), Length(max=200)])
    need = SelectField(_l("Need"), validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    route = SelectField(_l("Route"), choices=choices([("", _l("any"))] + [(r, ROUTE_LABELS.get(r) or _label(r)) for r in ROUTES]), validators=[Optional()])
    borough = SelectField(_l("Borough served"), choices=choices([("", _l("any"))] + [(b, b) for b in NWL_BOROUGHS]), validators=[Optional()])
    near = StringField(_l("Near (postcode or area)"), validators=[Optional(), Length(max=40)])
    radius_km = SelectField(_l("Within"), choices=RADII, validators=[Optional()])
    open = SelectField(
        _l("Open"), choices=choices([("", _l("any time")), ("now", _l("open now")), ("at", _l("open at…"))]), validators=[Optional()]
    )
    at = DateTimeLocalField(_l("Open at"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    language = SelectField(
        _l("Language offered"),
        choices=choices([("", _l("any"))] + sorted(LANGUAGE_NAMES.items(), key=lambda item: item[1])),
        validators=[Optional()],
    )
    age = IntegerField(_l("Age"), validators=[Optional(), NumberRange(0, 120)])

    def set_choices(self, needs: list[str], categories: list[str]) -> None:
        """Fill the need and category menus from what the directory holds."""
        self.need.choices = choices([("", _("any"))] + [(n, _label(n)) for n in needs])
        self.category.choices = choices([("", _("any"))] + [(c, _label(c)) for c in categories])

    def validate_at(self, field):
        if self.open.data == "at" and field.data is None:
            raise ValidationError(_("Choose the date and time to check."))


class AlternativesForm(GetForm):
    near = StringField(_l("Caller's postcode"), validators=[Optional(), Length(max=40)])
    at = DateTimeLocalField(_l("At (leave empty for now)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])


class ShortlistForm(FlaskForm):
    service_id = HiddenField(validators=[InputRequired()])


class ClearShortlistForm(FlaskForm):
    submit = SubmitField(_l("Clear the shortlist"))


class SendForm(PlainErrors, FlaskForm):
    service_ids = HiddenField(validators=[InputRequired()])
    mobile = StringField(
        _l("Resident's mobile number"),
        validators=[DataRequired(), Length(max=30)],
        render_kw={"autocomplete": "off", "inputmode": "tel"},
    )
    language = SelectField(
        _l("Language of the text"),
        choices=choices((code, f"{native_name(code)} ({LANGUAGE_NAMES.get(code, 'English')})") for code in LANGUAGES),
        default="en",
    )
    consent = BooleanField(
        _l("The resident has agreed to receive these details by text message"),
        validators=[DataRequired(_l("Ask the resident first: tick the box once they agree."))],
    )
    preview = SubmitField(_l("Update preview"))
    send = SubmitField(_l("Send text"))

    def validate_mobile(self, field):
        if normalise_uk_mobile(field.data or "") is None:
            raise ValidationError(_("Enter a UK mobile number, like 07700 900123."))

    def ids(self) -> list[int]:
        """The service ids in the order chosen (bad parts ignored)."""
        return ids_from(self.service_ids.data)


def ids_from(raw: str | None) -> list[int]:
    """'3,1,2' → [3, 1, 2], duplicates and junk dropped, at most 10."""
    seen: list[int] = []
    for part in (raw or "").split(","):
        part = part.strip()
        if part.isdigit() and int(part) not in seen:
            seen.append(int(part))
    return seen[:10]
