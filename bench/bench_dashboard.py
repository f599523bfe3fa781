"""The dashboard's progress page at Malang's scale: 51 schools, 7 recording sets, 5,000 packets.

A hub on 127.0.0.1 (SQLite by default, ``--db`` for PostgreSQL) holds a synthetic
campaign whose packets are inserted directly (statuses mixed as processing leaves
them); a logged-in supervisor's HTTP client loads the progress page (tables, both
server-rendered SVG charts), then the CSV and PDF reports. Reports the first load,
the median and p95 of ``--loads`` loads with the charts drawn afresh (as after
every new packet), and the median when nothing changed (charts from the cache).

    python -m bench.bench_dashboard --loads 20 [--screenshot docs/screenshots/dashboard-progress-malang.png]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from server.dashboard import charts
from server.dashboard.auth import add_user
from server.keys import init_hub_key
from server.local import LocalHub
from tests.support.campaign import log_in, synthetic_campaign

RESULTS = Path(__file__).with_name("results")
USER = ("bench.kantor", "sandi-bench-panjang")


def timed_get(client: httpx.Client, path: str) -> tuple[float, httpx.Response]:
    start = time.perf_counter()
    answer = client.get(path)
    seconds = time.perf_counter() - start
    answer.raise_for_status()
    return seconds, answer


def screenshot_progress(base_url: str, page: str, path: Path) -> None:
    """The progress page at this scale in headless Chromium (the README's picture of a real-sized campaign)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600",
                     "--disable-background-networking", "--disable-component-update"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    try:
        driver.get(f"{base_url}/dashboard/login")
        driver.find_element(By.ID, "username").send_keys(USER[0])
        driver.find_element(By.ID, "password").send_keys(USER[1])
        login_page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.ID, "login").click()
        WebDriverWait(driver, 30).until(expected_conditions.staleness_of(login_page))
        driver.get(f"{base_url}{page}")
        driver.save_screenshot(str(path))
    finally:
        driver.quit()


def run(args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as folder:
        root = Path(folder)
        init_hub_key(root / "data")
        db_url = args.db or f"sqlite:///{root / 'hub.sqlite3'}"
        today = dt.date.today()  # the day the page measures on: Malang's 8 November, 67 days in, 19 to go
        with LocalHub(db_url, root / "data") as local:
            hub = local.hub
            assert hub is not None
            started = time.perf_counter()
            campaign = synthetic_campaign(hub, schools=args.schools, stations=args.stations, packets=args.packets,
                                          starts_on=today - dt.timedelta(days=67),
                                          polling_day=today + dt.timedelta(days=19), today=today,
                                          target=args.target)
            insert_s = time.perf_counter() - started
            add_user(hub, *USER, "supervisor")
            with httpx.Client(base_url=local.url, timeout=120) as client:
                assert log_in(client, *USER).status_code == 303
                page = f"/dashboard/campaigns/{campaign.id}"
                first_s, answer = timed_get(client, page)
                assert answer.text.count("<svg") == 2
                cold = []
                for _load in range(args.loads):  # as after every new packet: the charts are drawn again
                    charts.clear_cache()
                    cold.append(timed_get(client, page)[0])
                cold.sort()
                warm = sorted(timed_get(client, page)[0] for _ in range(args.loads))  # numbers unchanged
                csv_s, csv_answer = timed_get(client, f"{page}/report.csv")
                pdf_s, pdf_answer = timed_get(client, f"{page}/report.pdf")
            if args.screenshot:
                screenshot_progress(local.url, page, args.screenshot)
    return {
        "schools": args.schools, "target": args.schools * args.target, "stations": args.stations, "packets": args.packets,
        "database": "postgresql" if args.db else "sqlite", "insert_s": round(insert_s, 2),
        "progress_first_load_s": round(first_s, 3),
        "progress_median_s": round(statistics.median(cold), 3),
        "progress_p95_s": round(cold[int(0.95 * (len(cold) - 1))], 3),
        "progress_unchanged_median_s": round(statistics.median(warm), 3),
        "page_kb": round(len(answer.content) / 1024, 1),
        "report_csv_s": round(csv_s, 3), "report_csv_rows": csv_answer.text.count("\n") - 1,
        "report_pdf_s": round(pdf_s, 3), "report_pdf_kb": round(len(pdf_answer.content) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=51)
    parser.add_argument("--stations", type=int, default=7)
    parser.add_argument("--packets", type=int, default=5000)
    parser.add_argument("--target", type=int, default=109, help="per school (51 x 109 = 5,559, Malang's 5,554)")
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--screenshot", type=Path, default=None, help="also save the progress page as PNG here")
    parser.add_argument("--db", default=None, help="a PostgreSQL URL (postgresql+psycopg://...); default SQLite")
    args = parser.parse_args()
    row = run(args)
    print(json.dumps(row))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_dashboard.json").write_text(json.dumps(row, indent=2))


if __name__ == "__main__":
    main()
