"""Rendering: the Jinja2 templates, the bilingual error page and the short notices shown after a form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.timezones import format_local
from server.dashboard.auth import ROLE_NAMES, SignedIn
from server.dashboard.exports import status_text
from server.errors import HubError

ROOT = "/dashboard"
TEMPLATES = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                                                   autoescape=True))

# What a redirect after a form may announce: ?notice=KEY&n=NUMBER.
NOTICES = {
    "campaign_created": ("Kampanye dibuat. Impor daftar sekolah berikutnya.", "Campaign created. Import the schools next."),
    "sites_imported": ("{n} sekolah diimpor.", "{n} schools imported."),
    "visits_added": ("{n} hari kunjungan direncanakan.", "{n} visit days planned."),
    "visit_removed": ("Kunjungan dihapus.", "Visit removed."),
    "published": ("Hari pemungutan suara dan rencana kunjungan diterbitkan; {n} stasiun menerima rencana baru "
                  "pada sinkronisasi berikutnya.",
                  "Polling day and visit plan published; {n} stations get a new plan at their next sync."),
    "decided": ("Keputusan disimpan.", "Decision saved."),
    "logged_out": ("Anda sudah keluar.", "You have logged out."),
}


def notice(request: Request) -> tuple[str, str] | None:
    key = request.query_params.get("notice", "")
    if key not in NOTICES:
        return None
    count = request.query_params.get("n", "")
    count = count if count.isdigit() else ""
    message_id, message_en = NOTICES[key]
    return message_id.format(n=count), message_en.format(n=count)


def render(request: Request, template: str, user: SignedIn | None, status: int = 200, **context: Any) -> HTMLResponse:
    zone_name = request.app.state.zone_name
    return TEMPLATES.TemplateResponse(request, template, {
        "root": ROOT, "user": user, "role_names": ROLE_NAMES, "notice": notice(request),
        "status_text": status_text, "zone": zone_name,
        "when": lambda moment: format_local(moment, zone_name) if isinstance(moment, dt.datetime) else "-",
        **context,
    }, status_code=status)


def error_page(request: Request, error: HubError, user: SignedIn | None = None) -> HTMLResponse:
    return render(request, "error.html", user, status=error.status, error=error,
                  link=getattr(error, "link", None) or f"{ROOT}/", link_id=getattr(error, "link_id", "Kembali"),
                  link_en=getattr(error, "link_en", "Back"), details=getattr(error, "details", ()))
