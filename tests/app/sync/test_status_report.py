"""Station status reports over HTTP on loopback: a real station reports at sync, the dashboard shows it,
a report that fails never fails the packets, and hostile report bodies are refused with a clear JSON error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.bootstrap import Station
from app.config import from_mapping
from app.paths import StationPaths
from app.sync.client import HubClient
from app.sync.synthetic import add_synthetic_enrolment
from server.dashboard.auth import add_user
from server.local import LocalHub
from server.station_reports import latest_reports
from tests.app.sync.conftest import SITE
from tests.support.campaign import log_in
from tests.support.station import unlocked_station

OFFICE = ("kepala.kantor", "sandi-kantor-panjang")
DEVICES = {"camera": {"backend": "sim", "seed": 1}, "iris": {"backend": "sim", "seed": 3},
           "signature": {"backend": "sim", "seed": 5},
           "fingerprint": {"backend": "sim", "seed": 7, "fault": "disconnected"}}  # unplugged: its self-check fails


@pytest.fixture
def reporting_station(station_home: Path, local_hub: LocalHub) -> Iterator[Station]:
    """A registered station that needs approval before sending, with an unplugged fingerprint scanner."""
    assert local_hub.hub is not None
    paths = StationPaths.default()
    paths.ensure()
    station = unlocked_station(from_mapping({"sync": {"require_approval": True, "timeout_s": 10.0},
                                             "devices": DEVICES}, paths))
    station.sync.register(local_hub.url, local_hub.hub.invite(SITE))
    yield station
    station.close()


def test_a_station_reports_waiting_packets_and_a_failed_self_check(reporting_station: Station,
                                                                   local_hub: LocalHub) -> None:
    hub = local_hub.hub
    assert hub is not None and reporting_station.sync.registration is not None
    run = reporting_station.selfcheck.run()
    assert [r.family for r in run.results if not r.ok] == ["fingerprint"]
    add_synthetic_enrolment(reporting_station.db, reporting_station.blobs, serial=1, record_size=4000)
    for serial in (2, 3, 4):
        add_synthetic_enrolment(reporting_station.db, reporting_station.blobs, serial=serial, record_size=4000,
                                approved=False)

    report = reporting_station.sync.sync_now()
    assert len(report.sent) == 1 and report.ok
    assert report.status_report is not None and report.status_report["sent"]
    stored = latest_reports(hub)[reporting_station.sync.registration.station_id]
    assert stored.outbox["awaiting_approval"] == 3 and stored.packets_waiting == 3
    assert [f["device"] for f in stored.selfcheck_failed] == ["fingerprint"] and stored.selfcheck_checked == 4

    add_user(hub, *OFFICE, "viewer")
    with httpx.Client(base_url=local_hub.url, timeout=30) as browser:
        log_in(browser, *OFFICE)
        page = browser.get("/dashboard/stations").text
    row = page[page.index('id="station-3573-01"'):]
    row = row[:row.index("</tr>")]
    assert "3 (3 menunggu persetujuan / awaiting approval)" in row
    assert "Pemindai sidik jari / fingerprint scanner gagal / failed" in row
    assert "belum ada laporan" not in row


class HubWithoutReports(HubClient):
    """A real client talking to a hub that has no status-report endpoint (an older hub): it answers 404."""

    def status_report(self, report: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "/stations/status-report-unknown", json=report)


def test_a_report_that_fails_does_not_fail_the_packets(registered: Station, local_hub: LocalHub,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def factory(url: str, token: str) -> HubClient:
        return HubWithoutReports(url, token, timeout_s=10)

    monkeypatch.setattr(registered.sync, "_client_factory", factory)
    add_synthetic_enrolment(registered.db, registered.blobs, serial=9, record_size=4000)
    report = registered.sync.sync_now()
    assert len(report.sent) == 1 and not report.failed and report.ok
    assert report.status_report is not None and not report.status_report["sent"]
    assert report.status_report["error"]["code"] == "http_404"
    assert registered.sync.summary().last_sync_at is not None


GOOD = {"reported_at": "2024-11-04T08:00:00+07:00", "software_version": "0.3.0",
        "outbox": {"waiting": 1, "awaiting_approval": 0, "unsealed": 0, "failed": 0, "sent": 5, "handed_over": 0},
        "handovers_exported": 0, "selfcheck": None}


HOSTILE: list[tuple[Any, int, str]] = [
    (b"not json", 400, "malformed_json"),
    (b"\xff\xfe{}", 400, "invalid_utf8"),
    (b"[]", 422, "malformed_request"),
    ({**GOOD, "outbox": {**GOOD["outbox"], "waiting": -1}}, 422, "malformed_request"),
    ({**GOOD, "outbox": {**GOOD["outbox"], "waiting": "1"}}, 422, "malformed_request"),
    ({**GOOD, "reported_at": "kemarin"}, 422, "malformed_request"),
    ({**GOOD, "reported_at": "2024-11-04T08:00:00"}, 422, "malformed_request"),  # no UTC offset
    ({**GOOD, "software_version": "0.3\n<script>"}, 422, "malformed_request"),
    ({**GOOD, "nik": "3573014503080001"}, 422, "malformed_request"),  # unknown keys refused
    ({**GOOD, "selfcheck": {"at": GOOD["reported_at"], "checked": 4,
                            "failed": [{"device": "camera"}] * 17}}, 422, "malformed_request"),
    ({**GOOD, "software_version": "x" * 100_000}, 413, "body_too_large"),
]


def test_hostile_reports_are_refused_and_nothing_is_stored(registered: Station, local_hub: LocalHub) -> None:
    assert local_hub.hub is not None and registered.sync.registration is not None
    headers = {"Authorization": f"Bearer {registered.sync.registration.token}", "Content-Type": "application/json"}
    with httpx.Client(base_url=local_hub.url, timeout=10) as http:
        for body, status, code in HOSTILE:
            answer = http.post("/api/v1/stations/status", headers=headers,
                               **({"content": body} if isinstance(body, bytes) else {"json": body}))
            assert (answer.status_code, answer.json()["error"]) == (status, code), body
            assert answer.json()["message_id"] and answer.json()["message_en"]
            assert registered.sync.registration.station_id not in latest_reports(local_hub.hub)
        assert http.post("/api/v1/stations/status", json=GOOD).status_code == 401  # no token
        assert http.post("/api/v1/stations/status", json=GOOD, headers=headers).status_code == 200
        assert latest_reports(local_hub.hub)[registered.sync.registration.station_id].outbox["sent"] == 5


def test_the_plan_endpoint_refuses_bad_checkpoints(registered: Station, local_hub: LocalHub) -> None:
    assert registered.sync.registration is not None
    headers = {"Authorization": f"Bearer {registered.sync.registration.token}"}
    with httpx.Client(base_url=local_hub.url, timeout=10) as http:
        for query in ("after=-1", "after=abc", f"after={2**31}"):
            answer = http.get(f"/api/v1/plan?{query}", headers=headers)
            assert (answer.status_code, answer.json()["error"]) == (422, "malformed_request")
        assert http.get("/api/v1/plan").json()["error"] == "unknown_station"
        assert http.get("/api/v1/plan?after=0", headers=headers).json() == {"version": 0, "plan": None}
