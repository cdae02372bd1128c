"""Staff forms (Flask-WTF). Forms that change something carry a CSRF token; GET searches change nothing."""
from __future__ import annotations

from flask import request
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
from .search import LANGUAGE_NAMES

try:  # WTForms 3.3 wants SelectChoice objects; older releases take (value, label) pairs.
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover
    SelectChoice = None


def choices(pairs) -> list:
    """Menu options from (value, label) pairs, in the form this WTForms expects."""
    return [SelectChoice(value, label) if SelectChoice else (value, label) for value, label in pairs]


RADII = choices([("", "any distance"), ("1", "1 km"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km")])


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


class GetForm(FlaskForm):
    """A read-only form filled from the query string (no CSRF token in URLs)."""

    class Meta:
        csrf = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formdata=request.args if request.args else None, **kwargs)


class LoginForm(FlaskForm):
    email = StringField("Email", validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "username"})
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "current-password"}
    )
    next = HiddenField()
    submit = SubmitField("Sign in")


class LogoutForm(FlaskForm):
    submit = SubmitField("Sign out")


class SearchForm(GetForm):
    q = StringField("What does the person need?", validators=[Optional(), Length(max=200)])
    need = SelectField("Need", validators=[Optional()])
    category = SelectField("Category", validators=[Optional()])
    route = SelectField("Route", choices=choices([("", "any")] + [(r, _label(r)) for r in ROUTES]), validators=[Optional()])
    borough = SelectField("Borough served", choices=choices([("", "any")] + [(b, b) for b in NWL_BOROUGHS]), validators=[Optional()])
    near = StringField("Near (postcode or area)", validators=[Optional(), Length(max=40)])
    radius_km = SelectField("Within", choices=RADII, validators=[Optional()])
    open = SelectField(
        "Open", choices=choices([("", "any time"), ("now", "open now"), ("at", "open at…")]), validators=[Optional()]
    )
    at = DateTimeLocalField("Open at", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    language = SelectField(
        "Language offered",
        choices=choices([("", "any")] + sorted(LANGUAGE_NAMES.items(), key=lambda item: item[1])),
        validators=[Optional()],
    )
    age = IntegerField("Age", validators=[Optional(), NumberRange(0, 120)])

    def set_choices(self, needs: list[str], categories: list[str]) -> None:
        """Fill the need and category menus from what the directory holds."""
        self.need.choices = choices([("", "any")] + [(n, _label(n)) for n in needs])
        self.category.choices = choices([("", "any")] + [(c, _label(c)) for c in categories])

    def validate_at(self, field):
        if self.open.data == "at" and field.data is None:
            raise ValidationError("Choose the date and time to check.")


class AlternativesForm(GetForm):
    near = StringField("Caller's postcode", validators=[Optional(), Length(max=40)])
    at = DateTimeLocalField("At (leave empty for now)", format="%Y-%m-%dT%H:%M", validators=[Optional()])


class ShortlistForm(FlaskForm):
    service_id = HiddenField(validators=[InputRequired()])


class ClearShortlistForm(FlaskForm):
    submit = SubmitField("Clear the shortlist")


class SendForm(FlaskForm):
    service_ids = HiddenField(validators=[InputRequired()])
    mobile = StringField(
        "Resident's mobile number",
        validators=[DataRequired(), Length(max=30)],
        render_kw={"autocomplete": "off", "inputmode": "tel"},
    )
    language = SelectField(
        "Language of the text",
        choices=choices((code, f"{native_name(code)} ({LANGUAGE_NAMES.get(code, 'English')})") for code in LANGUAGES),
        default="en",
    )
    consent = BooleanField(
        "The resident has agreed to receive these details by text message",
        validators=[DataRequired("Ask the resident first: tick the box once they agree.")],
    )
    preview = SubmitField("Update preview")
    send = SubmitField("Send text")

    def validate_mobile(self, field):
        if normalise_uk_mobile(field.data or "") is None:
            raise ValidationError("Enter a UK mobile number, like 07700 900123.")

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
