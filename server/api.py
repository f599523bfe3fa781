"""The hub's HTTP API (FastAPI). Every error is JSON with a stable ``error`` code, never a traceback.

    GET  /api/v1/health
    POST /api/v1/stations/register          {code, station_code, name, public_key}
    POST /api/v1/packets/{uuid}             {sha256, size} -> offset, or the original receipt
    PUT  /api/v1/packets/{uuid}/data?offset=N   raw chunk -> new offset, receipt after the last byte
    POST /api/v1/packets/statuses           {packet_uuids: [...]}
    GET  /api/v1/sites/{site}/roster?after=SEQ&limit=N
    GET  /api/v1/config?after=VERSION
"""

import logging
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from app import __version__
from server.errors import HubError, unknown_station
from server.handover_keys import hub_signing_public_b64
from server.hub import Hub
from server.models import HubStation

log = logging.getLogger(__name__)

MAX_CHUNK = 16 * 1024 * 1024


class RegisterBody(BaseModel):
    code: str = Field(min_length=4, max_length=64)
    station_code: str = Field(min_length=1, max_length=16)
    name: str = Field(default="", max_length=200)
    public_key: str = Field(min_length=1, max_length=64)


class BeginBody(BaseModel):
    sha256: str = Field(min_length=64, max_length=64)
    size: int = Field(gt=0)


class StatusesBody(BaseModel):
    packet_uuids: list[str] = Field(max_length=5000)


def create_app(hub: Hub) -> FastAPI:
    app = FastAPI(title="e-KTP station hub", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, error: HubError) -> JSONResponse:
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        where = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in error.errors()[:5])
        body = HubError(422, "malformed_request", f"Isi permintaan tidak valid ({where}).",
                        f"The request body is invalid ({where}).").body()
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        body = HubError(error.status_code, f"http_{error.status_code}", str(error.detail), str(error.detail)).body()
        return JSONResponse(body, status_code=error.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.error("hub: unexpected %s", type(error).__name__, exc_info=error)
        body = HubError(500, "internal_error", "Kesalahan di server pusat.", "Internal hub error.").body()
        return JSONResponse(body, status_code=500)

    def station(authorization: Annotated[str | None, Header()] = None) -> HubStation:
        if not authorization or not authorization.startswith("Bearer "):
            raise unknown_station()
        return hub.station_for_token(authorization.removeprefix("Bearer ").strip())

    Station = Annotated[HubStation, Depends(station)]

    @app.get("/api/v1/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "version": __version__}

    @app.post("/api/v1/stations/register")
    def register(body: RegisterBody) -> dict[str, Any]:
        return hub.register(body.code, body.station_code, body.name, body.public_key)

    @app.post("/api/v1/packets/statuses")
    def statuses(body: StatusesBody, sender: Station) -> dict[str, Any]:
        return {"statuses": hub.statuses(sender, body.packet_uuids),
                "hub_signing_key": hub_signing_public_b64(hub.data_dir)}  # for stations registered before receipts

    @app.post("/api/v1/packets/{packet_uuid}")
    def begin(packet_uuid: str, body: BeginBody, sender: Station) -> dict[str, Any]:
        return hub.begin(sender, packet_uuid, body.sha256.lower(), body.size)

    @app.put("/api/v1/packets/{packet_uuid}/data")
    async def append(packet_uuid: str, offset: int, request: Request, sender: Station) -> dict[str, Any]:
        if offset < 0:
            raise HubError(400, "malformed_request", "Posisi negatif.", "Negative offset.")
        declared = request.headers.get("content-length")
        if declared is None or not declared.isdigit() or int(declared) > MAX_CHUNK:
            raise HubError(411, "length_required", "Panjang potongan wajib dan maksimal 16 MB.",
                           "A chunk needs a Content-Length of at most 16 MB.")
        try:
            data = await request.body()
        except ClientDisconnect:
            raise HubError(400, "client_disconnected", "Sambungan terputus.", "The client disconnected.") from None
        if len(data) != int(declared):
            raise HubError(400, "incomplete_chunk", "Potongan tidak lengkap.", "Incomplete chunk.")
        return await run_in_threadpool(hub.append, sender, packet_uuid, offset, data)

    @app.get("/api/v1/sites/{site_code}/roster")
    def roster(site_code: str, sender: Station, after: int = 0, limit: int = 500) -> dict[str, Any]:
        return hub.roster(sender, site_code, after, limit)

    @app.get("/api/v1/config")
    def config(sender: Station, after: int = 0) -> dict[str, Any]:
        return hub.config(after)

    return app
