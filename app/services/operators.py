"""Operators (petugas) and supervisors: accounts, log-in, lockout; the log-in is what unlocks the station.

Each account's password wraps the station's data key in the keyring
(argon2id): a log-in opens that copy, and with it the encrypted database and
blobs (:class:`~app.storage.vault.StationVault`). After ``max_failed_logins``
wrong passwords in a row an account is locked for ``lockout_minutes``; the
counts live in the keyring so they work while the database is still closed.
Every log-in, failure and account change is audited (failures while locked
are kept in the keyring and written to the audit log at the next unlock).
Accounts come back as frozen ``OperatorView``s (no password hash), safe to hand to the GUI.

Without a vault (``vault=None``: tools and tests on a plain database), and for
the first log-in into a station written by release 0.1.0, passwords are checked
against the argon2 hashes in the database, as before.
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
from app.services.views import OperatorView
from app.storage.audit_chain import extend_legacy_to_now
from app.storage.crypto import Argon2Params, DataKey
from app.storage.db import Database
from app.storage.keyring import AccountLockedError, Keyring, PasswordResetNeededError, new_recovery_code
from app.storage.models import Operator
from app.storage.vault import StationVault, VaultState
from app.timezones import utc_now

log = logging.getLogger(__name__)

USERNAME_MAX = 64
KEYRING_HASH = "keyring:v1"  # the password lives in the keyring's wrapped copy, not in the database

__all__ = ["AccountLockedError", "NotSupervisorError", "OperatorService", "PasswordResetNeededError"]


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
        vault: StationVault | None = None,
    ) -> None:
        self.db = db
        self.policy = policy or LoginPolicy()
        self.hasher = hasher or PasswordHasher()
        self.kdf = Argon2Params(self.hasher.time_cost, self.hasher.memory_cost, self.hasher.parallelism)
        self.clock = clock
        self.vault = vault
        self._dummy_hash: str | None = None
        self.pending_recovery_code: str | None = None  # created at this log-in: shown once, then cleared

    # --- accounts -----------------------------------------------------------------

    def create_operator(
        self,
        username: str,
        full_name: str,
        role: Role | str,
        password: str,
        *,
        actor_id: int | None = None,
    ) -> OperatorView:
        """Add an account. Raises InputError for a bad or taken user name or a short password."""
        username, full_name = self._checked(username, full_name, password)
        role = self._role(role)
        with self.db.session() as session:
            return OperatorView.of(self._insert(session, username, full_name, password, role, actor_id))

    def create_first_supervisor(self, username: str, full_name: str, password: str) -> OperatorView:
        """The first-run account: creates the station's data key and unlocks the station.

        The recovery code made with it is left in :attr:`pending_recovery_code` (shown once).
        Refused once an active supervisor exists.
        """
        username, full_name = self._checked(username, full_name, password)
        if self.vault is None:
            with self.db.session() as session:
                self._refuse_second_first_supervisor(self._has_supervisor(session))
                return OperatorView.of(self._insert(session, username, full_name, password, Role.SUPERVISOR, None))
        self._refuse_second_first_supervisor(self.has_supervisor())
        key = DataKey.generate()
        keyring = Keyring.create(self.vault.keyring_path)
        keyring.set_operator(username, Role.SUPERVISOR.value, password, key, self.kdf)
        code = new_recovery_code()
        keyring.set_recovery_code(code, key)
        if self.vault.state is VaultState.PLAINTEXT:
            keyring.data["upgrade_pending"] = True  # an earlier release's files without a supervisor
        keyring.save()
        self.vault.unlock(key)
        with self.db.session() as session:
            operator = self._insert(session, username, full_name, password, Role.SUPERVISOR, None, keyring=False)
        self.pending_recovery_code = code
        return OperatorView.of(operator)

    @staticmethod
    def _refuse_second_first_supervisor(exists: bool) -> None:
        if exists:
            raise InputError(
                "Stasiun ini sudah memiliki supervisor.", "This station already has a supervisor.",
                action_id="Masuk sebagai supervisor untuk menambah akun.",
                action_en="Log in as a supervisor to add accounts.",
            )

    def _checked(self, username: str, full_name: str, password: str) -> tuple[str, str]:
        """(user name, full name) after validation, the password's length included."""
        username = self._check_username(username)
        full_name = " ".join((full_name or "").split())
        if not full_name:
            raise InputError("Nama lengkap wajib diisi.", "The full name is required.")
        self._check_password(password)
        return username, full_name[:128]

    def _password_hash(self, password: str) -> str:
        return KEYRING_HASH if self.vault is not None else self.hasher.hash(password)

    def _keyring(self) -> Keyring:
        assert self.vault is not None
        return self.vault.require_keyring()

    def _insert(self, session: Session, username: str, full_name: str, password: str, role: Role,
                actor_id: int | None, *, keyring: bool = True) -> Operator:
        taken = session.scalar(select(Operator.id).where(func.lower(Operator.username) == username.lower()))
        if taken is not None:
            raise InputError(
                f"Nama pengguna '{username}' sudah dipakai.", f"The user name '{username}' is already taken."
            )
        operator = Operator(username=username, full_name=full_name, role=role,
                            password_hash=self._password_hash(password), active=True, failed_logins=0)
        session.add(operator)
        session.flush()
        if self.vault is not None and keyring:  # committed with the row: a refused row leaves no key copy
            ring = self._keyring()
            ring.set_operator(username, role.value, password, self.vault.data_key, self.kdf)
            ring.save()
        record_audit(session, AuditAction.OPERATOR_CHANGED, operator_id=actor_id, subject=username,
                     details={"change": "created", "role": role.value})
        log.info("operator %s created (%s)", username, role.value)
        return operator

    def list_operators(self, include_inactive: bool = True) -> list[OperatorView]:
        with self.db.session() as session:
            query = select(Operator).order_by(Operator.username)
            if not include_inactive:
                query = query.where(Operator.active.is_(True))
            return [OperatorView.of(operator) for operator in session.scalars(query)]

    def get(self, operator_id: int) -> OperatorView:
        with self.db.session() as session:
            operator = session.get(Operator, operator_id)
            if operator is None:
                raise NotFoundError(f"Petugas #{operator_id} tidak ada.", f"Operator #{operator_id} does not exist.")
            return OperatorView.of(operator)

    def has_supervisor(self) -> bool:
        """False on a fresh station: the first-run screen then asks for a supervisor account (works locked)."""
        if self.vault is not None:
            state = self.vault.state
            if state is VaultState.ENCRYPTED:
                return self._keyring().has_supervisor()
            if state is VaultState.NEW:
                return False
            legacy = Database(self.db.url)  # release 0.1.0's plaintext file, read as it was
            try:
                with legacy.session() as session:
                    return self._has_supervisor(session)
            finally:
                legacy.close()
        with self.db.session() as session:
            return self._has_supervisor(session)

    @staticmethod
    def _has_supervisor(session: Session) -> bool:
        found = session.scalar(
            select(Operator.id).where(Operator.role == Role.SUPERVISOR, Operator.active.is_(True)).limit(1)
        )
        return found is not None

    def set_active(self, operator_id: int, active: bool, *, actor_id: int | None = None) -> OperatorView:
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
            if self.vault is not None:
                ring = self._keyring()
                if active:  # its old copy was dropped: a supervisor sets a new password to give it one
                    ring.update_operator(operator.username, active=True)
                else:
                    ring.drop_wrap(operator.username)
                ring.save()
            record_audit(session, AuditAction.OPERATOR_CHANGED, operator_id=actor_id, subject=operator.username,
                         details={"change": "activated" if active else "deactivated"})
            return OperatorView.of(operator)

    def change_password(self, operator_id: int, new_password: str, *, actor_id: int | None = None) -> None:
        """A new password re-wraps the same data key: nothing stored is re-encrypted."""
        self._check_password(new_password)
        password_hash = self._password_hash(new_password)
        with self.db.session() as session:
            operator = self._load(session, operator_id)
            operator.password_hash = password_hash
            if self.vault is not None:
                ring = self._keyring()
                ring.set_operator(operator.username, operator.role.value, new_password, self.vault.data_key, self.kdf)
                if not operator.active:
                    ring.update_operator(operator.username, active=False)
                ring.save()
            record_audit(session, AuditAction.OPERATOR_CHANGED, operator_id=actor_id, subject=operator.username,
                         details={"change": "password"})

    def unlock(self, operator_id: int, *, actor_id: int | None = None) -> None:
        with self.db.session() as session:
            operator = self._load(session, operator_id)
            operator.failed_logins = 0
            operator.locked_until = None
            if self.vault is not None:
                ring = self._keyring()
                ring.update_operator(operator.username, failed_logins=0, locked_until=None)
                ring.save()
            record_audit(session, AuditAction.OPERATOR_CHANGED, operator_id=actor_id, subject=operator.username,
                         details={"change": "unlocked"})

    # --- login ----------------------------------------------------------------------

    def authenticate(self, username: str, password: str) -> OperatorView:
        """Check a log-in; on a locked station a right password unlocks it. Returns the operator.

        A wrong password counts towards the lockout; a right one resets the count.
        Unknown names cost the same hashing time as known ones.

        Raises:
            AuthError / AccountLockedError / PasswordResetNeededError: refused (nothing opened).
        """
        if self.vault is None:
            return OperatorView.of(self._authenticate_in_database(username, password))
        state = self.vault.state
        if state is VaultState.PLAINTEXT:
            return OperatorView.of(self._first_log_in_after_upgrade(username, password))
        if state is VaultState.NEW:
            self._burn_time(password)
            raise AuthError()
        return OperatorView.of(self._authenticate_with_keyring(username, password))

    def _authenticate_with_keyring(self, username: str, password: str) -> Operator:
        assert self.vault is not None
        username = (username or "").strip()
        ring = self._keyring()
        try:
            key = ring.open_with_password(username, password, max_failed=self.policy.max_failed_logins,
                                          lockout_minutes=self.policy.lockout_minutes, now=self.clock())
        except AuthError as error:
            self._audit_failure(ring, username, error)
            raise
        was_locked = not self.vault.unlocked
        if not was_locked and not self.vault.data_key.same_as(key.raw()):
            key.wipe()
            raise AuthError()
        self.vault.unlock(key)  # may finish an upgrade, which rewrites the keyring: read it again
        try:
            return self._logged_in(self._keyring(), username)
        except BaseException:
            if was_locked:
                self.vault.lock()
            raise

    def _logged_in(self, ring: Keyring, username: str) -> Operator:
        with self.db.session() as session:
            for event in ring.data.pop("pending_audit", []):
                record_audit(session, AuditAction.LOGIN_FAILED, subject=str(event.get("subject", ""))[:100],
                             details={k: v for k, v in event.items() if k != "subject"})
            operator = session.scalar(select(Operator).where(func.lower(Operator.username) == username.lower()))
            if operator is None or not operator.active:
                record_audit(session, AuditAction.LOGIN_FAILED, subject=username[:100],
                             details={"reason": "unknown" if operator is None else "inactive"})
                failure: AuthError | None = AuthError()
            else:
                failure = None
                operator.failed_logins = 0
                operator.locked_until = None
                record_audit(session, AuditAction.LOGIN, operator_id=operator.id, subject=operator.username)
                log.info("operator %s logged in", operator.username)
        ring.save()
        if failure is not None:
            raise failure
        if operator.role is Role.SUPERVISOR:
            self.ensure_recovery_code()
        return operator

    def _audit_failure(self, ring: Keyring, username: str, error: AuthError) -> None:
        """A refused log-in, for the audit log: now if the database is open, else at the next unlock."""
        entry = ring.entry(username)
        reason = "locked" if isinstance(error, AccountLockedError) else \
            "reset_needed" if isinstance(error, PasswordResetNeededError) else \
            "password" if entry is not None else "unknown"
        details: dict[str, object] = {"reason": reason}
        if entry is not None:
            details["failed_logins"] = entry.get("failed_logins", 0)
        if self.db.is_open:
            with self.db.session() as session:
                record_audit(session, AuditAction.LOGIN_FAILED, subject=username[:100], details=details)
            return
        ring.data.setdefault("pending_audit", []).append(
            {"subject": username[:100], "at": self.clock().isoformat(), **details})
        ring.save()

    def _first_log_in_after_upgrade(self, username: str, password: str) -> Operator:
        """Release 0.1.0's plaintext station: check the old hash, then create the key and encrypt everything."""
        assert self.vault is not None
        self.db.open(None)
        try:
            if self.vault.migrate:
                self.db.upgrade()
            try:
                operator = self._authenticate_in_database(username, password)
            finally:
                with self.db.session() as session:
                    extend_legacy_to_now(session)  # this log-in's events are adopted with the earlier ones
            with self.db.session() as session:
                others = list(session.scalars(select(Operator).where(Operator.id != operator.id)))
        finally:
            self.db.close()
        key = DataKey.generate()
        ring = Keyring.create(self.vault.keyring_path)
        ring.set_operator(operator.username, operator.role.value, password, key, self.kdf)
        for other in others:  # their passwords are not known here: each is asked for a new one
            ring.set_pending_operator(other.username, other.role.value, other.password_hash, other.active,
                                      other.failed_logins or 0, other.locked_until)
        if operator.role is Role.SUPERVISOR:
            code = new_recovery_code()
            ring.set_recovery_code(code, key)
            self.pending_recovery_code = code
        ring.data["upgrade_pending"] = True
        ring.save()
        self.vault.unlock(key)
        log.info("station upgraded to encryption at rest at the log-in of %s", operator.username)
        return operator

    def ensure_recovery_code(self) -> str | None:
        """A supervisor's log-in on a station upgraded by an officer: make the missing recovery code (once)."""
        if self.vault is None or not self.vault.unlocked:
            return None
        ring = self._keyring()
        if ring.data.get("recovery_code"):
            return None
        code = new_recovery_code()
        ring.set_recovery_code(code, self.vault.data_key)
        ring.save()
        self.pending_recovery_code = code
        return code

    def take_recovery_code(self) -> str | None:
        """The recovery code made at this log-in, handed over once (then forgotten)."""
        code, self.pending_recovery_code = self.pending_recovery_code, None
        return code

    def _authenticate_in_database(self, username: str, password: str) -> Operator:
        """The password check against the database's argon2 hash (no vault, or release 0.1.0's data)."""
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

    def verify_supervisor(self, username: str, password: str) -> OperatorView:
        """A supervisor's approval (forced capture, exceptions, daily approval). Counts like a login."""
        operator = self.authenticate(username, password)
        if operator.role is not Role.SUPERVISOR:
            raise NotSupervisorError()
        self.ensure_recovery_code()
        return operator

    def find(self, username: str) -> OperatorView | None:
        with self.db.session() as session:
            found = session.scalar(select(Operator).where(func.lower(Operator.username) == username.strip().lower()))
            return OperatorView.of(found) if found is not None else None

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
