"""The dashboard's review pages: stations, the adjudication queue and decisions, and the campaign exports."""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import FormData

from server.dashboard import campaigns
from server.dashboard.auth import SignedIn
from server.dashboard.errors import DashboardError, bad_form
from server.dashboard.exports import report_csv, report_pdf
from server.dashboard.pages import ROOT, render
from server.dashboard.progress import campaign_progress
from server.dashboard.stations import DEVICE_NAMES, station_overviews
from server.errors import HubError
from server.hub import Hub
from server.processing import adjudication
from server.schemas import packet_uuid as canonical_packet_uuid


def add_review_routes(app: FastAPI, hub: Hub, *, user_of: Callable[[Request], SignedIn],
                      supervisor_of: Callable[[Request], SignedIn], campaign_id: Callable[[str], int],
                      current_day: Callable[[], dt.date],
                      read_form: Callable[[Request, str | None], Awaitable[FormData]],
                      back_to: Callable[..., Response]) -> None:
    @app.get("/stations")
    def stations_page(request: Request) -> Response:
        user = user_of(request)
        return render(request, "stations.html", user, stations=station_overviews(hub), device_names=DEVICE_NAMES)

    @app.get("/adjudication")
    def queue_page(request: Request) -> Response:
        user = user_of(request)
        return render(request, "queue.html", user, waiting=adjudication.waiting(hub))

    def known_uuid(text: str) -> str:
        try:
            return canonical_packet_uuid(text)
        except HubError:
            raise DashboardError(404, "unknown_packet", "Rekaman itu tidak ada di pusat.",
                                 "The hub holds no such record.", link=f"{ROOT}/adjudication") from None

    @app.get("/adjudication/{packet_uuid}")
    async def compare_page(request: Request, packet_uuid: str) -> Response:
        user = user_of(request)
        uuid = known_uuid(packet_uuid)
        comparison = await run_in_threadpool(_comparison_with_faces, hub, uuid)
        return render(request, "compare.html", user, comparison=comparison)

    @app.post("/adjudication/{packet_uuid}")
    async def decide(request: Request, packet_uuid: str) -> Response:
        user = supervisor_of(request)
        uuid = known_uuid(packet_uuid)
        form = await read_form(request, user.csrf_token)
        choice = form.get("decision")
        if choice not in ("same", "different"):
            raise bad_form("Pilih: orang yang sama, atau orang yang berbeda.", "Choose: the same person, or different people.",
                           link=f"{ROOT}/adjudication/{uuid}")
        note = form.get("note")
        adjudication.decide(hub, uuid, same=choice == "same", by=user.username,
                            note=note[:500] if isinstance(note, str) and note.strip() else None)
        return back_to("/adjudication", "decided")

    @app.get("/campaigns/{cid}/report.csv")
    def export_csv(request: Request, cid: str) -> Response:
        user_of(request)
        progress = campaign_progress(hub, campaigns.load_plan(hub, campaign_id(cid)), current_day())
        return Response(report_csv(hub, progress), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{_file_name(progress, "csv")}"'})

    @app.get("/campaigns/{cid}/report.pdf")
    async def export_pdf(request: Request, cid: str) -> Response:
        user_of(request)
        progress = campaign_progress(hub, campaigns.load_plan(hub, campaign_id(cid)), current_day())
        data = await run_in_threadpool(report_pdf, hub, progress)
        return Response(data, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{_file_name(progress, "pdf")}"'})


def _file_name(progress: Any, suffix: str) -> str:
    return f"kampanye-{progress.plan.campaign.id}-{progress.today.isoformat()}.{suffix}"


def _comparison_with_faces(hub: Hub, packet_uuid: str) -> dict[str, Any]:
    """Both records side by side; face photos become inline images and never stay on disk."""
    with tempfile.TemporaryDirectory(prefix="dashboard-faces-") as folder:
        comparison = adjudication.compare(hub, packet_uuid, faces_dir=Path(folder))
        for side in (comparison["record"], comparison["other"]):
            face = side.pop("face_file", None)
            if face:
                side["face_data_uri"] = "data:image/jpeg;base64," + base64.b64encode(Path(face).read_bytes()).decode()
    return comparison
