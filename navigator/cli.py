"""The `navigator` command: `navigator <group> <command>` (a Flask CLI group)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import db as database
from .config import REPO_ROOT


def alembic_config(url: str):
    """Alembic configuration pointing at `migrations/` and the given database."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    cfg.attributes["database_url"] = url
    return cfg


def setup_database(url: str, progress=lambda _m: None):
    """Migrate a database to the latest schema and load the bundled directory (tests, benchmarks)."""
    from alembic import command

    from .config import DATA_DIR
    from .db import make_engine, make_session_factory
    from .directory.loader import load_directory

    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return load_directory(session, DATA_DIR, progress)
    finally:
        engine.dispose()


@click.group("db")
def db_group():
    """Database schema (Alembic migrations)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str):
    """Migrate the database to REVISION (default: the latest)."""
    from alembic import command

    command.upgrade(alembic_config(current_app.config["DATABASE_URL"]), revision)
    click.echo(f"database at {revision}: {_safe_url(current_app.config['DATABASE_URL'])}")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message: str):
    """Create a migration from the difference between the models and the database."""
    from alembic import command

    command.revision(alembic_config(current_app.config["DATABASE_URL"]), message=message, autogenerate=True)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@click.group("directory")
def directory_group():
    """The Directory of Services data."""


@directory_group.command("load")
@with_appcontext
def directory_load():
    """Load directory_data/ (postcodes, GPs, pharmacies, urgent care, crisis lines, voluntary offers)."""
    from .directory.loader import load_directory
    from .directory.sources import DataError

    try:
        report = load_directory(database.session(), current_app.config["DATA_DIR"], progress=click.echo)
    except DataError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"services: {report.inserted} new, {report.updated} updated, {report.unchanged} unchanged "
        f"({sum(report.by_category.values())} in the bundle) in {report.seconds:.1f} s"
    )
    click.echo("by category: " + ", ".join(f"{k} {v}" for k, v in sorted(report.by_category.items())))
    click.echo("by route: " + ", ".join(f"{k} {v}" for k, v in sorted(report.by_route.items())))
    click.echo("by status: " + ", ".join(f"{k} {v}" for k, v in sorted(report.by_status.items())))
    if report.unplaced:
        click.echo(f"{len(report.unplaced)} services whose postcode is not in OS Code-Point (placed approximately by sector or district, or not placed):")
        for line in report.unplaced:
            click.echo(f"  - {line}")
    if report.skipped:
        click.echo(f"{len(report.skipped)} records not loaded:")
        for line in report.skipped:
            click.echo(f"  - {line}")


@directory_group.command("coverage")
@with_appcontext
def directory_coverage_command():
    """Borough × need-group counts of contactable offers, and hours provenance by category."""
    from .directory.coverage import directory_coverage, format_coverage

    click.echo(format_coverage(directory_coverage(database.session())))


def _import_file(path, dry_run: bool, expect: str | None) -> None:
    """Read FILE, print the plan (new / changed field by field / retired) and apply it unless a dry run."""
    import getpass
    import time

    from .directory.editing import VersionConflict
    from .directory.importing import apply_import, describe, plan_import, read_file
    from .directory.sources import DataError

    session = database.session()
    started = time.perf_counter()
    try:
        found = read_file(session, Path(path), current_app.config["DATA_DIR"])
    except DataError as exc:
        raise click.ClickException(str(exc)) from exc
    if expect and found.kind != expect:
        raise click.ClickException(f"{path}: expected {expect} JSON, found {found.kind}")
    plan = plan_import(session, found.records, mode=found.mode, kind=found.kind)
    click.echo(f"{path}: {found.kind}, {len(found.records):,} records, planned in {time.perf_counter() - started:.1f} s")
    for line in describe(plan):
        click.echo(line)
    for line in found.skipped:
        click.echo(f"note: {line}")
    if dry_run:
        click.echo("dry run: nothing was changed")
        return
    if plan.empty:
        click.echo("nothing to apply")
        return
    try:
        change_set = apply_import(session, plan, f"cli:{getpass.getuser()}", Path(path).name, progress=lambda m: click.echo(m, err=True))
    except VersionConflict as exc:
        raise click.ClickException(f"a service was edited while importing ({exc}); nothing was changed, run the import again") from exc
    click.echo(f"applied as change set {change_set.id} in {time.perf_counter() - started:.1f} s")


@directory_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only show what would change")
@with_appcontext
def directory_import(file: str, dry_run: bool):
    """Import an ODS CSV (epraccur or edispensary, with its header row) or ORUK JSON: show the diff, then apply it."""
    _import_file(file, dry_run, None)


@directory_group.command("import-oruk")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only show what would change")
@with_appcontext
def directory_import_oruk(file: str, dry_run: bool):
    """Import ORUK JSON (a list of services or a Page, as export-oruk writes): show the diff, then apply it."""
    _import_file(file, dry_run, "oruk")


@directory_group.command("export-oruk")
@click.argument("file", default="-")
@with_appcontext
def directory_export_oruk(file: str):
    """Write every service as fully nested ORUK JSON (a Page) to FILE, or to standard output with -."""
    from .directory.importing import export_oruk

    data = export_oruk(database.session(), progress=lambda m: click.echo(m, err=True))
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if file == "-":
        click.echo(text)
    else:
        Path(file).write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {data['total_items']:,} services to {file}", err=True)


@click.command("triage")
@click.argument("text")
@click.option("--lang", default=None, help="BCP 47 language hint (detected when absent)")
def triage_command(text: str, lang: str | None):
    """Print the triage decision for TEXT as JSON (same as POST /api/v1/triage)."""
    from .triage import triage

    if not text.strip() or len(text) > 1600:
        raise click.BadParameter("text must be 1 to 1,600 characters")
    click.echo(json.dumps(triage(text, lang=lang).to_dict(), ensure_ascii=False, indent=2))


@click.group("users")
def users_group():
    """Staff accounts."""


@users_group.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["prescriber", "call_handler", "editor", "admin"]))
@click.option("--name", default=None, help="The person's name, shown in the staff pages")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt")
@with_appcontext
def users_create(email: str, role: str, name: str | None, password_stdin: bool):
    """Create a staff account for EMAIL with a role (the password is prompted for, never an argument)."""
    from .staff.auth import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(database.session(), email, password, role, name=name)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {user.role} account {user.email}")


@users_group.command("list")
@with_appcontext
def users_list():
    """List staff accounts (email, role, active, last sign-in)."""
    from sqlalchemy import select

    from .staff.models import User

    for user in database.session().scalars(select(User).order_by(User.email)):
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
        click.echo(f"{user.email}\t{user.role}\t{'active' if user.active else 'inactive'}\tlast sign-in {last}")


@click.group("conversations")
def conversations_group():
    """Residents' conversation state."""


@conversations_group.command("purge")
@with_appcontext
def conversations_purge():
    """Delete expired conversations from the database (Redis expires its own); run it daily from cron."""
    import datetime as dt

    from . import clock
    from .conversation.state import DatabaseStore

    store = DatabaseStore(database.session(), dt.timedelta(hours=current_app.config["SESSION_TTL_HOURS"]), clock.now())
    click.echo(f"deleted {store.purge_expired()} expired conversations")


class _Age(click.ParamType):
    name = "age"

    def convert(self, value, param, ctx):
        from .retention import parse_age

        try:
            return parse_age(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


@click.command("purge")
@click.option("--older-than", "older_than", required=True, type=_Age(), help="e.g. 30d (days) or 12h (hours)")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted, per table")
@with_appcontext
def purge_command(older_than, dry_run: bool):
    """Delete residents' conversations, web transcripts and SMS replies older than the window (run daily)."""
    from . import clock
    from .retention import purge

    counts = purge(database.session(), older_than, clock.now(), dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    for line in counts.lines():
        click.echo(f"{verb} {line}")
    if dry_run:
        click.echo("dry run: nothing was deleted")


def init_app(app) -> None:
    """Register the command groups on the app's CLI."""
    app.cli.add_command(purge_command)
    app.cli.add_command(db_group)
    app.cli.add_command(directory_group)
    app.cli.add_command(triage_command)
    app.cli.add_command(conversations_group)
    app.cli.add_command(users_group)


def _create_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False, load_dotenv=False)
def main():
    """navigator: North West London's service-navigation assistant."""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
