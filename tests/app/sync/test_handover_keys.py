"""The hub's receipt signing key: created by ``keys init`` or on first use, and known to stations
registered before receipts existed after their next sync. A reused packet UUID is refused at import too."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from app.bootstrap import Station
from app.sync import state
from app.sync.handover_format import MANIFEST_FILE, packet_file_name, sign_document
from app.sync.hub_signing import HUB_SIGNING_KEY, hub_signing_key, knows_hub_signing_key
from app.sync.packet_format import seal_packet
from app.sync.synthetic import add_synthetic_enrolment
from server.cli import main as hub_main
from server.handover_keys import HUB_SIGNING_KEY_FILE, hub_signing_public_b64
from server.local import LocalHub
from tests.app.sync.handover_support import hub_import, hub_packets
from tests.support.cli import station_cli


def test_keys_init_creates_the_signing_key_beside_the_hub_key(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "hub"
    assert hub_main(["keys", "init", "--data", str(data)]) == 0
    signing = data / HUB_SIGNING_KEY_FILE
    assert (data / "hub_x25519.pem").exists() and signing.exists()
    assert stat.S_IMODE(signing.stat().st_mode) == 0o600
    before = signing.read_bytes()
    assert hub_main(["keys", "init", "--data", str(data)]) == 0
    assert signing.read_bytes() == before and "signing key exists" in capsys.readouterr().out


def test_registration_gives_the_station_the_signing_key(registered: Station, local_hub: LocalHub) -> None:
    assert local_hub.hub is not None
    assert (local_hub.data_dir / HUB_SIGNING_KEY_FILE).exists()  # a hub set up before receipts: made on first use
    assert state.get_json(registered.db, HUB_SIGNING_KEY) == hub_signing_public_b64(local_hub.data_dir)
    hub_signing_key(registered.db)


def test_a_station_registered_before_receipts_learns_the_key_at_its_next_sync(registered: Station) -> None:
    with registered.db.session() as session:
        from app.storage.models import KeyValue

        session.delete(session.get(KeyValue, HUB_SIGNING_KEY))
    assert not knows_hub_signing_key(registered.db)
    assert registered.sync.sync_now(pull=False).ok  # nothing to send or poll: one status call brings it
    assert knows_hub_signing_key(registered.db)


def test_receipt_without_a_known_hub_key_says_what_to_do(registered: Station, local_hub: LocalHub, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    add_synthetic_enrolment(registered.db, registered.blobs, serial=1, record_size=5000)
    folder = tmp_path / "stick"
    assert station_cli("handover", "export", str(folder)) == 0
    hub_import(local_hub, folder, capsys)
    with registered.db.session() as session:
        from app.storage.models import KeyValue

        session.delete(session.get(KeyValue, HUB_SIGNING_KEY))
    capsys.readouterr()
    assert station_cli("handover", "receipt", str(folder)) == 2
    err = capsys.readouterr().err
    assert "belum mengenal kunci" in err and "does not know the hub's signing key" in err


def test_a_reused_packet_uuid_with_other_contents_is_refused_at_import(
        registered: Station, local_hub: LocalHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_synthetic_enrolment(registered.db, registered.blobs, serial=1, record_size=5000)
    folder = tmp_path / "stick"
    assert station_cli("handover", "export", str(folder)) == 0
    registered.sync.sync_now(pull=False)  # the hub holds the genuine packet
    document = json.loads((folder / MANIFEST_FILE).read_text())
    item = document["body"]["packets"][0]
    registration = registered.sync.registration
    assert registration is not None
    forged = seal_packet(packet_uuid=item["packet_uuid"], station_id=registration.station_id, metadata={"x": 1},
                         record=b"other contents", hub_public_key=registration.hub_key,
                         station_key=registered.sync.station_key)
    (folder / packet_file_name(item["packet_uuid"])).write_bytes(forged.data)
    item.update(size=forged.size, sha256=forged.sha256)
    (folder / MANIFEST_FILE).write_bytes(sign_document(document["body"], registered.sync.station_key))
    code, imported = hub_import(local_hub, folder, capsys)
    assert code == 1 and imported["refused"] == 1
    assert imported["packets"][0]["error"] == "packet_uuid_reused"
    held = hub_packets(local_hub)[item["packet_uuid"]]
    assert held.sha256 != forged.sha256  # the genuine packet stays, untouched
