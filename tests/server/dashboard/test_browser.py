"""End to end in a real headless Chromium (Debian's chromium and chromedriver through Selenium, nothing downloaded).

Two real stations record synthetic people and send their packets to a processing
hub on 127.0.0.1; a supervisor logs in, creates a campaign, imports its schools,
plans a visit, reads the progress page and decides an adjudication, all in the
browser. Screenshots go to ``DASHBOARD_SCREENSHOTS`` (``docs/screenshots`` for the
README) or the test's temporary folder, and are checked not to be blank.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import ANY

import pytest
from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait
from sqlalchemy import select

from app.bootstrap import Station
from app.config import from_mapping
from app.domain.enums import CentralStatus
from app.paths import StationPaths
from app.services.demo import run_demo
from app.services.selfcheck import SelfCheckItem, SelfCheckRun
from app.sync.handover_export import export_handover
from drivers.errors import DeviceNotConnectedError
from server.dashboard.auth import add_user
from server.handover import import_handover
from server.handover_keys import load_or_create_hub_signing_key
from server.keys import init_hub_key
from server.local import LocalHub
from server.models import HubPacket
from server.processing.pipeline import PacketProcessor, ProcessingSettings
from tests.support.station import unlocked_station

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SUPERVISOR = ("kepala.kantor", "sandi-kantor-panjang")
# Scores that put even a sure match in the grey zone: the repeated person waits for a supervisor.
GREY_ZONE = ProcessingSettings(duplicate_score=10_000, adjudicate_score=40)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """One headless Chromium for the module (a missing chromium is a failure, not a skip)."""
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), "install chromium and chromium-driver (scripts/setup.sh)"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1400", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-extensions", "--lang=id"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalHub, list[Station]]]:
    """A processing hub with a supervisor, and two registered stations whose packets it holds."""
    root = tmp_path_factory.mktemp("office")
    init_hub_key(root / "hub-data")
    local = LocalHub(f"sqlite:///{root / 'hub.sqlite3'}", root / "hub-data", processing=True,
                     processing_settings=GREY_ZONE).start()
    hub = local.hub
    assert hub is not None
    add_user(hub, *SUPERVISOR, "supervisor")
    stations = []
    for number, site in ((1, "SMAN-1"), (2, "SMAN-2")):
        home = root / f"station-{number}"
        paths = StationPaths(home / "config", home / "data", home / "logs")
        paths.ensure()
        config = from_mapping({"station": {"station_number": number, "name": f"Set {number}"},
                               "sync": {"require_approval": False, "timeout_s": 10.0}}, paths)
        station = unlocked_station(config)
        station.sync.register(local.url, hub.invite(site))
        stations.append(station)
    run_demo(stations[0], 1, first_subject=500)
    run_demo(stations[1], 1, first_subject=600, repeat_first=True)  # 600's fingers again under a new NIK
    stations[0].sync.sync_now(pull=False)  # set 1 uploads; set 2 hands its packets over on a stick
    export_handover(stations[1].sync, root / "stick")
    assert import_handover(hub, root / "stick", load_or_create_hub_signing_key(hub.data_dir)[0]).count("stored") == 2
    deadline = time.monotonic() + 120
    while PacketProcessor(hub).pending():
        assert time.monotonic() < deadline, "processing did not finish"
        time.sleep(0.2)
    yield local, stations
    for station in stations:
        station.close()
    local.stop()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("DASHBOARD_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(driver: webdriver.Chrome, folder: Path, name: str) -> Path:
    """A full-window PNG, checked to show a page (many colours, not one flat one)."""
    path = folder / f"dashboard-{name}.png"
    driver.save_screenshot(str(path))
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert image.width >= 800 and image.height >= 600
    assert colours is not None and len(colours) > 20, f"{path.name} looks blank"
    assert max(count for count, _colour in colours) < 0.97 * image.width * image.height, f"{path.name} looks blank"
    return path


def text_of(driver: webdriver.Chrome, css: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, css).text


def replaced(page: WebElement) -> bool:
    """Whether ``page`` (the old document's root) is gone, i.e. the next page has replaced it.

    Asked mid-navigation, chromedriver may answer "Node with given id does not belong
    to the document" instead of a stale-element error: the node is from the old page.
    """
    try:
        page.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def submit(driver: webdriver.Chrome, css: str) -> None:
    """Click what sends a form or follows a link, and wait for the next page to replace this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, css).click()
    WebDriverWait(driver, 30).until(lambda _driver: replaced(page))


def fill(driver: webdriver.Chrome, element_id: str, value: str) -> None:
    element = driver.find_element(By.ID, element_id)
    element.clear()
    element.send_keys(value)


def test_an_office_runs_its_campaign_in_the_browser(browser: webdriver.Chrome, office: tuple[LocalHub, list[Station]],
                                                    shots: Path, tmp_path: Path) -> None:
    local, stations = office
    base = f"{local.url}/dashboard"
    today = dt.date.today()

    # log-in: a wrong password first, then the right one
    browser.get(f"{base}/")
    assert browser.current_url.endswith("/dashboard/login")
    fill(browser, "username", SUPERVISOR[0])
    fill(browser, "password", "bukan-sandinya")
    submit(browser, "#login")
    assert "kata sandi salah" in text_of(browser, "#error")
    browser.get(f"{base}/login")
    screenshot(browser, shots, "login")
    fill(browser, "username", SUPERVISOR[0])
    fill(browser, "password", SUPERVISOR[1])
    submit(browser, "#login")
    assert SUPERVISOR[0] in text_of(browser, "header")

    # a campaign
    fill(browser, "name", "Pilkada Malang (uji)")
    fill(browser, "starts_on", (today - dt.timedelta(days=6)).isoformat())
    fill(browser, "polling_day", (today + dt.timedelta(days=20)).isoformat())
    submit(browser, "#create-campaign")
    assert "Kampanye dibuat" in text_of(browser, "#notice")

    # its schools, from a CSV file chosen in the file picker
    school_file = tmp_path / "sekolah.csv"
    school_file.write_text("KODE;NAMA SEKOLAH;KECAMATAN;TARGET\nSMAN-1;SMA Negeri 1 Malang;Klojen;4\n"
                           "SMAN-2;SMA Negeri 2 Malang;Klojen;6\nSMAN-3;SMA Negeri 3 Malang;Klojen;5\n", encoding="utf-8")
    browser.find_element(By.ID, "site-file").send_keys(str(school_file))
    submit(browser, "#import")
    assert "3 sekolah diimpor" in text_of(browser, "#notice")
    assert "SMA Negeri 3 Malang" in text_of(browser, "#sites")

    # a planned visit: set 2 at SMAN-3 in a week
    browser.find_element(By.CSS_SELECTOR, "#visit-site option:nth-child(3)").click()
    browser.find_element(By.CSS_SELECTOR, "#visit-station option:nth-child(2)").click()
    fill(browser, "first-day", (today + dt.timedelta(days=7)).isoformat())
    submit(browser, "#plan-visit")
    assert "1 hari kunjungan" in text_of(browser, "#notice")
    screenshot(browser, shots, "plan")

    # published: set 2 pulls its plan at its next sync, with the school's roster, and reports its state
    submit(browser, "#publish")
    assert "1 stasiun menerima rencana baru" in text_of(browser, "#notice")
    hub = local.hub
    assert hub is not None
    hub.put_roster_rows("SMAN-3", [{"nik": "3573014503089001", "name": "SISWA SINTETIS", "birth_date": "2008-03-05",
                                    "sex": "P"}])
    stations[1].selfcheck.run()
    # set 1's last self-check found its scanner unplugged (stored as a failed run stores it), and it reports
    unplugged = DeviceNotConnectedError().to_dict()
    stations[0].selfcheck.store(SelfCheckRun(str(uuid.uuid4()), dt.datetime.now(dt.UTC), (
        SelfCheckItem("camera", "sim", True), SelfCheckItem("fingerprint", "sim", False,
                                                             details=unplugged["message_id"], error=unplugged))))
    assert stations[0].sync.sync_now(pull=False).status_report == {"sent": True, "at": ANY}
    synced = stations[1].sync.sync_now()
    assert synced.pull is not None and synced.pull.plan is not None and synced.pull.plan.changed
    assert synced.status_report is not None and synced.status_report["sent"]
    [planned] = stations[1].planned_visits.upcoming()
    assert (planned.hub_site_code, planned.site_name, planned.target_count, planned.roster_count) == (
        "SMAN-3", "SMA Negeri 3 Malang", 5, 1)
    assert planned.day == today + dt.timedelta(days=7) and planned.polling_date == today + dt.timedelta(days=20)
    assert stations[0].planned_visits.upcoming() == ()

    # progress after both stations sent: 3 packets, one waiting for a decision
    submit(browser, "#to-progress")
    assert text_of(browser, "#recorded").startswith("3 / 15")
    assert text_of(browser, "#adjudication-count").startswith("1")
    assert text_of(browser, "#print-ready").startswith("2")
    schools = text_of(browser, "#per-school")
    assert "SMA Negeri 1 Malang 4 1" in schools and "SMA Negeri 2 Malang 6 2" in schools
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart-burn-down svg")) == 1
    screenshot(browser, shots, "progress")

    # the stations page
    browser.get(f"{base}/stations")
    listed = text_of(browser, "#stations")
    assert "0.1.0" in listed and "1 (2 paket / packets)" in text_of(browser, "#station-3573-02 .imported")  # set 2's
    assert text_of(browser, "#station-3573-02 .exported") == "1"  # hand-over, as imported and as it reports
    assert "semua lulus / all passed (4)" in text_of(browser, "#station-3573-02 .selfcheck")
    assert text_of(browser, "#station-3573-02 .waiting") == "0"
    assert "Pemindai sidik jari / fingerprint scanner gagal / failed" in text_of(browser, "#station-3573-01 .selfcheck")
    screenshot(browser, shots, "stations")

    # the adjudication: open the only record in the queue, compare, decide
    browser.get(f"{base}/adjudication")
    submit(browser, "#queue a.open")
    assert "*" in text_of(browser, "#side-1") and "*" in text_of(browser, "#side-2")  # NIKs masked
    assert len(browser.find_elements(By.CSS_SELECTOR, ".side img")) == 2  # both faces
    screenshot(browser, shots, "adjudication")
    fill(browser, "note", "sidik jari sama, orang yang sama")
    submit(browser, "#decide-same")
    assert "Keputusan disimpan" in text_of(browser, "#notice")
    assert "Antrean kosong" in text_of(browser, "#queue")
    with hub.session() as session:
        found = sorted(p.status for p in session.scalars(select(HubPacket)))
    assert found == [CentralStatus.DUPLICATE.value] + [CentralStatus.PRINT_READY.value] * 2


def test_bad_input_gets_clear_pages_in_the_browser(browser: webdriver.Chrome, office: tuple[LocalHub, list[Station]],
                                                   shots: Path, tmp_path: Path) -> None:
    local, _stations = office
    base = f"{local.url}/dashboard"
    browser.delete_all_cookies()
    browser.get(f"{base}/login")
    fill(browser, "username", SUPERVISOR[0])
    fill(browser, "password", SUPERVISOR[1])
    submit(browser, "#login")
    browser.get(f"{base}/campaigns/424242")
    assert "Kampanye 424242 tidak ada" in text_of(browser, "#error")
    browser.get(f"{base}/")
    progress_url = browser.find_element(By.CSS_SELECTOR, "#campaigns a").get_attribute("href")
    browser.get(f"{progress_url}/plan")
    bad = tmp_path / "sekolah-rusak.csv"
    bad.write_text("KODE;NAMA;TARGET\nSMAN 9;SMA 9;sembilan\n", encoding="utf-8")
    browser.find_element(By.ID, "site-file").send_keys(str(bad))
    submit(browser, "#import")
    page = text_of(browser, "#error")
    assert "Berkas sekolah ditolak" in page and "Baris 2 / row 2" in page and "Nothing was saved" in page
    screenshot(browser, shots, "bad-school-file")
