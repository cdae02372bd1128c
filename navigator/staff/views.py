"""Staff pages: sign-in, directory search, service details, shortlist, send to resident, local alternatives."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from markupsafe import Markup, escape

from .. import clock, db
from ..directory.hours import LONDON, opening_state
from ..directory.postcodes import resolve_place
from ..directory.queries import get_service
from ..sms.sender import sender_for, services_text
from . import bp
from .alternatives import local_alternatives
from .auth import authenticate, current_user, log_in, role_required, safe_next, sign_out, throttled
from .forms import AlternativesForm, ClearShortlistForm, LoginForm, LogoutForm, SearchForm, SendForm, ShortlistForm, ids_from
from .models import ROLE_LABELS
from .present import UNCONFIRMED_LABEL, state_class, state_text, week_hours
from ..directory.search import SearchQuery, search, search_index, service_choices, state_at
from .sending import NothingToSend, send_services
from .pages import lazy_gettext as _l, protect_staff_pages

SEARCH_ROLES = ("prescriber", "call_handler")
SEND_ROLES = ("prescriber",)
ALTERNATIVES_ROLES = ("call_handler", "prescriber")
SHORTLIST_MAX = 10
CONTACT_KIND_LABELS = {
    "phone": _l("Phone"), "sms": _l("Sms"), "textphone": _l("Textphone"), "website": _l("Website"), "email": _l("Email"),
}


@bp.app_template_global()
def staff_user():
    """The signed-in staff member, for templates."""
    return current_user() if request.blueprint == "staff" else None


@bp.app_template_global()
def staff_logout_form():
    """A sign-out form (with its CSRF token) for the page header."""
    return LogoutForm()


@bp.app_template_filter("state_text")
def _state_text(state, at=None):
    return state_text(state, at or clock.now())


@bp.app_template_filter("state_class")
def _state_class(state, at=None):
    return state_class(state, at or clock.now())


@bp.app_template_filter("contact_line")
def _contact_line(service):
    """'020 8573 0096 · Text 85258 · 28 Station Road, UB3 4DD' with tel: and sms: links."""
    parts = []
    if service.phone:
        parts.append(Markup('<a href="tel:{}">{}</a>').format(service.phone.replace(" ", ""), service.phone))
    if service.sms:
        parts.append(Markup(_('Text <a href="sms:%(link)s">%(number)s</a>')) % {"link": service.sms.replace(" ", ""), "number": service.sms})
    if service.address:
        parts.append(escape(service.address + (f", {service.postcode}" if service.postcode else "")))
    return Markup(" · ").join(parts)


@bp.context_processor
def _staff_context():
    return {"role_labels": ROLE_LABELS, "UNCONFIRMED": UNCONFIRMED_LABEL, "shortlist_ids": session.get("shortlist", []),
            "contact_kinds": CONTACT_KIND_LABELS}


protect_staff_pages(bp, _l("Your role does not include this page."))


@bp.errorhandler(RateLimitExceeded)
def _too_many(_exc):
    form = LoginForm()
    message = _(
        "Too many failed sign-in attempts. Wait 15 minutes and try again, "
        "or ask an administrator to check your account."
    )
    return render_template("staff/login.html", form=form, throttle_message=message), 429


@bp.route("/login", methods=["GET", "POST"])
@throttled
def login():
    """Sign in with email and password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = authenticate(db.session(), form.email.data, form.password.data)
        if user is not None:
            log_in(user)
            return redirect(safe_next(form.next.data))
        g.login_failed = True
        form.password.errors.append(_("The email or password is not right."))
    elif request.method == "POST":
        g.login_failed = True
    return render_template("staff/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out."""
    if LogoutForm().validate_on_submit():
        sign_out(current_user())
        flash(_("You have signed out."))
    return redirect(url_for("staff.login"))


@bp.get("/")
@role_required()
def home():
    """The tools this member of staff may use."""
    return render_template("staff/home.html")


@bp.get("/search")
@role_required(*SEARCH_ROLES)
def search_page():
    """Search the directory by need, place, time, language and age."""
    session_db = db.session()
    data_dir = current_app.config["DATA_DIR"]
    form = SearchForm()
    form.set_choices(*service_choices(session_db, data_dir))
    result, place_error, query = None, None, None
    if request.args and form.validate():
        near = resolve_place(session_db, form.near.data) if form.near.data else None
        if form.near.data and near is None:
            place_error = _("We could not find “%(place)s”: try a full postcode, a district like HA0, or a borough.", place=form.near.data)
        now = clock.now()
        open_at = now if form.open.data == "now" else (form.at.data.replace(tzinfo=LONDON) if form.open.data == "at" else None)
        query = SearchQuery(
            text=form.q.data or "",
            need=form.need.data or None,
            category=form.category.data or None,
            route=form.route.data or None,
            borough=form.borough.data or None,
            near=near,
            radius_km=float(form.radius_km.data) if form.radius_km.data and near else None,
            open_at=open_at,
            language=form.language.data or None,
            age=form.age.data,
        )
        if not place_error:
            result = search(session_db, data_dir, query, now)
    return render_template("staff/search.html", form=form, result=result, place_error=place_error, now=clock.now(), query=query)


@bp.get("/services/<int:service_id>")
@role_required(*SEARCH_ROLES)
def service_page(service_id: int):
    """Everything about one service: the week's hours, closures, eligibility, languages, contacts."""
    service = get_service(db.session(), service_id)
    if service is None:
        abort(404)
    now = clock.now()
    return render_template(
        "staff/service.html",
        service=service,
        state=opening_state(service, now),
        week=week_hours(service, now.date()),
        upcoming=[h for h in service.holiday_schedules if h.ends_on >= now.date()],
        now=now,
        shortlist_form=ShortlistForm(service_id=service.id),
    )


def _shortlist() -> list[int]:
    return [i for i in session.get("shortlist", []) if isinstance(i, int)]


@bp.get("/shortlist")
@role_required(*SEARCH_ROLES)
def shortlist():
    """The services chosen for this resident."""
    index = search_index(db.session(), current_app.config["DATA_DIR"])
    now = clock.now()
    services = [index.services[i] for i in _shortlist() if i in index.services]
    states = {s.id: state_at(s.schedule, now) for s in services}
    return render_template(
        "staff/shortlist.html", services=services, states=states, now=now, form=ShortlistForm(), clear_form=ClearShortlistForm()
    )


@bp.post("/shortlist/add")
@role_required(*SEARCH_ROLES)
def shortlist_add():
    """Add a service to the shortlist."""
    form = ShortlistForm()
    if form.validate_on_submit() and form.service_id.data.isdigit():
        ids = _shortlist()
        service_id = int(form.service_id.data)
        if service_id not in ids:
            if len(ids) >= SHORTLIST_MAX:
                flash(_("The shortlist holds %(num)d services: remove one first.", num=SHORTLIST_MAX))
            else:
                session["shortlist"] = ids + [service_id]
                flash(_("Added to the shortlist."))
    return redirect(safe_next(request.form.get("next")) if request.form.get("next") else url_for("staff.shortlist"))


@bp.post("/shortlist/remove")
@role_required(*SEARCH_ROLES)
def shortlist_remove():
    """Take a service off the shortlist."""
    form = ShortlistForm()
    if form.validate_on_submit() and form.service_id.data.isdigit():
        session["shortlist"] = [i for i in _shortlist() if i != int(form.service_id.data)]
    return redirect(url_for("staff.shortlist"))


@bp.post("/shortlist/clear")
@role_required(*SEARCH_ROLES)
def shortlist_clear():
    """Empty the shortlist."""
    if ClearShortlistForm().validate_on_submit():
        session["shortlist"] = []
    return redirect(url_for("staff.shortlist"))


@bp.get("/shortlist/print")
@role_required(*SEARCH_ROLES)
def shortlist_print():
    """A printable sheet of the shortlisted services with their week's hours."""
    now = clock.now()
    services = [s for s in (get_service(db.session(), i) for i in _shortlist()) if s is not None]
    weeks = {s.id: week_hours(s, now.date()) for s in services}
    return render_template("staff/print.html", services=services, weeks=weeks, now=now)


@bp.route("/send", methods=["GET", "POST"])
@role_required(*SEND_ROLES)
def send():
    """Text the chosen services to a resident, after their consent; preview first."""
    index = search_index(db.session(), current_app.config["DATA_DIR"])
    form = SendForm()
    if request.method == "GET":
        form.service_ids.data = ",".join(str(i) for i in ids_from(request.args.get("ids")) or _shortlist())
    services = [index.services[i] for i in form.ids() if i in index.services]
    if not services:
        flash(_("Choose at least one service to send."))
        return redirect(url_for("staff.shortlist"))
    if form.send.data and form.validate_on_submit():
        pepper = current_app.config.get("PHONE_HASH_PEPPER") or current_app.config["SECRET_KEY"]
        try:
            outcome = send_services(
                db.session(), sender_for(current_app), current_user(), services, form.mobile.data, form.language.data, pepper, clock.now()
            )
        except NothingToSend as exc:
            form.mobile.errors = [str(exc)]
        else:
            if outcome.audit.status == "sent":
                flash(_("Text sent to %(number)s (%(segments)d SMS).", number=outcome.masked_number, segments=outcome.text.size.segments))
                return redirect(url_for("staff.service_page", service_id=services[0].id) if len(services) == 1 else url_for("staff.shortlist"))
            if outcome.audit.status == "opted_out":
                form.mobile.errors = [_("Not sent: this number has replied STOP to navigator. The resident can reply START to get texts again.")]
            else:
                form.mobile.errors = [_("The text could not be sent: %(error)s", error=outcome.audit.error or _("unknown error"))]
    preview = services_text(services, form.language.data or "en")
    dropped = [index.services[i].name for i in preview.dropped]
    return render_template("staff/send.html", form=form, services=services, preview=preview, dropped=dropped)


@bp.get("/alternatives")
@role_required(*ALTERNATIVES_ROLES)
def alternatives():
    """Open local alternatives to A&E for a caller's postcode, now or at a time."""
    form = AlternativesForm()
    result, error = None, None
    if form.near.data and form.validate():
        session_db = db.session()
        place = resolve_place(session_db, form.near.data)
        if place is None:
            error = _("We could not find the postcode “%(postcode)s” in Greater London. Check it with the caller.", postcode=form.near.data)
        else:
            at = form.at.data.replace(tzinfo=LONDON) if form.at.data else clock.now()
            result = local_alternatives(session_db, current_app.config["DATA_DIR"], place, at)
    return render_template("staff/alternatives.html", form=form, result=result, error=error, now=clock.now())
