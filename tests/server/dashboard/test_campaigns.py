"""Campaign plans, school files, progress, exports and the polling day push, over HTTP on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from pathlib import Path

import httpx
import openpyxl
import pytest
from sqlalchemy import select

from server.dashboard.auth import add_user
from server.dashboard.campaigns import load_plan
from server.dashboard.progress import campaign_progress
from server.dashboard.tables import CampaignSite, PlannedVisit
from server.keys import init_hub_key
from server.local import LocalHub
from server.models import HubPacket
from tests.server.dashboard.conftest import SUPERVISOR
from tests.support.campaign import add_stations, form_token, log_in, synthetic_campaign

SCHOOLS_CSV = "KODE;NAMA SEKOLAH;KECAMATAN;TARGET\nSMAN-1;SMA Negeri 1 Malang;Klojen;120\nSMAN-2;SMA Negeri 2 Malang;Klojen;95\n"


@pytest.fixture
def supervisor(browser_client: httpx.Client) -> httpx.Client:
    assert log_in(browser_client, *SUPERVISOR).status_code == 303
    return browser_client


def new_campaign(client: httpx.Client, polling_day: str = "2024-11-27", starts_on: str = "2024-09-02") -> str:
    token = form_token(client.get("/dashboard/").text)
    answer = client.post("/dashboard/campaigns", data={
        "csrf_token": token, "name": "Pilkada Malang 2024", "polling_day": polling_day, "starts_on": starts_on,
        "target_group": "pemilih pemula 17 tahun pada hari pemungutan suara"})
    assert answer.status_code == 303
    found = re.match(r"^/dashboard/campaigns/(\d+)/plan", answer.headers["location"])
    assert found
    return found.group(1)


def upload(client: httpx.Client, campaign: str, name: str, data: bytes) -> httpx.Response:
    token = form_token(client.get(f"/dashboard/campaigns/{campaign}/plan").text)
    return client.post(f"/dashboard/campaigns/{campaign}/sites", data={"csrf_token": token},
                       files={"file": (name, data, "application/octet-stream")})


def sites(local: LocalHub) -> list[tuple[str, str, int]]:
    assert local.hub is not None
    with local.hub.session() as session:
        return [(s.code, s.name, s.target) for s in session.scalars(select(CampaignSite).order_by(CampaignSite.code))]


def test_schools_import_from_csv_and_xlsx(supervisor: httpx.Client, dashboard_hub: LocalHub) -> None:
    campaign = new_campaign(supervisor)
    answer = upload(supervisor, campaign, "sekolah.csv", SCHOOLS_CSV.encode())
    assert answer.status_code == 303 and "notice=sites_imported&n=2" in answer.headers["location"]
    assert sites(dashboard_hub) == [("SMAN-1", "SMA Negeri 1 Malang", 120), ("SMAN-2", "SMA Negeri 2 Malang", 95)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kode", "Nama", "Target"])
    sheet.append(["SMAN-2", "SMA Negeri 2 Malang", 100])  # a number cell, and an update of a known school
    sheet.append(["SMAK-3", "SMAK Santo Albertus", 80.0])
    buffer = io.BytesIO()
    book.save(buffer)
    imported = upload(supervisor, campaign, "sekolah.xlsx", buffer.getvalue())
    assert imported.status_code == 303
    assert sites(dashboard_hub) == [("SMAK-3", "SMAK Santo Albertus", 80), ("SMAN-1", "SMA Negeri 1 Malang", 120),
                                    ("SMAN-2", "SMA Negeri 2 Malang", 100)]
    plan = supervisor.get(imported.headers["location"])
    assert "2 sekolah diimpor" in plan.text and "SMAK Santo Albertus" in plan.text


@pytest.mark.parametrize(("name", "data", "says"), [
    ("sekolah.csv", b"", "kosong"),
    ("sekolah.csv", b"NAMA;ALAMAT\nSMA 1;Jl. Ijen\n", "baris judul tidak ditemukan"),
    ("sekolah.csv", b"KODE;NAMA;TARGET\nSMAN-1;SMA 1;120\nSMAN 2;SMA 2;banyak\nSMAN-1;lagi;5\n", "2 baris tidak valid"),
    ("sekolah.xlsx", b"PK\x03\x04 bukan zip", "rusak"),
    ("sekolah.csv", b"\xff\xfe\x00\x00binary\x00", "biner"),
    ("sekolah.csv", b"KODE;NAMA;TARGET\n", "tidak ada baris sekolah"),
])
def test_a_malformed_school_file_gets_a_clear_page_and_stores_nothing(
        supervisor: httpx.Client, dashboard_hub: LocalHub, name: str, data: bytes, says: str) -> None:
    campaign = new_campaign(supervisor)
    answer = upload(supervisor, campaign, name, data)
    assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html")
    assert says in answer.text and "Tidak ada yang disimpan" in answer.text and "Nothing was saved" in answer.text
    assert "Traceback" not in answer.text
    assert sites(dashboard_hub) == []


def test_bad_rows_are_named_by_row_number(supervisor: httpx.Client) -> None:
    campaign = new_campaign(supervisor)
    answer = upload(supervisor, campaign, "s.csv", b"KODE,NAMA,TARGET\nSMAN-1,SMA 1,120\nSMAN 2,SMA 2,banyak\n")
    assert "Baris 3 / row 3" in answer.text and "banyak" in answer.text


def test_a_bad_campaign_form_stores_nothing(supervisor: httpx.Client, dashboard_hub: LocalHub) -> None:
    token = form_token(supervisor.get("/dashboard/").text)
    for polling_day, starts_on in (("27-11-2024", "2024-09-02"), ("2024-09-01", "2024-09-02"), ("2026-11-27", "2024-09-02")):
        answer = supervisor.post("/dashboard/campaigns", data={"csrf_token": token, "name": "X", "target_group": "Y",
                                                               "polling_day": polling_day, "starts_on": starts_on})
        assert answer.status_code == 422 and "Tidak ada yang disimpan" in answer.text
    assert "Belum ada kampanye" in supervisor.get("/dashboard/").text


def test_visits_are_planned_within_the_campaign(supervisor: httpx.Client, dashboard_hub: LocalHub) -> None:
    assert dashboard_hub.hub is not None
    campaign = new_campaign(supervisor)
    upload(supervisor, campaign, "sekolah.csv", SCHOOLS_CSV.encode())
    [station_id] = add_stations(dashboard_hub.hub, 1)
    site_id = str(sites_of(dashboard_hub)[0])
    token = form_token(supervisor.get(f"/dashboard/campaigns/{campaign}/plan").text)
    planned = supervisor.post(f"/dashboard/campaigns/{campaign}/visits", data={
        "csrf_token": token, "site_id": site_id, "station_id": station_id,
        "first_day": "2024-09-16", "last_day": "2024-09-18"})
    assert planned.status_code == 303 and "n=3" in planned.headers["location"]
    late = supervisor.post(f"/dashboard/campaigns/{campaign}/visits", data={
        "csrf_token": token, "site_id": site_id, "station_id": station_id, "first_day": "2024-12-01"})
    assert late.status_code == 422 and "Kunjungan harus antara" in late.text
    stranger = supervisor.post(f"/dashboard/campaigns/{campaign}/visits", data={
        "csrf_token": token, "site_id": site_id, "station_id": "bukan-stasiun", "first_day": "2024-09-20"})
    assert stranger.status_code == 422
    with dashboard_hub.hub.session() as session:
        assert [v.day.isoformat() for v in session.scalars(select(PlannedVisit).order_by(PlannedVisit.day))] == [
            "2024-09-16", "2024-09-17", "2024-09-18"]
    assert "3573-01" in supervisor.get(f"/dashboard/campaigns/{campaign}/plan").text


def sites_of(local: LocalHub) -> list[int]:
    assert local.hub is not None
    with local.hub.session() as session:
        return list(session.scalars(select(CampaignSite.id).order_by(CampaignSite.code)))


def test_progress_counts_packets_per_school_station_and_day(dashboard_hub: LocalHub) -> None:
    hub = dashboard_hub.hub
    assert hub is not None
    today = dt.date(2024, 11, 8)
    campaign = synthetic_campaign(hub, schools=6, stations=3, packets=300, starts_on=dt.date(2024, 9, 2),
                                  polling_day=dt.date(2024, 11, 27), today=today)
    progress = campaign_progress(hub, load_plan(hub, campaign.id), today)
    counts = progress.counts
    assert counts.received == 300 and progress.target == 6 * 90
    assert counts.recorded == counts.received - counts.duplicate - counts.failure
    assert counts.print_ready + counts.duplicate + counts.adjudication + counts.failure + counts.waiting == 300
    assert sum(s.counts.received for s in progress.sites) == 300 == sum(s.counts.received for s in progress.stations)
    assert sum(d.recorded for d in progress.days) == counts.recorded
    assert progress.days[-1].day == dt.date(2024, 11, 27) and progress.days[0].day == dt.date(2024, 9, 2)
    # 300 of 540 in 68 days: behind an even pace, so the projection falls after polling day
    assert progress.projected_finish is not None and progress.projected_finish > dt.date(2024, 11, 27)
    assert not progress.on_track
    assert progress.behind and all(s.counts.recorded < s.expected for s in progress.behind)


def test_the_progress_page_and_reports(supervisor: httpx.Client, dashboard_hub: LocalHub) -> None:
    hub = dashboard_hub.hub
    assert hub is not None
    today = dt.date.today()
    campaign = synthetic_campaign(hub, schools=4, stations=2, packets=120, starts_on=today - dt.timedelta(days=20),
                                  polling_day=today + dt.timedelta(days=20), today=today)
    page = supervisor.get(f"/dashboard/campaigns/{campaign.id}")
    assert page.status_code == 200
    progress = campaign_progress(hub, load_plan(hub, campaign.id), today)
    assert f"{progress.counts.recorded} / 360" in page.text
    assert page.text.count("<svg") == 2 and "burn-down" in page.text and "SMA Sintetis 4" in page.text
    csv_answer = supervisor.get(f"/dashboard/campaigns/{campaign.id}/report.csv")
    assert csv_answer.status_code == 200 and csv_answer.headers["content-type"].startswith("text/csv")
    lines = csv_answer.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 121 and "nik (disamarkan/masked)" in lines[0]
    assert re.search(r"357301\*{8}\d\d", lines[1]) and not re.search(r"\b\d{16}\b", csv_answer.text)
    pdf = supervisor.get(f"/dashboard/campaigns/{campaign.id}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000
    assert b"3573010000000001" not in pdf.content


def test_publishing_the_polling_day_goes_through_the_config_pull(supervisor: httpx.Client,
                                                                 dashboard_hub: LocalHub) -> None:
    hub = dashboard_hub.hub
    assert hub is not None
    hub.push_config({"quality": {"max_attempts": 4}})
    campaign = new_campaign(supervisor)
    token = form_token(supervisor.get(f"/dashboard/campaigns/{campaign}/plan").text)
    answer = supervisor.post(f"/dashboard/campaigns/{campaign}/publish", data={"csrf_token": token})
    assert answer.status_code == 303
    published = hub.config(0)
    assert published["version"] == 2
    assert published["config"] == {"quality": {"max_attempts": 4},
                                   "eligibility": {"polling_day": "2024-11-27", "early_by_polling_day": True}}


def test_progress_and_reports_on_sqlite_and_postgresql(hub_db_url: str, tmp_path: Path) -> None:
    """The dashboard's queries on both hub databases (PostgreSQL: the office's)."""
    data = tmp_path / "pg-hub"
    init_hub_key(data)
    with LocalHub(hub_db_url, data) as local:
        hub = local.hub
        assert hub is not None
        add_user(hub, *SUPERVISOR, "supervisor")
        today = dt.date.today()
        campaign = synthetic_campaign(hub, schools=3, stations=2, packets=60, starts_on=today - dt.timedelta(days=5),
                                      polling_day=today + dt.timedelta(days=5), today=today)
        with httpx.Client(base_url=local.url, timeout=30) as client:
            log_in(client, *SUPERVISOR)
            progress = campaign_progress(hub, load_plan(hub, campaign.id), today)
            page = client.get(f"/dashboard/campaigns/{campaign.id}")
            assert page.status_code == 200 and f"{progress.counts.recorded} / 270" in page.text
            assert progress.counts.received == 60
            assert client.get(f"/dashboard/campaigns/{campaign.id}/report.csv").text.count("\n") == 61
            assert client.get("/dashboard/stations").status_code == 200


def test_a_packet_from_before_the_dashboard_counts_for_its_stations_site(dashboard_hub: LocalHub) -> None:
    hub = dashboard_hub.hub
    assert hub is not None
    today = dt.date.today()
    campaign = synthetic_campaign(hub, schools=2, stations=1, packets=0, starts_on=today - dt.timedelta(days=3),
                                  polling_day=today + dt.timedelta(days=3), today=today)
    plan = load_plan(hub, campaign.id)
    [station_id] = plan.stations  # registered for SEKOLAH-01
    with hub.session() as session:  # as intake stored it before the site and day columns existed
        session.add(HubPacket(packet_uuid=str(uuid.uuid4()), station_id=station_id, sha256="0" * 64, size=1,
                              complete=True, status="print_ready", received_at=dt.datetime.now(dt.UTC)))
    progress = campaign_progress(hub, plan, today)
    assert [s.counts.recorded for s in progress.sites] == [1, 0]
