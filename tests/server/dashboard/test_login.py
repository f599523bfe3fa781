"""Log-in, lockout, expired sessions, forged forms and roles, over HTTP against a hub on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
from sqlalchemy import select, update

from server.dashboard.auth import MAX_FAILED_LOGINS, add_user
from server.dashboard.tables import Campaign, DashboardSession, DashboardUser
from server.keys import init_hub_key
from server.local import LocalHub
from tests.server.dashboard.conftest import SUPERVISOR, VIEWER
from tests.support.campaign import form_token, log_in


def campaign_form(token: str, name: str = "Pilkada Malang 2024") -> dict[str, str]:
    return {"csrf_token": token, "name": name, "polling_day": "2024-11-27", "starts_on": "2024-09-02",
            "target_group": "pemilih pemula 17 tahun pada hari pemungutan suara"}


def campaigns_of(local: LocalHub) -> list[str]:
    assert local.hub is not None
    with local.hub.session() as session:
        return list(session.scalars(select(Campaign.name)))


def test_a_page_without_a_session_sends_the_browser_to_the_log_in(browser_client: httpx.Client) -> None:
    answer = browser_client.get("/dashboard/")
    assert answer.status_code == 303 and answer.headers["location"] == "/dashboard/login"
    page = browser_client.get("/dashboard/login")
    assert page.status_code == 200 and "Nama pengguna" in page.text and "user name" in page.text


def test_log_in_opens_the_dashboard_and_log_out_ends_the_session(browser_client: httpx.Client) -> None:
    answer = log_in(browser_client, *SUPERVISOR)
    assert answer.status_code == 303 and answer.headers["location"] == "/dashboard/"
    cookie = answer.cookies["ektp_dashboard"]
    assert "httponly" in answer.headers["set-cookie"].lower() and "samesite=strict" in answer.headers["set-cookie"].lower()
    home = browser_client.get("/dashboard/")
    assert home.status_code == 200 and "Kampanye baru" in home.text and SUPERVISOR[0] in home.text
    assert browser_client.post("/dashboard/logout", data={"csrf_token": form_token(home.text)}).status_code == 303
    browser_client.cookies.set("ektp_dashboard", cookie, path="/dashboard")
    gone = browser_client.get("/dashboard/")
    assert gone.status_code == 401 and "berakhir" in gone.text and "has ended" in gone.text


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_account(
        browser_client: httpx.Client, dashboard_hub: LocalHub) -> None:
    wrong = log_in(browser_client, SUPERVISOR[0], "bukan-sandinya")
    assert wrong.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in wrong.text and "The user name or password is wrong." in wrong.text
    assert wrong.text.index("kata sandi salah") < wrong.text.index("password is wrong")  # Bahasa Indonesia first
    assert "ektp_dashboard=" not in wrong.headers.get("set-cookie", "")
    unknown = log_in(browser_client, "tidak.ada", "bukan-sandinya")
    assert unknown.status_code == 401 and unknown.text.count("salah") == wrong.text.count("salah")
    for _attempt in range(MAX_FAILED_LOGINS - 1):
        last = log_in(browser_client, SUPERVISOR[0], "bukan-sandinya")
    assert last.status_code == 423 and "dikunci" in last.text and "locked" in last.text
    still = log_in(browser_client, *SUPERVISOR)  # the right password waits for the lockout to end
    assert still.status_code == 423
    assert dashboard_hub.hub is not None
    with dashboard_hub.hub.session() as session:
        session.execute(update(DashboardUser).values(locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    assert log_in(browser_client, *SUPERVISOR).status_code == 303


def test_the_log_in_form_needs_its_own_token(browser_client: httpx.Client) -> None:
    forged = browser_client.post("/dashboard/login", data={"username": SUPERVISOR[0], "password": SUPERVISOR[1],
                                                           "csrf_token": "dipalsukan"})
    assert forged.status_code == 403 and "Tidak ada yang disimpan" in forged.text
    assert "ektp_dashboard=" not in forged.headers.get("set-cookie", "")


def test_an_expired_session_gets_a_clear_page_and_stores_nothing(
        browser_client: httpx.Client, dashboard_hub: LocalHub) -> None:
    log_in(browser_client, *SUPERVISOR)
    token = form_token(browser_client.get("/dashboard/").text)
    assert dashboard_hub.hub is not None
    with dashboard_hub.hub.session() as session:
        session.execute(update(DashboardSession).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    answer = browser_client.post("/dashboard/campaigns", data=campaign_form(token))
    assert answer.status_code == 401
    assert "Sesi Anda sudah berakhir" in answer.text and "Your session has ended" in answer.text
    assert campaigns_of(dashboard_hub) == []
    with dashboard_hub.hub.session() as session:
        assert session.scalars(select(DashboardSession)).all() == []  # the expired session is gone


def test_a_forged_form_is_refused_and_stores_nothing(browser_client: httpx.Client, dashboard_hub: LocalHub) -> None:
    log_in(browser_client, *SUPERVISOR)
    for token in ("", "token-dari-situs-lain"):
        answer = browser_client.post("/dashboard/campaigns", data=campaign_form(token))
        assert answer.status_code == 403
        assert "Formulir ini tidak berasal" in answer.text and "did not come from" in answer.text
    assert campaigns_of(dashboard_hub) == []
    token = form_token(browser_client.get("/dashboard/").text)
    assert browser_client.post("/dashboard/campaigns", data=campaign_form(token)).status_code == 303
    assert campaigns_of(dashboard_hub) == ["Pilkada Malang 2024"]


def test_a_viewer_sees_but_cannot_change(browser_client: httpx.Client, dashboard_hub: LocalHub) -> None:
    log_in(browser_client, *VIEWER)
    home = browser_client.get("/dashboard/")
    assert home.status_code == 200 and "Kampanye baru" not in home.text
    answer = browser_client.post("/dashboard/campaigns", data=campaign_form(form_token(home.text)))
    assert answer.status_code == 403 and "hanya boleh melihat" in answer.text
    assert campaigns_of(dashboard_hub) == []


def test_dashboard_errors_are_pages_not_json(browser_client: httpx.Client) -> None:
    log_in(browser_client, *SUPERVISOR)
    for path in ("/dashboard/campaigns/999", "/dashboard/campaigns/abc", "/dashboard/campaigns/999/report.pdf"):
        answer = browser_client.get(path)
        assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
        assert "Kampanye" in answer.text and "There is no campaign" in answer.text
    missing = browser_client.get("/dashboard/no-such-page")
    assert missing.status_code == 404 and "Halaman tidak ada" in missing.text
    assert browser_client.get("/api/v1/health").json()["ok"] is True  # the API beside it is untouched


def _logged_in_cookies(client: httpx.Client, headers: dict[str, str]) -> tuple[str, str]:
    """The log-in cookie's and the session cookie's Set-Cookie headers (cookies passed by hand: httpx keeps
    Secure cookies for HTTPS only)."""
    page = client.get("/dashboard/login", headers=headers)
    login_cookie = page.headers["set-cookie"]
    cookie = f"ektp_dashboard_login={page.cookies['ektp_dashboard_login']}"
    client.cookies.clear()
    answer = client.post("/dashboard/login", headers={**headers, "Cookie": cookie},
                         data={"username": SUPERVISOR[0], "password": SUPERVISOR[1], "csrf_token": form_token(page.text)})
    assert answer.status_code == 303
    session_cookie = next(value for key, value in answer.headers.multi_items()
                          if key == "set-cookie" and value.startswith("ektp_dashboard="))
    return login_cookie, session_cookie


def test_cookies_are_secure_over_https_and_not_on_plain_http(dashboard_hub: LocalHub) -> None:
    with httpx.Client(base_url=dashboard_hub.url, timeout=30) as client:
        plain = _logged_in_cookies(client, {})
        assert all("secure" not in cookie.lower() for cookie in plain)
        # Behind a TLS proxy on the same machine (uvicorn trusts X-Forwarded-Proto from 127.0.0.1).
        proxied = _logged_in_cookies(client, {"X-Forwarded-Proto": "https"})
        assert all("; secure" in cookie.lower() for cookie in proxied)


def test_the_hub_setting_makes_cookies_secure_on_plain_http(tmp_path: Path) -> None:
    init_hub_key(tmp_path / "data")
    with LocalHub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data", secure_cookies=True) as local:
        assert local.hub is not None
        add_user(local.hub, *SUPERVISOR, "supervisor")
        with httpx.Client(base_url=local.url, timeout=30) as client:
            assert all("; secure" in cookie.lower() for cookie in _logged_in_cookies(client, {}))
