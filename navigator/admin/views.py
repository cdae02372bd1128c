"""Editor pages: service list and needs-review, edit with conflicts, history and restore, feedback, bulk import."""
from __future__ import annotations

import datetime as dt
import json

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import clock, db
from ..directory import audit, editing, importing
from ..directory.checks import EditError
from ..directory.editing import VersionConflict
from ..directory.feedback import FeedbackError, count_open_feedback, open_feedback, report_problem, resolve_feedback
from ..directory.hours import LONDON, opening_state
from ..directory.queries import get_service
from ..directory.review import count_needs_review, list_services, months_before, needs_review
from ..extensions import csrf
from ..directory.sources import WEEKDAYS, DataError
from ..staff.auth import current_user, local_path, role_required
from ..staff.models import ROLE_LABELS
from ..staff.pages import lazy_gettext as _l, protect_staff_pages
from ..staff.present import UNCONFIRMED_LABEL
from ..directory.search import load_need_about
from . import bp
from .forms import (
    ImportApplyForm,
    ImportUploadForm,
    ListFilterForm,
    OverwriteForm,
    ReportForm,
    ResolveForm,
    RestoreForm,
    RetireForm,
    ServiceForm,
    VersionForm,
)
from .present import display_lines, error_items, field_label
from .upload import MAX_UPLOAD, pack, unpack

EDITOR = ("editor",)
PER_PAGE = 50
REVIEW_MONTHS = 6
# Where each editable field's error is shown on the edit form.
ERROR_TARGETS = {"hours_source": "hours_unknown", "lat": "postcode", "lon": "postcode", "borough": "postcode",
                 "last_verified": "verified"}


@bp.context_processor
def _admin_context():
    # The staff layout shows the signed-in user only on its own pages; admin pages are staff pages too.
    return {
        "staff_user": current_user,
        "role_labels": ROLE_LABELS,
        "UNCONFIRMED": UNCONFIRMED_LABEL,
        "shortlist_ids": session.get("shortlist", []),
        "review_count": count_needs_review(db.session(), clock.now().date(), REVIEW_MONTHS),
        "feedback_count": count_open_feedback(db.session()),
    }


# Helpers the admin macros call (imported macros do not see the page's context).
bp.add_app_template_global(display_lines, "display_lines")
bp.add_app_template_global(field_label, "field_label")
bp.add_app_template_global(error_items, "error_items")


@bp.app_template_filter("london")
def london_time(when, fmt: str = "%H:%M on %-d %b %Y") -> str:
    """A stored time (UTC; naive from SQLite) in London time."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(LONDON).strftime(fmt)


protect_staff_pages(bp, _l("Your role does not include directory editing."))


def _actor() -> str:
    return current_user().email


def _service_or_404(service_id: int):
    service = get_service(db.session(), service_id)
    if service is None:
        abort(404)
    return service


def _version(form) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        abort(400)


def _next_url(default: str) -> str:
    target = request.form.get("next") or ""
    return default if "//" in target else local_path(target, ("/admin/",)) or default


# --- lists ------------------------------------------------------------------------------------------


@bp.get("/")
@role_required(*EDITOR)
def services():
    """Every service, filtered by name, route, status, borough or freshness."""
    form = ListFilterForm()
    form.validate()
    today = clock.now().date()
    result = list_services(
        db.session(), q=form.q.data or None, route=form.route.data or None, status=form.status.data or None,
        borough=form.borough.data or None,
        stale_before=months_before(today, REVIEW_MONTHS) if form.stale.data else None,
        page=form.page.data if not form.page.errors and form.page.data else 1, per_page=PER_PAGE,
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("admin/services.html", form=form, result=result, args=args, today=today)


@bp.get("/review")
@role_required(*EDITOR)
def review():
    """Services nobody has verified for 6 months, oldest check first, each with one-click "mark verified"."""
    today = clock.now().date()
    total = count_needs_review(db.session(), today, REVIEW_MONTHS)
    # Clamp to the pages there are: a huge ?page= would overflow the database's OFFSET (a 500).
    page = min(max(1, request.args.get("page", 1, type=int)), max(1, -(-total // PER_PAGE)))
    items = needs_review(db.session(), today, REVIEW_MONTHS, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    return render_template("admin/review.html", services=items, total=total, page=page, per_page=PER_PAGE,
                           cutoff=months_before(today, REVIEW_MONTHS), form=VersionForm())


@bp.post("/services/<int:service_id>/verify")
@role_required(*EDITOR)
def verify(service_id: int):
    """Mark a service's details as checked today."""
    service = _service_or_404(service_id)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        editing.mark_verified(db.session(), service, _actor(), clock.now().date(), expected_version=_version(form))
    except VersionConflict:
        flash(_("%(name)s changed while you were looking: check it again before marking it verified.", name=service.name))
    else:
        flash(_("Marked %(name)s as verified today.", name=service.name))
    return redirect(_next_url(url_for("admin.review")))


# --- editing ----------------------------------------------------------------------------------------


def _edit_form(service=None, values=None) -> ServiceForm:
    values = values if values is not None else audit.editable_values(service)
    if request.method == "POST":
        form = ServiceForm()
    else:
        form = ServiceForm(data=ServiceForm.data_from(values, service.version if service else 0))
    form.set_needs(load_need_about(current_app.config["DATA_DIR"]), values.get("needs") or [])
    return form


def _show_errors(form: ServiceForm, exc: EditError) -> None:
    for key, message in exc.errors.items():
        name = ERROR_TARGETS.get(key, key)
        if key == "weekly":
            day = message.split(":")[0].strip().lower()[:3]
            name = day if day in WEEKDAYS else "mon"
            message = message.split(":", 1)[1].strip() if day in WEEKDAYS else message
        target = getattr(form, name, None)
        if target is not None:
            target.errors = list(target.errors or []) + [message]
        else:
            form.form_errors.append(f"{field_label(key)}: {message}")


def _render_edit(form: ServiceForm, service=None, status: int = 200):
    now = clock.now()
    feedback = open_feedback(db.session(), service.id) if service else []
    return render_template(
        "admin/edit.html", form=form, service=service, now=now, feedback=feedback,
        state=opening_state(service, now) if service else None, retire_form=RetireForm(prefix="retire"),
    ), status


def _render_conflict(service, conflict: VersionConflict, note: str | None):
    base = audit.values_at(db.session(), service.id, conflict.expected_version)
    mine = [f for f in conflict.fields if base is None or audit.diff({f: base.get(f)}, {f: conflict.yours.get(f)})]
    theirs = [f for f in conflict.fields if base is not None and audit.diff({f: base.get(f)}, {f: conflict.current.get(f)})]
    latest = next(iter(audit.history(db.session(), service.id)), None)
    form = OverwriteForm(formdata=None, version=str(conflict.current_version), note=note or "",
                         values=json.dumps({f: conflict.yours[f] for f in mine}, ensure_ascii=False))
    return render_template("admin/conflict.html", service=service, conflict=conflict, mine=mine, theirs=theirs,
                           base=base, latest=latest, form=form), 409


@bp.route("/services/<int:service_id>/edit", methods=["GET", "POST"])
@role_required(*EDITOR)
def edit(service_id: int):
    """Every field of a service; saving an edit made on an older version shows the conflict instead."""
    service = _service_or_404(service_id)
    form = _edit_form(service)
    if not form.validate_on_submit():
        return _render_edit(form, service, 400 if request.method == "POST" else 200)
    today = clock.now().date()
    try:
        event = editing.update_service(db.session(), service, form.changes(audit.editable_values(service), today), actor=_actor(),
                                       expected_version=_version(form), note=form.note.data)
    except VersionConflict as conflict:
        return _render_conflict(service, conflict, form.note.data)
    except EditError as exc:
        _show_errors(form, exc)
        return _render_edit(form, service, 400)
    flash(_("Saved %(name)s (version %(num)d).", name=service.name, num=service.version) if event else _("Nothing had changed."))
    return redirect(url_for("admin.edit", service_id=service.id))


@bp.post("/services/<int:service_id>/overwrite")
@role_required(*EDITOR)
def overwrite(service_id: int):
    """From the conflict page: save the editor's changes on top of the version they have now seen."""
    service = _service_or_404(service_id)
    form = OverwriteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        values = json.loads(form.values.data)
        assert isinstance(values, dict)
    except (ValueError, AssertionError):
        abort(400)
    try:
        editing.update_service(db.session(), service, values, actor=_actor(), expected_version=_version(form), note=form.note.data)
    except VersionConflict as conflict:
        return _render_conflict(service, conflict, form.note.data)
    except EditError as exc:
        flash(_("Your changes could not be saved: %(error)s", error=str(exc)))
        return redirect(url_for("admin.edit", service_id=service.id))
    flash(_("Saved your changes to %(name)s (version %(num)d).", name=service.name, num=service.version))
    return redirect(url_for("admin.edit", service_id=service.id))


@bp.route("/services/new", methods=["GET", "POST"])
@role_required(*EDITOR)
def new():
    """Add a service."""
    values = {"route": "voluntary", "status": "active", "bank_holidays": "unknown", "category": "voluntary_organisation"}
    form = _edit_form(values=values)
    if not form.validate_on_submit():
        return _render_edit(form, None, 400 if request.method == "POST" else 200)
    changes = form.changes({}, clock.now().date())
    try:
        service = editing.create_service(db.session(), changes, actor=_actor(), note=form.note.data)
    except EditError as exc:
        _show_errors(form, exc)
        return _render_edit(form, None, 400)
    flash(_("Added %(name)s.", name=service.name))
    return redirect(url_for("admin.edit", service_id=service.id))


@bp.post("/services/<int:service_id>/retire")
@role_required(*EDITOR)
def retire(service_id: int):
    """Close a service for good (it stays in the directory's history)."""
    service = _service_or_404(service_id)
    form = RetireForm(prefix="retire")
    if not form.validate_on_submit():
        flash(" ".join(form.note.errors) or _("Say why the service is retired."))
        return redirect(url_for("admin.edit", service_id=service.id))
    try:
        editing.retire_service(db.session(), service, actor=_actor(), expected_version=_version(form), note=form.note.data)
    except VersionConflict:
        flash(_("The service changed while you were looking: check it again before retiring it."))
    else:
        flash(_("Retired %(name)s: residents are no longer offered it.", name=service.name))
    return redirect(url_for("admin.edit", service_id=service.id))


# --- history ----------------------------------------------------------------------------------------


@bp.get("/services/<int:service_id>/history")
@role_required(*EDITOR)
def history(service_id: int):
    """Who changed what and when, field by field, with "restore this version"."""
    service = _service_or_404(service_id)
    events = audit.history(db.session(), service.id)
    changes = {e.id: audit.event_changes(e) for e in events}
    return render_template("admin/history.html", service=service, events=events, changes=changes, form=RestoreForm())


@bp.post("/services/<int:service_id>/restore")
@role_required(*EDITOR)
def restore(service_id: int):
    """Put back an earlier version (recorded as a new change)."""
    service = _service_or_404(service_id)
    form = RestoreForm()
    if not form.validate_on_submit() or not form.event_id.data.isdigit():
        abort(400)
    try:
        event = editing.restore_version(db.session(), service, int(form.event_id.data), _actor(),
                                        before=form.before.data == "1", expected_version=_version(form))
    except VersionConflict:
        flash(_("The service changed while you were looking: check the history again."))
    except EditError as exc:
        flash(str(exc))
    else:
        flash(_("Restored: now version %(num)d.", num=service.version) if event else _("That version is what the service already holds."))
    return redirect(url_for("admin.history", service_id=service.id))


# --- feedback ---------------------------------------------------------------------------------------


@bp.get("/feedback")
@role_required(*EDITOR)
def feedback():
    """Problems reported by residents and staff, oldest first, with recently resolved ones."""
    session_db = db.session()
    return render_template("admin/feedback.html", items=open_feedback(session_db),
                           resolved=open_feedback(session_db, status="resolved", limit=30), form=ResolveForm())


@bp.post("/feedback/<int:feedback_id>/resolve")
@role_required(*EDITOR)
def resolve(feedback_id: int):
    """Close a report with a note of what was done."""
    form = ResolveForm()
    if not form.validate_on_submit():
        flash(_("Say what was done about the report before resolving it."))
        return redirect(url_for("admin.feedback"))
    try:
        resolve_feedback(db.session(), feedback_id, _actor(), form.note.data)
    except FeedbackError as exc:
        flash(str(exc))
    else:
        flash(_("Report resolved."))
    return redirect(url_for("admin.feedback"))


@bp.route("/services/<int:service_id>/report", methods=["GET", "POST"])
@role_required()
def report(service_id: int):
    """Any member of staff: report a problem with a service's details to the editors."""
    service = _service_or_404(service_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report_problem(db.session(), service.id, form.message.data, reporter="staff", reporter_name=_actor())
        except FeedbackError as exc:
            form.message.errors = [str(exc)]
        else:
            flash(_("Thank you: the directory editors will check it."))
            user = current_user()
            if user.has_role("prescriber", "call_handler"):
                return redirect(url_for("staff.service_page", service_id=service.id))
            return redirect(url_for("admin.edit", service_id=service.id))
    return render_template("admin/report.html", service=service, form=form), 400 if form.errors else 200


# --- bulk import ------------------------------------------------------------------------------------


def _plan(content: bytes, filename: str):
    found = importing.read_upload(db.session(), content, filename, current_app.config["DATA_DIR"])
    return found, importing.plan_import(db.session(), found.records, mode=found.mode, kind=found.kind)


# The global CSRF check reads the body before the view could allow a larger one; these forms check their token themselves.
@bp.route("/import", methods=["GET", "POST"])
@csrf.exempt
@role_required(*EDITOR)
def import_upload():
    """Upload an ODS CSV or ORUK JSON file and review the changes before applying them."""
    request.max_content_length = MAX_UPLOAD
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_template("admin/import.html", form=form), 400 if request.method == "POST" else 200
    upload = form.file.data
    content, filename = upload.read(), (upload.filename or "upload")[-200:]
    try:
        found, plan = _plan(content, filename)
    except DataError as exc:
        form.file.errors = [str(exc)]
        return render_template("admin/import.html", form=form), 400
    payload, signature = pack(content, filename, current_app.config["SECRET_KEY"])
    apply_form = ImportApplyForm(payload=payload, filename=filename, signature=signature, fingerprint=plan.fingerprint())
    return render_template("admin/import_review.html", plan=plan, found=found, filename=filename, form=apply_form)


@bp.post("/import/apply")
@csrf.exempt
@role_required(*EDITOR)
def import_apply():
    """Apply exactly the reviewed changes as one audited change set."""
    request.max_content_length = MAX_UPLOAD * 2
    request.max_form_memory_size = MAX_UPLOAD * 2
    form = ImportApplyForm()
    if not form.validate_on_submit():
        abort(400)
    content = unpack(form.payload.data, form.filename.data, form.signature.data, current_app.config["SECRET_KEY"])
    if content is None:
        abort(400)
    try:
        found, plan = _plan(content, form.filename.data)
    except DataError:
        abort(400)
    if plan.fingerprint() != form.fingerprint.data:
        flash(_("The directory changed since you reviewed this file: here are the changes as they stand now."))
        form.fingerprint.data = plan.fingerprint()
        return render_template("admin/import_review.html", plan=plan, found=found, filename=form.filename.data, form=form), 409
    try:
        change_set = importing.apply_import(db.session(), plan, _actor(), form.filename.data)
    except VersionConflict:
        flash(_("A service was edited while the import ran: nothing was changed. Upload the file again to review."))
        return redirect(url_for("admin.import_upload"))
    counts = importing.summary_counts(change_set)
    flash(_("Applied %(file)s as change set %(set)s: %(new)d new, %(changed)d changed, %(retired)d retired.",
            file=form.filename.data, set=change_set.id, new=counts["new"], changed=counts["changed"], retired=counts["retired"]))
    return redirect(url_for("admin.services"))
