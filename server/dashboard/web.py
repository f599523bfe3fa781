"""The dashboard's web app (mounted at ``/dashboard`` on the hub): log-in, campaigns, plans and progress.

Every page needs a session; every form carries the session's CSRF token, checked
before anything else is read from it. A refusal is a bilingual page with the
right HTTP status, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.timezones import to_local, utc_now
from server.dashboard import auth, campaigns
from server.dashboard.charts import burn_down_chart, per_day_chart
from server.dashboard.errors import DashboardError, bad_form, not_allowed, unknown_campaign
from server.dashboard.pages import ROOT, error_page, render
from server.dashboard.progress import campaign_progress
from server.dashboard.site_files import MAX_FILE_BYTES, read_site_file
from server.dashboard.web_review import add_review_routes
from server.errors import HubError
from server.hub import Hub

SESSION_COOKIE = "ektp_dashboard"
LOGIN_COOKIE = "ektp_dashboard_login"


async def read_form(request: Request, expected_token: str | None) -> FormData:
    """The request's form, once its CSRF token matched the session's (or the log-in cookie's).

    Raises:
        DashboardError: an unreadable form (422) or a missing or wrong token (403); the form is closed.
    """
    try:
        form = await request.form(max_files=1, max_fields=50, max_part_size=MAX_FILE_BYTES)
    except Exception:
        raise bad_form("Isi formulir tidak dapat dibaca.", "The form could not be read.") from None
    try:
        auth.check_csrf(expected_token, form.get("csrf_token"))
    except DashboardError:
        await form.close()
        raise
    return form


def field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def local_today(zone_name: str) -> dt.date:
    return to_local(utc_now(), zone_name).date()


def create_dashboard(hub: Hub, *, zone_name: str = "WIB", today: Callable[[], dt.date] | None = None,
                     secure_cookies: bool = False) -> FastAPI:
    """The dashboard for ``hub``; ``today`` (tests, benchmark) fixes the day progress is measured on.

    Cookies are ``Secure`` when ``secure_cookies`` (``station-hub serve --secure-cookies``) or when
    the request came over HTTPS (TLS in uvicorn, or ``X-Forwarded-Proto: https`` from a local proxy).
    """
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.zone_name = zone_name
    current_day = today or (lambda: local_today(zone_name))

    def cookie_flags(request: Request) -> dict[str, Any]:
        secure = secure_cookies or request.url.scheme == "https"
        return {"httponly": True, "samesite": "strict", "path": ROOT, "secure": secure}

    def user_of(request: Request) -> auth.SignedIn:
        return auth.signed_in(hub, request.cookies.get(SESSION_COOKIE))

    def supervisor_of(request: Request) -> auth.SignedIn:
        user = user_of(request)
        if not user.may_change:
            raise not_allowed()
        return user

    def campaign_id(text: str) -> int:
        if not text.isdigit() or len(text) > 9:
            raise unknown_campaign(text[:20])
        return int(text)

    def back_to(path: str, notice_key: str, n: int | None = None) -> RedirectResponse:
        query = f"?notice={notice_key}" + (f"&n={n}" if n is not None else "")
        return RedirectResponse(f"{ROOT}{path}{query}", status_code=303)

    @app.exception_handler(HubError)
    async def _refused(request: Request, error: HubError) -> Response:
        if error.code == "not_logged_in" and request.method == "GET":
            return RedirectResponse(f"{ROOT}/login", status_code=303)
        response = error_page(request, error)
        if error.code == "session_expired":
            response.delete_cookie(SESSION_COOKIE, **cookie_flags(request))
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> HTMLResponse:
        texts = {404: ("Halaman tidak ada.", "There is no such page."),
                 405: ("Cara membuka halaman ini tidak diizinkan.", "This page cannot be opened this way.")}
        text_id, text_en = texts.get(error.status_code, ("Permintaan ditolak.", "The request was refused."))
        return error_page(request, DashboardError(error.status_code, f"http_{error.status_code}", text_id, text_en))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, _error: RequestValidationError) -> HTMLResponse:
        return error_page(request, DashboardError(422, "bad_request", "Permintaan tidak valid.",
                                                  "The request is invalid."))

    # Log-in -----------------------------------------------------------------------------
    @app.get("/login")
    def login_page(request: Request) -> Response:
        token = auth.new_login_token()
        response = render(request, "login.html", None, login_token=token)
        response.set_cookie(LOGIN_COOKIE, token, max_age=3600, **cookie_flags(request))
        return response

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await read_form(request, request.cookies.get(LOGIN_COOKIE))
        token, user = await run_in_threadpool(auth.log_in, hub, field(form, "username"), field(form, "password"))
        response = RedirectResponse(f"{ROOT}/", status_code=303)
        response.set_cookie(SESSION_COOKIE, token, max_age=int(auth.SESSION_LIFETIME.total_seconds()),
                            **cookie_flags(request))
        response.delete_cookie(LOGIN_COOKIE, **cookie_flags(request))
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        user = user_of(request)
        await read_form(request, user.csrf_token)
        auth.log_out(hub, request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse(f"{ROOT}/login?notice=logged_out", status_code=303)
        response.delete_cookie(SESSION_COOKIE, **cookie_flags(request))
        return response

    # Campaigns --------------------------------------------------------------------------
    @app.get("/")
    def home(request: Request) -> Response:
        user = user_of(request)
        return render(request, "home.html", user, campaigns=campaigns.campaigns(hub), today=current_day())

    async def change(request: Request, cid: str | None = None) -> tuple[auth.SignedIn, int, FormData]:
        """A supervisor's form: role, then the campaign (404 when unknown), then the CSRF-checked form."""
        user = supervisor_of(request)
        number = campaign_id(cid) if cid is not None else 0
        if cid is not None:
            campaigns.load_plan(hub, number)
        return user, number, await read_form(request, user.csrf_token)

    @app.post("/campaigns")
    async def create_campaign(request: Request) -> Response:
        user, _, form = await change(request)
        campaign = campaigns.create_campaign(
            hub, name=field(form, "name"), polling_day=field(form, "polling_day"),
            starts_on=field(form, "starts_on"), target_group=field(form, "target_group"), by=user.username)
        return back_to(f"/campaigns/{campaign.id}/plan", "campaign_created")

    @app.get("/campaigns/{cid}")
    def progress_page(request: Request, cid: str) -> Response:
        user = user_of(request)
        plan = campaigns.load_plan(hub, campaign_id(cid))
        progress = campaign_progress(hub, plan, current_day())
        charts = {"per_day": _inline_svg(per_day_chart(progress)), "burn_down": _inline_svg(burn_down_chart(progress))}
        return render(request, "progress.html", user, plan=plan, progress=progress, charts=charts)

    @app.get("/campaigns/{cid}/plan")
    def plan_page(request: Request, cid: str) -> Response:
        user = user_of(request)
        plan = campaigns.load_plan(hub, campaign_id(cid))
        sites = {s.id: s for s in plan.sites}
        return render(request, "plan.html", user, plan=plan, sites_by_id=sites)

    @app.post("/campaigns/{cid}/sites")
    async def import_sites(request: Request, cid: str) -> Response:
        _, number, form = await change(request, cid)
        link = f"{ROOT}/campaigns/{number}/plan"
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            await form.close()
            raise bad_form("Pilih berkas daftar sekolah (CSV atau XLSX).", "Choose a school file (CSV or XLSX).",
                           link=link)
        try:
            data = await upload.read(MAX_FILE_BYTES + 1)
            rows = read_site_file(data, upload.filename)
        except DashboardError as error:
            error.link = link
            raise
        finally:
            await form.close()
        added, updated = campaigns.import_sites(hub, number, rows)
        return back_to(f"/campaigns/{number}/plan", "sites_imported", added + updated)

    @app.post("/campaigns/{cid}/sites/from-rosters")
    async def sites_from_rosters(request: Request, cid: str) -> Response:
        _, number, _form = await change(request, cid)
        added, updated = campaigns.sites_from_rosters(hub, number)
        return back_to(f"/campaigns/{number}/plan", "sites_imported", added + updated)

    @app.post("/campaigns/{cid}/visits")
    async def add_visit(request: Request, cid: str) -> Response:
        _, number, form = await change(request, cid)
        added = campaigns.add_visit(hub, number, site_id=field(form, "site_id"), station_id=field(form, "station_id"),
                                    first_day=field(form, "first_day"), last_day=field(form, "last_day"))
        return back_to(f"/campaigns/{number}/plan", "visits_added", added)

    @app.post("/campaigns/{cid}/visits/{visit_id}/delete")
    async def remove_visit(request: Request, cid: str, visit_id: str) -> Response:
        _, number, _form = await change(request, cid)
        campaigns.remove_visit(hub, number, visit_id)
        return back_to(f"/campaigns/{number}/plan", "visit_removed")

    @app.post("/campaigns/{cid}/publish")
    async def publish(request: Request, cid: str) -> Response:
        _, number, _form = await change(request, cid)
        campaigns.publish_polling_day(hub, number)
        changed = campaigns.publish_plans(hub, number)
        return back_to(f"/campaigns/{number}/plan", "published", changed)

    add_review_routes(app, hub, user_of=user_of, supervisor_of=supervisor_of, campaign_id=campaign_id,
                      current_day=current_day, read_form=read_form, back_to=back_to)
    return app


def _inline_svg(svg: bytes) -> str:
    """The SVG element alone (no XML prolog or doctype), to place in the page."""
    text = svg.decode("utf-8")
    return text[text.index("<svg"):]
