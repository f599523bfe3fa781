"""Supervisors' log-in: argon2 password hashes, roles, lockout after repeated failures, sessions and CSRF tokens.

A session is a random cookie whose SHA-256 is stored with its expiry and its own
CSRF token; every form carries that token and is refused without it. The log-in
form itself is protected by a short-lived random cookie echoed in the form.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from app.timezones import utc_now
from server.dashboard.errors import DashboardError, forged_form, not_logged_in
from server.dashboard.tables import DashboardSession, DashboardUser
from server.hub import Hub

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=8)
MIN_PASSWORD_LENGTH = 10
USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("no such user: the same work as a real check")


class Role(enum.StrEnum):
    SUPERVISOR = "supervisor"  # plans campaigns, imports schools, decides adjudications
    VIEWER = "viewer"  # sees progress and stations, downloads reports


ROLE_NAMES = {Role.SUPERVISOR: ("Supervisor", "Supervisor"), Role.VIEWER: ("Pemantau", "Viewer")}


@dataclass(frozen=True)
class SignedIn:
    """The user behind a request's session cookie."""

    user_id: int
    username: str
    role: Role
    csrf_token: str
    expires_at: dt.datetime

    @property
    def may_change(self) -> bool:
        return self.role is Role.SUPERVISOR


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not 1 <= len(name) <= 64 or not set(name) <= USERNAME_CHARS:
        raise DashboardError(400, "bad_username", "Nama pengguna hanya huruf kecil, angka, titik, garis bawah "
                             "atau tanda hubung (paling banyak 64).",
                             "A user name is lower-case letters, digits, dots, underscores or hyphens (at most 64).")
    return name


def add_user(hub: Hub, username: str, password: str, role: str) -> DashboardUser:
    """Create a dashboard user (``station-hub dashboard user add``).

    Raises:
        DashboardError: a bad name, role or too short a password, or the name is taken.
    """
    name = check_username(username)
    try:
        chosen = Role(role.strip().lower())
    except ValueError:
        raise DashboardError(400, "bad_role", "Peran harus supervisor atau viewer.",
                             "The role must be supervisor or viewer.") from None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DashboardError(400, "short_password", f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.",
                             f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    with hub.session() as session:
        if session.scalar(select(DashboardUser).where(DashboardUser.username == name)) is not None:
            raise DashboardError(409, "user_exists", f"Pengguna {name} sudah ada.", f"The user {name} already exists.")
        user = DashboardUser(username=name, password_hash=_HASHER.hash(password), role=chosen.value)
        session.add(user)
    return user


def log_in(hub: Hub, username: str, password: str, *, now: dt.datetime | None = None) -> tuple[str, SignedIn]:
    """Check a password; returns the new session's cookie value and who it is.

    Raises:
        DashboardError: wrong name or password (401), or the account is locked (423).
    """
    now = now or utc_now()
    name = username.strip().lower()[:64]
    wrong = DashboardError(401, "wrong_login", "Nama pengguna atau kata sandi salah.",
                           "The user name or password is wrong.", link="/dashboard/login", link_id="Coba lagi",
                           link_en="Try again")
    with hub.session() as session:
        user = session.scalar(select(DashboardUser).where(DashboardUser.username == name).with_for_update())
        if user is None:
            _verify(_DUMMY_HASH, password)  # the same time as a real user's check: names are not revealed
            raise wrong
        if user.locked_until is not None and _aware(user.locked_until) > now:
            minutes = max(1, int((_aware(user.locked_until) - now).total_seconds() // 60) + 1)
            raise _locked(minutes)
        if not _verify(user.password_hash, password):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.failed_logins = 0
                user.locked_until = now + LOCKOUT
                locked = _locked(int(LOCKOUT.total_seconds() // 60))
            else:
                locked = None
        else:
            locked = None
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            expires = now + SESSION_LIFETIME
            session.add(DashboardSession(token_sha256=_sha(token), user_id=user.id, csrf_token=csrf,
                                         created_at=now, expires_at=expires))
            session.execute(delete(DashboardSession).where(DashboardSession.expires_at < now))
            return token, SignedIn(user.id, user.username, Role(user.role), csrf, expires)
    raise locked or wrong  # the failed count is committed first


def _locked(minutes: int) -> DashboardError:
    return DashboardError(423, "locked", f"Terlalu banyak percobaan gagal. Akun dikunci; coba lagi dalam {minutes} menit.",
                          f"Too many failed attempts. The account is locked; try again in {minutes} minutes.",
                          link="/dashboard/login", link_id="Halaman masuk", link_en="Log-in page")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def signed_in(hub: Hub, cookie: str | None, *, now: dt.datetime | None = None) -> SignedIn:
    """Who a session cookie belongs to.

    Raises:
        DashboardError: no cookie (401 not logged in), or an unknown or expired session (401 expired).
    """
    if not cookie:
        raise not_logged_in(expired=False)
    now = now or utc_now()
    with hub.session() as session:
        row = session.get(DashboardSession, _sha(cookie))
        user = session.get(DashboardUser, row.user_id) if row is not None else None
        if row is not None and user is not None and _aware(row.expires_at) > now:
            return SignedIn(user.id, user.username, Role(user.role), row.csrf_token, _aware(row.expires_at))
        if row is not None:
            session.delete(row)  # committed as the block ends
    raise not_logged_in(expired=True)


def log_out(hub: Hub, cookie: str | None) -> None:
    if cookie:
        with hub.session() as session:
            session.execute(delete(DashboardSession).where(DashboardSession.token_sha256 == _sha(cookie)))


def check_csrf(expected: str | None, submitted: object) -> None:
    """A form's token must equal the session's (or the log-in cookie's).

    Raises:
        DashboardError: 403, nothing is stored.
    """
    if not expected or not isinstance(submitted, str) or not hmac.compare_digest(expected, submitted):
        raise forged_form()


def new_login_token() -> str:
    return secrets.token_urlsafe(24)
