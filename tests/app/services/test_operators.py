"""Operator accounts: argon2 hashes, roles, lockout after repeated failures, audit trail.

These run the service on a plain database (``vault=None``: the hashes in the database, as
release 0.1.0 stored them and as the first log-in after the upgrade checks them). The same
rules through the keyring of an encrypted station: tests/app/storage/test_at_rest.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from app.bootstrap import Station
from app.domain.enums import AuditAction, Role
from app.errors import AuthError, InputError
from app.services.operators import AccountLockedError, NotSupervisorError, OperatorService
from app.services.settings import LoginPolicy
from app.storage.db import Database
from app.storage.models import AuditEvent, Operator


@pytest.fixture
def cheap_hasher() -> PasswordHasher:
    """argon2 with a tiny cost so the lockout tests stay fast; the real cost is tested once below."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2024, 11, 27, 1, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@dataclass
class Plain:
    db: Database


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[Plain]:
    db = Database(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    db.upgrade()
    yield Plain(db)
    db.close()


@pytest.fixture
def service(plain: Plain, cheap_hasher: PasswordHasher, clock: Clock) -> OperatorService:
    return OperatorService(plain.db, LoginPolicy(max_failed_logins=5, lockout_minutes=15), hasher=cheap_hasher,
                           clock=clock)


def audit_actions(station: Plain) -> list[AuditAction]:
    with station.db.session() as session:
        return [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_first_run_has_no_supervisor_until_one_is_created(service: OperatorService) -> None:
    assert not service.has_supervisor()
    service.create_operator("petugas1", "Petugas Satu", Role.OFFICER, "rahasia-123")
    assert not service.has_supervisor()
    service.create_operator("kasi", "Kepala Seksi", "supervisor", "rahasia-456")
    assert service.has_supervisor()


def test_password_is_stored_as_argon2_hash(plain: Plain, service: OperatorService) -> None:
    service.create_operator("petugas1", "Petugas Satu", Role.OFFICER, "rahasia-123")
    with plain.db.session() as session:
        stored = session.scalar(select(Operator.password_hash))
    assert stored.startswith("$argon2id$") and "rahasia" not in stored


def test_login_is_case_insensitive_on_the_user_name(service: OperatorService) -> None:
    service.create_operator("Petugas1", "Petugas Satu", Role.OFFICER, "rahasia-123")
    assert service.authenticate(" petugas1 ", "rahasia-123").username == "Petugas1"


@pytest.mark.parametrize(
    ("username", "name", "role", "password"),
    [("", "A", "officer", "rahasia-123"), ("two words", "A", "officer", "rahasia-123"),
     ("ok", "", "officer", "rahasia-123"), ("ok", "A", "admin", "rahasia-123"), ("ok", "A", "officer", "short")],
)
def test_bad_account_input_is_refused(service: OperatorService, username: str, name: str, role: str,
                                      password: str) -> None:
    with pytest.raises(InputError):
        service.create_operator(username, name, role, password)


def test_user_names_are_unique(service: OperatorService) -> None:
    service.create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    with pytest.raises(InputError, match="sudah dipakai"):
        service.create_operator("PETUGAS1", "B", Role.OFFICER, "rahasia-123")


def test_wrong_password_and_unknown_user_give_the_same_error(service: OperatorService) -> None:
    service.create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    with pytest.raises(AuthError) as wrong:
        service.authenticate("petugas1", "salah")
    with pytest.raises(AuthError) as unknown:
        service.authenticate("siapa", "salah")
    assert str(wrong.value) == str(unknown.value)


def test_lockout_after_five_failures_for_fifteen_minutes(service: OperatorService, clock: Clock,
                                                         plain: Plain) -> None:
    service.create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    for _ in range(4):
        with pytest.raises(AuthError) as error:
            service.authenticate("petugas1", "salah")
        assert not isinstance(error.value, AccountLockedError)
    with pytest.raises(AccountLockedError):
        service.authenticate("petugas1", "salah")
    with pytest.raises(AccountLockedError):  # even the right password while locked
        service.authenticate("petugas1", "rahasia-123")
    clock.now += dt.timedelta(minutes=14, seconds=59)
    with pytest.raises(AccountLockedError):
        service.authenticate("petugas1", "rahasia-123")
    clock.now += dt.timedelta(seconds=2)
    assert service.authenticate("petugas1", "rahasia-123").username == "petugas1"
    actions = audit_actions(plain)
    assert actions.count(AuditAction.LOGIN_FAILED) == 7 and actions[-1] is AuditAction.LOGIN


def test_a_success_resets_the_failure_count(service: OperatorService) -> None:
    service.create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    for _ in range(4):
        with pytest.raises(AuthError):
            service.authenticate("petugas1", "salah")
    service.authenticate("petugas1", "rahasia-123")
    for _ in range(4):
        with pytest.raises(AuthError) as error:
            service.authenticate("petugas1", "salah")
        assert not isinstance(error.value, AccountLockedError)


def test_supervisor_can_unlock(service: OperatorService) -> None:
    officer = service.create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    for _ in range(5):
        with pytest.raises(AuthError):
            service.authenticate("petugas1", "salah")
    service.unlock(officer.id)
    assert service.authenticate("petugas1", "rahasia-123")


def test_inactive_accounts_cannot_log_in(service: OperatorService) -> None:
    service.create_operator("kasi", "K", Role.SUPERVISOR, "rahasia-456")
    officer = service.create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    service.set_active(officer.id, False)
    with pytest.raises(AuthError):
        service.authenticate("petugas1", "rahasia-123")
    assert [o.username for o in service.list_operators(include_inactive=False)] == ["kasi"]


def test_the_last_supervisor_cannot_be_disabled(service: OperatorService) -> None:
    supervisor = service.create_operator("kasi", "K", Role.SUPERVISOR, "rahasia-456")
    with pytest.raises(InputError):
        service.set_active(supervisor.id, False)


def test_verify_supervisor(service: OperatorService) -> None:
    service.create_operator("kasi", "K", Role.SUPERVISOR, "rahasia-456")
    service.create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    assert service.verify_supervisor("kasi", "rahasia-456").role is Role.SUPERVISOR
    with pytest.raises(NotSupervisorError):
        service.verify_supervisor("petugas1", "rahasia-123")
    with pytest.raises(AuthError):
        service.verify_supervisor("kasi", "salah")


def test_change_password(service: OperatorService) -> None:
    officer = service.create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    service.change_password(officer.id, "baru-rahasia-1")
    with pytest.raises(AuthError):
        service.authenticate("petugas1", "rahasia-123")
    assert service.authenticate("petugas1", "baru-rahasia-1")


def test_station_exposes_the_service_with_configured_lockout(station: Station) -> None:
    assert station.operators is station.operators
    assert station.operators.policy == LoginPolicy()


def test_weak_stored_hash_is_upgraded_on_login(plain: Plain, cheap_hasher: PasswordHasher) -> None:
    OperatorService(plain.db, hasher=cheap_hasher).create_operator("petugas1", "A", Role.OFFICER, "rahasia-123")
    strong = OperatorService(plain.db)
    strong.authenticate("petugas1", "rahasia-123")
    with plain.db.session() as session:
        stored = session.scalar(select(Operator.password_hash))
    assert not strong.hasher.check_needs_rehash(stored)


def test_first_supervisor_only_on_a_fresh_station(service: OperatorService) -> None:
    first = service.create_first_supervisor("kasi", "Kepala Seksi", "rahasia-456")
    assert first.role is Role.SUPERVISOR and service.has_supervisor()
    with pytest.raises(InputError, match="already has a supervisor"):
        service.create_first_supervisor("penyusup", "Penyusup", "rahasia-789")
    assert [o.username for o in service.list_operators()] == ["kasi"]
