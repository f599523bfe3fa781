"""Hand-over faults with real files and a real hub on loopback: full, read-only and pulled sticks,
tampered or truncated packets, foreign manifests and receipts, importing twice. Nothing lost, nothing twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.bootstrap import Station
from app.domain.enums import OutboxState
from app.sync.handover_export import export_handover
from app.sync.handover_format import MANIFEST_FILE, RECEIPT_FILE, packet_file_name, sign_document
from app.sync.handover_media import TEMP_PREFIX
from app.sync.synthetic import add_synthetic_enrolment
from server.local import LocalHub
from tests.app.sync.conftest import SITE
from tests.app.sync.handover_support import assert_stored_once, hub_import, hub_packets, outbox_entries
from tests.app.sync.stick import Stick, pull_after, stick  # noqa: F401 (fixture)
from tests.support.cli import station_cli

RECORD = 20_000  # each sealed packet is ~22 KB


def add(station: Station, count: int, first: int = 0) -> None:
    for i in range(count):
        add_synthetic_enrolment(station.db, station.blobs, serial=first + i, record_size=RECORD)


def export_cli(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = station_cli("handover", "export", str(folder))
    out = capsys.readouterr()
    return code, out.out, out.err


def manifest_uuids(folder: Path) -> list[str]:
    return [p["packet_uuid"] for p in json.loads((folder / MANIFEST_FILE).read_text())["body"]["packets"]]


def assert_manifest_truthful(folder: Path) -> None:
    """Every packet a manifest claims is on the stick, whole."""
    if not (folder / MANIFEST_FILE).exists():
        return
    for item in json.loads((folder / MANIFEST_FILE).read_text())["body"]["packets"]:
        assert (folder / item["file"]).stat().st_size == item["size"]
    assert not list(folder.rglob(f"{TEMP_PREFIX}*")), "a temporary file was left on the stick"


def handed_over(station: Station) -> int:
    return sum(e.handed_over_at is not None for e in outbox_entries(station).values())


def test_full_stick_leaves_no_false_manifest_and_a_second_run_completes(
        registered: Station, local_hub: LocalHub, stick: Stick, capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    stick.mount(64)
    assert export_cli(stick.path, capsys)[0] == 0
    first = manifest_uuids(stick.path)
    add(registered, 3, first=10)
    code, _out, err = export_cli(stick.path, capsys)
    assert code == 2
    assert "penuh" in err and "full" in err
    assert manifest_uuids(stick.path) == first  # the old manifest, true still; none claims a missing packet
    assert_manifest_truthful(stick.path)
    assert handed_over(registered) == 2
    stick.grow(1024)
    code, out, _err = export_cli(stick.path, capsys)
    assert code == 0 and "5 paket" in out
    assert len(manifest_uuids(stick.path)) == 5
    assert_manifest_truthful(stick.path)
    assert handed_over(registered) == 5
    assert hub_import(local_hub, stick.path, capsys)[1]["stored"] == 5
    assert_stored_once(registered, local_hub)


def test_full_stick_on_the_first_run_writes_no_manifest(registered: Station, stick: Stick,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 4)
    stick.mount(48)
    code, _out, err = export_cli(stick.path, capsys)
    assert code == 2 and "Galat:" in err and "Error:" in err
    assert not (stick.path / MANIFEST_FILE).exists()
    assert_manifest_truthful(stick.path)
    assert handed_over(registered) == 0
    assert all(e.state == OutboxState.QUEUED for e in outbox_entries(registered).values())


def test_read_only_stick_is_refused_clearly(registered: Station, stick: Stick,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    stick.mount(1024)
    stick.set_read_only(True)
    code, _out, err = export_cli(stick.path, capsys)
    assert code == 2 and "tidak dapat ditulisi" in err and "cannot be written" in err
    assert handed_over(registered) == 0
    stick.set_read_only(False)
    assert export_cli(stick.path, capsys)[0] == 0
    assert handed_over(registered) == 2


def test_stick_pulled_during_write(registered: Station, local_hub: LocalHub, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 4)
    folder = tmp_path / "stick"
    plug_back = pull_after(monkeypatch, files=2)
    code, _out, err = export_cli(folder, capsys)
    assert code == 2 and "terlepas" in err and "pulled out" in err
    assert not (folder / MANIFEST_FILE).exists()
    assert_manifest_truthful(folder)
    assert len(list((folder / "packets").iterdir())) == 2  # two whole packets, nothing half-written
    plug_back()
    code, out, _err = export_cli(folder, capsys)
    assert code == 0 and "2 baru / new, 2 sudah ada / already there" in out
    assert hub_import(local_hub, folder, capsys)[1]["stored"] == 4


def test_pulled_while_writing_the_manifest_keeps_the_previous_one(
        registered: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 1)
    folder = tmp_path / "stick"
    assert export_cli(folder, capsys)[0] == 0
    before = (folder / MANIFEST_FILE).read_bytes()
    add(registered, 1, first=5)
    pull_after(monkeypatch, files=1)  # the new packet goes, the manifest write is cut
    assert export_cli(folder, capsys)[0] == 2
    assert (folder / MANIFEST_FILE).read_bytes() == before
    assert_manifest_truthful(folder)


@pytest.mark.parametrize("damage", ["tampered", "truncated"])
def test_damaged_packet_is_refused_others_stored_and_it_stays_queued(
        damage: str, registered: Station, local_hub: LocalHub, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 3)
    folder = tmp_path / "stick"
    export_cli(folder, capsys)
    victim = manifest_uuids(folder)[1]
    path = folder / packet_file_name(victim)
    data = bytearray(path.read_bytes())
    if damage == "tampered":
        data[200] ^= 0x01
    else:
        data = data[: len(data) // 2]
    path.write_bytes(bytes(data))
    code, imported = hub_import(local_hub, folder, capsys)
    assert code == 1 and imported["stored"] == 2 and imported["refused"] == 1
    refused = next(p for p in imported["packets"] if p["packet_uuid"] == victim)
    assert refused["error"] == "hash_mismatch"
    assert ("terpotong" if damage == "truncated" else "diubah") in refused["message_id"]
    assert victim not in hub_packets(local_hub)
    capsys.readouterr()
    assert station_cli("handover", "receipt", str(folder)) == 1
    out = capsys.readouterr().out
    assert "akan diserahkan lagi" in out and "to hand over again" in out
    entry = outbox_entries(registered)[victim]
    assert entry.state == OutboxState.QUEUED and entry.handed_over_at is None  # nothing lost: it goes again
    assert len(registered.sync.sync_now(pull=False).sent) == 1
    assert_stored_once(registered, local_hub)
    assert len(hub_packets(local_hub)) == 3


def test_altered_manifest_is_refused_and_nothing_stored(registered: Station, local_hub: LocalHub, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    folder = tmp_path / "stick"
    export_cli(folder, capsys)
    document = json.loads((folder / MANIFEST_FILE).read_text())
    document["body"]["packets"] = document["body"]["packets"][:1]
    (folder / MANIFEST_FILE).write_text(json.dumps(document))
    code, result = hub_import(local_hub, folder, capsys)
    assert code == 2 and "Tanda tangan" in result["stderr"] and "signature" in result["stderr"]
    assert hub_packets(local_hub) == {}
    assert not (folder / RECEIPT_FILE).exists()


@pytest.fixture
def second_station(make_station: Callable[..., Station], local_hub: LocalHub, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch, station_home: Path) -> Station:
    """Another station registered at the same hub (its own home), the first one's home left as it was."""
    assert local_hub.hub is not None
    monkeypatch.setenv("STATION_HOME", str(tmp_path / "other-station"))
    other = make_station()
    other.sync.register(local_hub.url, local_hub.hub.invite(SITE))
    monkeypatch.setenv("STATION_HOME", str(station_home))
    return other


def test_export_into_another_stations_folder_is_refused(registered: Station, second_station: Station,
                                                        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(second_station, 1)
    folder = tmp_path / "stick"
    export_handover(second_station.sync, folder)
    add(registered, 1)
    code, _out, err = export_cli(folder, capsys)
    assert code == 2 and "stasiun lain" in err and "another station" in err
    assert len(manifest_uuids(folder)) == 1 and handed_over(registered) == 0


def test_manifest_of_another_station_over_these_packets_is_refused(
        registered: Station, second_station: Station, local_hub: LocalHub, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    folder = tmp_path / "stick"
    export_cli(folder, capsys)
    body = json.loads((folder / MANIFEST_FILE).read_text())["body"]
    registration = second_station.sync.registration
    assert registration is not None
    body["station_id"] = registration.station_id  # the other station's manifest claiming this station's packets
    (folder / MANIFEST_FILE).write_bytes(sign_document(body, second_station.sync.station_key))
    code, imported = hub_import(local_hub, folder, capsys)
    assert code == 1 and imported["refused"] == 2 and imported["stored"] == 0
    assert {p["error"] for p in imported["packets"]} == {"bad_signature"}
    assert hub_packets(local_hub) == {}


def test_manifest_from_an_unknown_station(registered: Station, local_hub: LocalHub, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 1)
    folder = tmp_path / "stick"
    export_cli(folder, capsys)
    document = json.loads((folder / MANIFEST_FILE).read_text())
    document["body"]["station_id"] = "00000000-0000-4000-8000-000000000000"
    (folder / MANIFEST_FILE).write_text(json.dumps(document))
    code, result = hub_import(local_hub, folder, capsys)
    assert code == 2 and "tidak terdaftar" in result["stderr"] and "does not know" in result["stderr"]


def test_two_imports_of_the_same_folder_store_once(registered: Station, local_hub: LocalHub, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 3)
    folder = tmp_path / "stick"
    export_cli(folder, capsys)
    assert hub_import(local_hub, folder, capsys)[1]["stored"] == 3
    code, again = hub_import(local_hub, folder, capsys)
    assert code == 0 and again["stored"] == 0 and again["already_received"] == 3
    assert_stored_once(registered, local_hub)
    assert len(hub_packets(local_hub)) == 3
    capsys.readouterr()
    assert station_cli("handover", "receipt", str(folder)) == 0
    assert station_cli("handover", "receipt", str(folder)) == 0  # reading it twice changes nothing
    assert all(e.state == OutboxState.SENT for e in outbox_entries(registered).values())


def test_receipt_written_later_when_the_stick_was_read_only_at_the_office(
        registered: Station, local_hub: LocalHub, stick: Stick, capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    stick.mount(1024)
    export_cli(stick.path, capsys)
    stick.set_read_only(True)
    code, imported = hub_import(local_hub, stick.path, capsys)
    assert code == 1 and imported["stored"] == 2 and imported["receipt_error"]["code"] == "read_only"
    stick.set_read_only(False)
    code, imported = hub_import(local_hub, stick.path, capsys)
    assert code == 0 and imported["already_received"] == 2 and (stick.path / RECEIPT_FILE).exists()
    assert_stored_once(registered, local_hub)


def test_altered_or_foreign_receipt_is_refused(registered: Station, second_station: Station, local_hub: LocalHub,
                                               tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    add(registered, 1)
    folder = tmp_path / "stick"
    export_cli(folder, capsys)
    hub_import(local_hub, folder, capsys)
    original = (folder / RECEIPT_FILE).read_bytes()
    document = json.loads(original)
    document["body"]["packets"][0]["status"] = "print_ready"
    (folder / RECEIPT_FILE).write_text(json.dumps(document))
    capsys.readouterr()
    assert station_cli("handover", "receipt", str(folder)) == 2
    err = capsys.readouterr().err
    assert "Tanda tangan" in err and "signature" in err
    other_hub = Ed25519PrivateKey.generate()
    body = json.loads(original)["body"]
    body["hub_signing_key_id"] = "0123456789abcdef"
    (folder / RECEIPT_FILE).write_bytes(sign_document(body, other_hub))
    assert station_cli("handover", "receipt", str(folder)) == 2
    err = capsys.readouterr().err
    assert "pusat lain" in err and "another hub" in err
    (folder / RECEIPT_FILE).write_bytes(original)
    assert export_handover(second_station.sync, tmp_path / "b").packets == ()
    # The other station reading this station's receipt is refused.
    from app.sync.handover_format import HandoverError
    from app.sync.handover_receipt import apply_handover_receipt

    with pytest.raises(HandoverError, match="stasiun lain"):
        apply_handover_receipt(second_station.sync, folder)
    assert all(e.state == OutboxState.QUEUED for e in outbox_entries(registered).values())


def test_unregistered_station_cannot_hand_over(make_station: Callable[..., Station], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    station = make_station()
    add(station, 1)
    code, _out, err = export_cli(tmp_path / "stick", capsys)
    assert code == 2 and "belum terdaftar" in err and "not registered" in err and "sealed" in err


def test_office_import_explains_refusals_in_both_languages(registered: Station, local_hub: LocalHub, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from server.cli import main as hub_main

    add(registered, 2)
    folder = tmp_path / "stick"
    export_cli(folder, capsys)
    victim = manifest_uuids(folder)[0]
    (folder / packet_file_name(victim)).write_bytes(b"EKTPPKT1 cut short")
    capsys.readouterr()
    code = hub_main(["handover", "import", str(folder), "--db", local_hub.db_url, "--data", str(local_hub.data_dir)])
    out = capsys.readouterr().out
    assert code == 1
    assert "1 diterima / stored" in out and "1 ditolak / refused" in out and victim in out
    assert "terpotong" in out and "truncated" in out
    assert "Tanda terima ditulis / receipt written" in out


def test_a_stick_that_is_not_mounted_is_not_created_on_the_laptop(registered: Station, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 1)
    missing = tmp_path / "media" / "usb"
    code, _out, err = export_cli(missing, capsys)
    assert code == 2 and "belum terpasang" in err and "not mounted" in err
    assert not (tmp_path / "media").exists() and handed_over(registered) == 0
