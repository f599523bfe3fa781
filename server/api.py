"""The hub's HTTP API (FastAPI). Every error is JSON with a stable ``error`` code, never a traceback.

    GET  /api/v1/health
    POST /api/v1/stations/register          {code, station_code, name, public_key}
    POST /api/v1/packets/{uuid}             {sha256, size} -> offset, or the original receipt
    PUT  /api/v1/packets/{uuid}/data?offset=N   raw chunk -> new offset, receipt after the last byte
    POST /api/v1/packets/statuses           {packet_uuids: [...]}
    GET  /api/v1/sites/{site}/roster?after=SEQ&limit=N
    GET  /api/v1/config?after=VERSION
    GET  /api/v1/plan?after=VERSION             this station's planned visits, when newer than VERSION
    POST /api/v1/stations/status            {reported_at, software_version, outbox, handovers_exported, selfcheck}
    /dashboard/...                          the office's campaign dashboard (HTML, its own log-in)
"""

import logging
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from app import __version__
from server import schemas
from server.dashboard.web import create_dashboard
from server.errors import HubError, unknown_station
from server.guards import BodyLimitMiddleware, UnexpectedErrorMiddleware
from server.handover_keys import hub_signing_public_b64
from server.hub import Hub
from server.models import HubStation
from server.schemas import MAX_CHUNK_BODY, BeginBody, RegisterBody, StatusesBody, StatusReportBody
from server.station_reports import store_report

log = logging.getLogger(__name__)

MAX_CHUNK = MAX_CHUNK_BODY

_HTTP_TEXT = {
    404: ("Alamat tidak ada di server pusat.", "No such address on the hub."),
    405: ("Metode permintaan tidak diizinkan di alamat ini.", "This request method is not allowed here."),
}


def json_body(model: type[schemas.ModelT]) -> Any:
    """A dependency: the request body, decoded and validated against ``model`` (see server.schemas)."""

    async def parsed(request: Request) -> schemas.ModelT:
        try:
            data = await request.body()
        except ClientDisconnect:
            raise HubError(400, "client_disconnected", "Sambungan terputus.", "The client disconnected.") from None
        return schemas.parse_body(model, data)

    return Depends(parsed)


def create_app(hub: Hub, *, secure_cookies: bool = False) -> FastAPI:
    """The hub's app; ``secure_cookies`` marks the dashboard's cookies ``Secure`` even on plain HTTP (behind TLS)."""
    app = FastAPI(title="e-KTP station hub", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(UnexpectedErrorMiddleware)  # outermost: nothing escapes as a traceback

    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, error: HubError) -> JSONResponse:
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        where = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in error.errors()[:5])
        body = HubError(422, "malformed_request", f"Permintaan tidak valid ({where}).",
                        f"The request is invalid ({where}).").body()
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        text_id, text_en = _HTTP_TEXT.get(error.status_code, ("Permintaan ditolak.", "The request was refused."))
        body = HubError(error.status_code, f"http_{error.status_code}", text_id, text_en).body()
        return JSONResponse(body, status_code=error.status_code, headers=getattr(error, "headers", None))

    def station(authorization: Annotated[str | None, Header(max_length=schemas.MAX_TOKEN)] = None) -> HubStation:
        if not authorization or not authorization.startswith("Bearer "):
            raise unknown_station()
        return hub.station_for_token(authorization.removeprefix("Bearer ").strip())

    Station = Annotated[HubStation, Depends(station)]
    After = Annotated[int, Query(ge=0, le=schemas.MAX_CHECKPOINT)]
    SiteCode = Annotated[str, Path(min_length=1, max_length=schemas.MAX_SITE_CODE)]
    PacketUuid = Annotated[str, Path(max_length=36)]

    @app.get("/api/v1/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "version": __version__}

    @app.post("/api/v1/stations/register")
    def register(body: Annotated[RegisterBody, json_body(RegisterBody)]) -> dict[str, Any]:
        return hub.register(body.code, body.station_code, body.name, body.public_key)

    @app.post("/api/v1/packets/statuses")
    def statuses(body: Annotated[StatusesBody, json_body(StatusesBody)], sender: Station) -> dict[str, Any]:
        return {"statuses": hub.statuses(sender, list(body.packet_uuids)),
                "hub_signing_key": hub_signing_public_b64(hub.data_dir)}  # for stations registered before receipts

    @app.post("/api/v1/packets/{packet_uuid}")
    def begin(packet_uuid: PacketUuid, body: Annotated[BeginBody, json_body(BeginBody)],
              sender: Station) -> dict[str, Any]:
        return hub.begin(sender, packet_uuid, body.sha256.lower(), body.size)

    @app.put("/api/v1/packets/{packet_uuid}/data")
    async def append(packet_uuid: PacketUuid, offset: Annotated[int, Query(ge=0, le=schemas.MAX_DB_INT)],
                     request: Request, sender: Station) -> dict[str, Any]:
        declared = request.headers.get("content-length")
        megabytes = MAX_CHUNK // (1024 * 1024)
        if declared is None or not declared.isdigit() or int(declared) > MAX_CHUNK:
            raise HubError(411, "length_required", f"Panjang potongan wajib dan maksimal {megabytes} MB.",
                           f"A chunk needs a Content-Length of at most {megabytes} MB.")
        try:
            data = await request.body()
        except ClientDisconnect:
            raise HubError(400, "client_disconnected", "Sambungan terputus.", "The client disconnected.") from None
        if len(data) != int(declared):
            raise HubError(400, "incomplete_chunk", "Potongan tidak lengkap.", "Incomplete chunk.")
        return await run_in_threadpool(hub.append, sender, packet_uuid, offset, data)

    @app.get("/api/v1/sites/{site_code}/roster")
    def roster(site_code: SiteCode, sender: Station, after: After = 0,
               limit: Annotated[int, Query(ge=1, le=schemas.MAX_ROSTER_PAGE)] = 500) -> dict[str, Any]:
        return hub.roster(sender, site_code, after, limit)

    @app.get("/api/v1/config")
    def config(sender: Station, after: After = 0) -> dict[str, Any]:
        return hub.config(after)

    @app.get("/api/v1/plan")
    def plan(sender: Station, after: After = 0) -> dict[str, Any]:
        return hub.plan(sender, after)

    @app.post("/api/v1/stations/status")
    def status_report(body: Annotated[StatusReportBody, json_body(StatusReportBody)],
                      sender: Station) -> dict[str, Any]:
        return store_report(hub, sender, body)

    app.mount("/dashboard", create_dashboard(hub, secure_cookies=secure_cookies))  # the office's campaign dashboard (server/dashboard)
    return app
