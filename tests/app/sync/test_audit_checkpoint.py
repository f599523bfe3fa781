"""The audit chain's head travels in every sealed packet; the hub's copy shows a truncated log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from app.bootstrap import Station
from app.domain.enums import AuditAction
from app.services.audit import record_audit
from app.services.audit_log import Checkpoint, ProblemKind
from app.sync.synthetic import add_synthetic_enrolment
from server.audit_checkpoints import latest_checkpoints
from server.cli import main as hub_main
from server.local import LocalHub
from tests.support.cli import station_cli


def test_the_hub_keeps_the_newest_checkpoint_and_verify_uses_it(registered: Station, local_hub: LocalHub,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert local_hub.hub is not None
    for serial in range(2):
        with registered.db.session() as session:
            record_audit(session, AuditAction.SELFCHECK, subject=f"run-{serial}")
        uuid = add_synthetic_enrolment(registered.db, registered.blobs, serial=serial, record_size=20_000)
        registered.sync.on_saved(uuid)  # sealed now, with the chain's head at this moment
    head_at_last_seal = registered.audit_log.head()
    report = registered.sync.sync_now(pull=False)
    assert len(report.sent) == 2

    [checkpoint] = latest_checkpoints(local_hub.hub)
    assert (checkpoint.seq, checkpoint.mac) == (head_at_last_seal.seq, head_at_last_seal.mac)
    assert checkpoint.station_code == registered.config.identity.station_code
    assert registered.audit_log.verify(Checkpoint(checkpoint.seq, checkpoint.mac)).ok

    # Someone deletes the newest events on the laptop and rewinds the head: the chain alone looks whole.
    keep = checkpoint.seq - 2
    with registered.db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq > :keep"), {"keep": keep})
        connection.execute(text("UPDATE audit_chain_head SET seq = :keep, "
                                "mac = (SELECT mac FROM audit_events WHERE seq = :keep)"), {"keep": keep})
    assert registered.audit_log.verify().ok
    broken = registered.audit_log.verify(Checkpoint(checkpoint.seq, checkpoint.mac))
    assert broken.problem is not None and broken.problem.kind == ProblemKind.MISSING
    assert broken.problem.seq == keep + 1

    assert station_cli("audit", "verify", "--checkpoint", checkpoint.argument) == 1
    assert "hilang" in capsys.readouterr().out


def test_station_hub_audit_checkpoints_command(registered: Station, local_hub: LocalHub,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert local_hub.hub is not None
    uuid = add_synthetic_enrolment(registered.db, registered.blobs, serial=5, record_size=20_000)
    registered.sync.on_saved(uuid)
    registered.sync.sync_now(pull=False)
    head = registered.audit_log.head()
    capsys.readouterr()
    args = ["--db", local_hub.db_url, "--data", str(local_hub.data_dir)]
    assert hub_main(["audit", "checkpoints", *args, "--json"]) == 0
    [found] = json.loads(capsys.readouterr().out)
    assert found["seq"] <= head.seq and found["seq"] >= 1 and len(found["mac"]) == 64
    assert hub_main(["audit", "checkpoints", *args, "--station", "NOPE"]) == 0
    assert "no checkpoints yet" in capsys.readouterr().out
    assert hub_main(["audit", "checkpoints", *args]) == 0
    assert f"--checkpoint {found['seq']}:{found['mac']}" in capsys.readouterr().out
