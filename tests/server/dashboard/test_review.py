"""The stations page and the adjudication pages over HTTP (synthetic rows; the browser test uses real packets)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select

from app.timezones import utc_now
from server.local import LocalHub
from server.models import HubHandoverImport, HubPacket, HubRecord, HubStatusEvent
from tests.server.dashboard.conftest import SUPERVISOR, VIEWER
from tests.support.campaign import add_stations, form_token, log_in


@pytest.fixture
def waiting_pair(dashboard_hub: LocalHub) -> tuple[str, str]:
    """Two records, the second waiting for a supervisor's decision against the first."""
    hub = dashboard_hub.hub
    assert hub is not None
    [station_id] = add_stations(hub, 1)
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    with hub.session() as session:
        for packet_uuid, status, nik in ((first, "print_ready", "3573014203080001"),
                                         (second, "adjudication", "3573014203080002")):
            session.add(HubPacket(packet_uuid=packet_uuid, station_id=station_id, sha256="0" * 64, size=10,
                                  complete=True, status=status, status_updated_at=utc_now(), received_at=utc_now(),
                                  site_code="SEKOLAH-01", visit_date="2024-10-01", software_version="0.2.0"))
            session.add(HubRecord(packet_uuid=packet_uuid, nik=nik, name="SISWA SINTETIS", finger_count=10,
                                  matched_packet_uuid=first if packet_uuid == second else None, match_score=61,
                                  reason_id="Sidik jari mirip.", reason_en="Fingerprints resemble."))
        session.add(HubHandoverImport(station_id=station_id, stored=2, already_received=0, refused=0, missing=0))
    return first, second


def test_the_stations_page_shows_what_the_hub_knows(browser_client: httpx.Client,
                                                    waiting_pair: tuple[str, str]) -> None:
    log_in(browser_client, *VIEWER)
    page = browser_client.get("/dashboard/stations")
    assert page.status_code == 200
    assert "3573-01" in page.text and "0.2.0" in page.text and "1 (2 paket / packets)" in page.text
    assert "belum ada laporan / no report yet" in page.text  # a station that never reported says so plainly


def test_the_queue_masks_niks_and_a_decision_needs_a_supervisor_and_a_token(
        browser_client: httpx.Client, dashboard_hub: LocalHub, waiting_pair: tuple[str, str]) -> None:
    first, second = waiting_pair
    log_in(browser_client, *VIEWER)
    queue = browser_client.get("/dashboard/adjudication")
    assert queue.status_code == 200 and "357301********02" in queue.text and "3573014203080002" not in queue.text
    compare = browser_client.get(f"/dashboard/adjudication/{second}")
    assert compare.status_code == 200 and "357301********01" in compare.text and "decide-same" not in compare.text
    token = form_token(compare.text)  # the log-out form's: a viewer has no decision form
    refused = browser_client.post(f"/dashboard/adjudication/{second}", data={"csrf_token": token, "decision": "same"})
    assert refused.status_code == 403

    browser_client.cookies.clear()
    log_in(browser_client, *SUPERVISOR)
    compare = browser_client.get(f"/dashboard/adjudication/{second}")
    assert "decide-same" in compare.text
    forged = browser_client.post(f"/dashboard/adjudication/{second}", data={"csrf_token": "palsu", "decision": "same"})
    assert forged.status_code == 403
    token = form_token(compare.text)
    vague = browser_client.post(f"/dashboard/adjudication/{second}", data={"csrf_token": token, "decision": "mungkin"})
    assert vague.status_code == 422
    hub = dashboard_hub.hub
    assert hub is not None
    with hub.session() as session:
        assert session.get(HubPacket, second).status == "adjudication"
    decided = browser_client.post(f"/dashboard/adjudication/{second}",
                                  data={"csrf_token": token, "decision": "different", "note": "kembar"})
    assert decided.status_code == 303
    with hub.session() as session:
        assert session.get(HubPacket, second).status == "print_ready"
        event = session.scalars(select(HubStatusEvent).where(HubStatusEvent.packet_uuid == second)).one()
    assert event.actor == SUPERVISOR[0] and event.note == "kembar"
    again = browser_client.post(f"/dashboard/adjudication/{second}", data={"csrf_token": token, "decision": "same"})
    assert again.status_code == 409 and "tidak menunggu keputusan" in again.text
    unknown = browser_client.get("/dashboard/adjudication/bukan-uuid")
    assert unknown.status_code == 404 and "Rekaman itu tidak ada" in unknown.text
    assert first  # the other record stays as it was
