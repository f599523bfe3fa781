"""Operators (petugas) and supervisors: accounts, argon2 password hashes, login lockout.

After ``max_failed_logins`` wrong passwords in a row an account is locked for
``lockout_minutes``; every login, failure and account change is audited.
Returned ``Operator`` objects are detached snapshots (safe to pass to the GUI).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import AuditAction, Role
from app.errors import AuthError, InputError, NotFoundError
from app.services.audit import record_audit
from app.services.settings import LoginPolicy
from app.storage.db import Database
from app.storage.models import Operator
from app.timezones import utc_now

log = logging.getLogger(__name__)

USERNAME_MAX = 64


class AccountLockedError(AuthError):
    """Too many wrong passwords: the account is locked until ``until`` (UTC)."""

    def __init__(self, until: dt.datetime) -> None:
        self.until = until
        super().__init__(
            "Akun terkunci karena terlalu banyak kata sandi salah.",
            "The account is locked after too many wrong passwords.",
            action_id=f"Coba lagi setelah {until:%H:%M} UTC atau minta supervisor membuka kunci.",
            action_en=f"Try again after {until:%H:%M} UTC, or ask a supervisor to unlock it.",
        )


class NotSupervisorError(AuthError):
    default_message_id = "Tindakan ini memerlukan supervisor."
    default_message_en = "This needs a supervisor."
    default_action_id = "Minta supervisor memasukkan nama pengguna dan kata sandinya."
    default_action_en = "Ask a supervisor to enter their user name and password."


class OperatorService:
    def __init__(
        self,
        db: Database,
        policy: LoginPolicy | None = None,
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.db = db
        self.policy = policy or LoginPolicy()
        self.hasher = hasher or PasswordHasher()
        self.clock = clock
        self._dummy_hash: str | None = None

    # --- accounts -----------------------------------------------------------------

    def create_operator(
        self,
        username: str,
        full_name: str,
        role: Role | str,
        password: str,
        *,
        actor_id: int | None = None,
    ) -> Operator:
        """Add an account. Raises InputError for a bad or taken user name or a short password."""
        fields = self._checked(username, full_name, password)
        role = self._role(role)
        with self.db.session() as session:
            return self._insert(session, *fields, role, actor_id)

    def create_first_supervisor(self, username: str, full_name: str, password: str) -> Operator:
        """The first-run account: refused once an active supervisor exists (checked in the same transaction)."""
        fields = self._checked(username, full_name, password)
        with self.db.session() as session:
            if self._has_supervisor(session):
                raise InputError(
                    "Stasiun ini sudah memiliki supervisor.", "This station already has a supervisor.",
                    action_id="Masuk sebagai supervisor untuk menambah akun.",
                    action_en="Log in as a supervisor to add accounts.",
                )
            return self._insert(session, *fields, Role.SUPERVISOR, None)

    def _checked(self, username: str, full_name: str, password: str) -> tuple[str, str, str]:
        """(user name, full name, password hash) after validation."""
        username = self._check_username(username)
        full_name = " ".join((full_name or "").split())
        if not full_name:
            raise InputError("Nama lengkap wajib diisi.", "The full name is required.")
        self._check_password(password)
        return username, full_name[:128], self.hasher.hash(password)

    @staticmethod
    def _insert(session: Session, username: str, full_name: str, password_hash: str, role: Role,
                actor_id: int | None) -> Operator:
        taken = session.scalar(select(Operator.id).where(func.lower(Operator.username) == username.lower()))
        if taken is not None:
            raise InputError(
                f"Nama pengguna '{username}' sudah dipakai.", f"The user name '{username}' is already taken."
            )
        operator = Operator(username=username, full_name=full_name, role=role, password_hash=password_hash,
                            active=True, failed_logins=0)
        session.add(operator)
        session.flush()
        record_audit(session, AuditAction.OPERATOR_CHANGED, operator_id=actor_id, subject=username,
                     details={"change": "created", "role": role.value})
        log.info("operator %s created (%s)", username, role.value)
        return operator

    def list_operators(self, include_inactive: bool = True) -> list[Operator]:
        with self.db.session() as session:
            query = select(Operator).order_by(Operator.username)
            if not include_inactive:
                query = query.where(Operator.active.is_(True))
            return list(session.scalars(query))

    def get(self, operator_id: int) -> Operator:
        with self.db.session() as session:
            operator = session.get(Operator, operator_id)
            if operator is None:
                raise NotFoundError(f"Petugas #{operator_id} tidak ada.", f"Operator #{operator_id} does not exist.")
            return operator

    def has_supervisor(self) -> bool:
        """False on a fresh station: the first-run screen then asks for a supervisor account."""
        with self.db.session() as session:
            return self._has_supervisor(session)

    @staticmethod
    def _has_supervisor(session: Session) -> bool:
        found = session.scalar(
            select(Operator.id).where(Operator.role == Role.SUPERVISOR, Operator.active.is_(True)).limit(1)
        )
        return found is not None

    def set_active(self, operator_id: int, active: bool, *, actor_id: int | None = None) -> Operator:
        """Enable or disable an account. The last active supervisor cannot be disabled."""
        with self.db.session() as session:
            operator = self._load(session, operator_id)
            if not active and operator.role is Role.SUPERVISOR and operator.active:
                others = session.scalar(
                    select(func.count(Operator.id)).where(
                        Operator.role == Role.SUPERVISOR, Operator.active.is_(True), Operator.id != operator_id
                    )
                )
                if not others:
                    raise InputError(
                        "Supervisor aktif terakhir tidak dapat dinonaktifkan.",
                        "The last active supervisor cannot be disabled.",
                        action_id="Buat supervisor lain terlebih dahulu.",
                        action_en="Create another supervisor first.",
                    )
            operator.active = active
            record_audit(session, AuditAction.OPERATOR_CHANGED, operator_id=actor_id, subject=operator.username,
                         details={"change": "activated" if active else "deactivated"})
            return operator

    def change_password(self, operator_id: int, new_password: str, *, actor_id: int | None = None) -> None:
        self._check_password(new_password)
        password_hash = self.hasher.hash(new_password)
        with self.db.session() as session:
            operator = self._load(session, operator_id)
            operator.password_hash = password_hash
            record_audit(session, AuditAction.OPERATOR_CHANGED, operator_id=actor_id, subject=operator.username,
                         details={"change": "password"})

    def unlock(self, operator_id: int, *, actor_id: int | None = None) -> None:
        with self.db.session() as session:
            operator = self._load(session, operator_id)
            operator.failed_logins = 0
            operator.locked_until = None
            record_audit(session, AuditAction.OPERATOR_CHANGED, operator_id=actor_id, subject=operator.username,
                         details={"change": "unlocked"})

    # --- login ----------------------------------------------------------------------

    def authenticate(self, username: str, password: str) -> Operator:
        """Check a login. Returns the operator, or raises AuthError / AccountLockedError.

        A wrong password counts towards the lockout; a right one resets the count.
        Unknown names cost the same hashing time as known ones.
        """
        username = (username or "").strip()
        now = self.clock()
        with self.db.session() as session:
            operator = session.scalar(select(Operator).where(func.lower(Operator.username) == username.lower()))
            if operator is None or not operator.active:
                self._burn_time(password)
                record_audit(session, AuditAction.LOGIN_FAILED, subject=username[:100],
                             details={"reason": "unknown" if operator is None else "inactive"})
                failure: AuthError = AuthError()
            else:
                locked_until = operator.locked_until
                if locked_until is not None and locked_until > now:
                    record_audit(session, AuditAction.LOGIN_FAILED, operator_id=operator.id,
                                 subject=operator.username, details={"reason": "locked"})
                    failure = AccountLockedError(locked_until)
                elif self._verify(operator, password):
                    operator.failed_logins = 0
                    operator.locked_until = None
                    record_audit(session, AuditAction.LOGIN, operator_id=operator.id, subject=operator.username)
                    log.info("operator %s logged in", operator.username)
                    return operator
                else:
                    operator.failed_logins = (operator.failed_logins or 0) + 1
                    details: dict[str, object] = {"reason": "password", "failed_logins": operator.failed_logins}
                    failure = AuthError()
                    if operator.failed_logins >= self.policy.max_failed_logins:
                        operator.locked_until = now + dt.timedelta(minutes=self.policy.lockout_minutes)
                        operator.failed_logins = 0
                        details["locked_until"] = operator.locked_until.isoformat()
                        failure = AccountLockedError(operator.locked_until)
                        log.warning("operator %s locked after repeated failed logins", operator.username)
                    record_audit(session, AuditAction.LOGIN_FAILED, operator_id=operator.id,
                                 subject=operator.username, details=details)
        raise failure

    def verify_supervisor(self, username: str, password: str) -> Operator:
        """A supervisor's approval (forced capture, exceptions, daily approval). Counts like a login."""
        operator = self.authenticate(username, password)
        if operator.role is not Role.SUPERVISOR:
            raise NotSupervisorError()
        return operator

    def logout(self, operator_id: int) -> None:
        with self.db.session() as session:
            operator = self._load(session, operator_id)
            record_audit(session, AuditAction.LOGOUT, operator_id=operator.id, subject=operator.username)

    # --- helpers --------------------------------------------------------------------

    def _verify(self, operator: Operator, password: str) -> bool:
        try:
            self.hasher.verify(operator.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if self.hasher.check_needs_rehash(operator.password_hash):
            operator.password_hash = self.hasher.hash(password)
        return True

    def _burn_time(self, password: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash("not-a-real-password")
        try:
            self.hasher.verify(self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            pass

    @staticmethod
    def _load(session: Session, operator_id: int) -> Operator:
        operator = session.get(Operator, operator_id)
        if operator is None:
            raise NotFoundError(f"Petugas #{operator_id} tidak ada.", f"Operator #{operator_id} does not exist.")
        return operator

    @staticmethod
    def _check_username(username: str) -> str:
        username = (username or "").strip()
        if not username or len(username) > USERNAME_MAX or not all(c.isalnum() or c in "._-" for c in username):
            raise InputError(
                "Nama pengguna harus 1–64 huruf/angka (boleh . _ -), tanpa spasi.",
                "A user name is 1–64 letters or digits (. _ - allowed), no spaces.",
            )
        return username

    @staticmethod
    def _role(role: Role | str) -> Role:
        try:
            return Role(role)
        except ValueError:
            raise InputError(
                f"Peran harus officer atau supervisor, bukan '{role}'.",
                f"The role must be officer or supervisor, not '{role}'.",
            ) from None

    def _check_password(self, password: str) -> None:
        if len(password or "") < self.policy.min_password_length:
            n = self.policy.min_password_length
            raise InputError(f"Kata sandi minimal {n} karakter.", f"The password needs at least {n} characters.")
