"""Staff sign-in: password check, the signed session, role checks and throttling of failed attempts."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from typing import Optional

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_limiter.util import get_remote_address
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .. import clock, db
from ..extensions import limiter
from .models import ROLES, User

SESSION_KEY = "staff_user_id"


def normalise_email(email: str) -> str:
    """Emails are matched without case or surrounding spaces."""
    return (email or "").strip().lower()


def find_user(db_session: Session, email: str) -> Optional[User]:
    """The account with this email, or None."""
    return db_session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(db_session: Session, email: str, password: str, role: str, name: Optional[str] = None) -> User:
    """Add an account (committed); raises ValueError for a bad role, a short password or a taken email."""
    if role not in ROLES:
        raise ValueError(f"role must be one of: {', '.join(ROLES)}")
    if len(password) < 10:
        raise ValueError("the password must be at least 10 characters")
    email = normalise_email(email)
    if "@" not in email:
        raise ValueError("not an email address")
    if find_user(db_session, email) is not None:
        raise ValueError(f"{email} already has an account")
    user = User(email=email, name=name, role=role, active=True, created_at=clock.now())
    user.set_password(password)
    db_session.add(user)
    db_session.commit()
    return user


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


def authenticate(db_session: Session, email: str, password: str) -> Optional[User]:
    """The active user whose password this is, or None (same work either way, so timing tells nothing)."""
    user = find_user(db_session, email)
    if user is None or not user.active:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if user.check_password(password) else None


def _fingerprint(user: User) -> str:
    # A hash of the hash: a changed password ends the sessions signed in with the old one.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def log_in(user: User) -> None:
    """Start a fresh session for `user` (the old session's contents are dropped)."""
    session.clear()
    session[SESSION_KEY] = user.id
    session["staff_fp"] = _fingerprint(user)
    session["staff_gen"] = user.session_generation or 0
    session["staff_since"] = clock.now().isoformat()
    user.last_login_at = clock.now()
    db.session().commit()


def log_out() -> None:
    """Forget the staff session in this browser's cookie."""
    for key in (SESSION_KEY, "staff_fp", "staff_gen", "staff_since", "shortlist"):
        session.pop(key, None)


def sign_out(user: Optional[User]) -> None:
    """Sign out for real: bump the account's session counter (a copied cookie stops working), then forget the cookie."""
    if user is not None:
        database = db.session()
        database.execute(
            update(User).where(User.id == user.id).values(session_generation=User.session_generation + 1)
        )
        database.commit()
    log_out()


def current_user() -> Optional[User]:
    """The signed-in staff member for this request, or None."""
    if "staff_user" in g:
        return g.staff_user
    user = None
    user_id = session.get(SESSION_KEY)
    if user_id is not None:
        candidate = db.session().get(User, user_id)
        since = session.get("staff_since")
        hours = current_app.config.get("STAFF_SESSION_HOURS", 10)
        fresh = since is not None and clock.now() - dt.datetime.fromisoformat(since) < dt.timedelta(hours=hours)
        if (candidate is not None and candidate.active and fresh and session.get("staff_fp") == _fingerprint(candidate)
                and session.get("staff_gen") == (candidate.session_generation or 0)):
            user = candidate
        else:
            log_out()
    g.staff_user = user
    return user


def role_required(*roles: str):
    """Signed-out visitors go to the sign-in page; signed-in staff without one of `roles` get 403 (admins pass)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
            if roles and not user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def local_path(target: Optional[str], prefixes: tuple[str, ...] = ("/staff", "/admin")) -> Optional[str]:
    """`target` when it is a path on this site under one of `prefixes`, else None.

    Refuses other hosts (`//x`, `/\\x`, a scheme) and any control or line-separator character,
    which would otherwise split the Location header (a 500, or a header injection).
    """
    if not target or not target.startswith(prefixes) or target.startswith("//") or "\\" in target:
        return None
    if not target.isprintable() or any(ch.isspace() for ch in target):
        return None
    return target


def safe_next(target: Optional[str]) -> str:
    """Where to go after signing in: a staff or editor page on this site, never elsewhere."""
    return local_path(target) or url_for("staff.home")


# --- throttling failed sign-ins (Flask-Limiter; counts only failures) -----------------------------


def _login_failed(_response) -> bool:
    return bool(g.get("login_failed"))


def _email_key() -> str:
    return "staff-login-email:" + normalise_email(request.form.get("email", ""))


def _ip_limit() -> str:
    return current_app.config.get("STAFF_LOGIN_IP_LIMIT", "20 per 15 minutes")


def _email_limit() -> str:
    return current_app.config.get("STAFF_LOGIN_EMAIL_LIMIT", "5 per 15 minutes")


def throttled(view):
    """Limit failed sign-ins per IP address and per account."""
    view = limiter.limit(_email_limit, key_func=_email_key, methods=["POST"], deduct_when=_login_failed)(view)
    return limiter.limit(_ip_limit, key_func=get_remote_address, methods=["POST"], deduct_when=_login_failed)(view)
