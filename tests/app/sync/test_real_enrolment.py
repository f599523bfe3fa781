"""The real pipeline: EnrolmentService.save -> on_saved seals -> upload -> the hub opens a valid ANSI/NIST record."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from app.bootstrap import Station
from app.records.inspect import inspect_transaction
from app.services.demo import run_demo
from app.storage.models import Capture, Enrolment, OutboxEntry
from app.sync import packet_format
from server.local import LocalHub
from server.models import HubStation
from server.netfaults import FaultProxy


@pytest.mark.slow
def test_saved_enrolment_is_sealed_sent_and_opened_by_the_hub(make_station, local_hub: LocalHub,
                                                              proxy: FaultProxy, hub_db_url: str) -> None:
    if not hub_db_url.startswith("sqlite"):
        pytest.skip("the station side does not depend on the hub database")
    assert local_hub.hub is not None
    station: Station = make_station()
    station.sync.register(proxy.url, local_hub.hub.invite("DEMO"))
    [result] = run_demo(station, 1)

    blob_root = station.config.paths.blob_dir
    left = [os.path.relpath(os.path.join(folder, name), blob_root)
            for folder, _dirs, names in os.walk(blob_root) for name in names]
    assert left and all(path.startswith("packet" + os.sep) for path in left), left
    with station.db.session() as session:
        enrolment = session.scalars(select(Enrolment).where(Enrolment.uuid == result.uuid)).one()
        assert enrolment.sealed and enrolment.record_ref is None
        captures = session.scalars(select(Capture).where(Capture.enrolment_id == enrolment.id)).all()
        assert captures and all(c.image_ref is None for c in captures)
        packet_uuid = session.scalars(select(OutboxEntry.packet_uuid)).one()

    report = station.sync.sync_now(pull=False)
    assert [r.enrolment_uuid for r in report.sent] == [result.uuid]
    data = local_hub.hub.packet_path(packet_uuid).read_bytes()
    with local_hub.hub.session() as session:
        station_key = session.scalars(select(HubStation.public_key)).one()
    opened = packet_format.open_packet(data, local_hub.hub.key, packet_format.load_ed25519_public(station_key))
    assert opened.metadata["enrolment_uuid"] == result.uuid
    assert len(opened.metadata["captures"]) == len(captures)
    assert opened.metadata["record"]["sha256"] == packet_format.sha256_hex(opened.record)
    summary = inspect_transaction(opened.record)
    assert summary["version"] is not None
