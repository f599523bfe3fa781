"""The station's HTTP client for the hub (httpx), turning every failure into a SyncError.

Network faults are ``UNREACHABLE`` (retry later), 5xx answers ``SERVER`` (retry
later), 4xx answers with an error code ``REFUSED`` (a person must look), and
answers that are not the expected JSON ``PROTOCOL``.
"""

from __future__ import annotations

from typing import Any

import httpx

from app.sync.errors import SyncError, SyncErrorKind

API = "/api/v1"


class HubRefusedError(SyncError):
    """The hub answered 4xx with an error code (``code``) and its own bilingual message."""

    def __init__(self, status_code: int, body: dict[str, Any]) -> None:
        self.status_code = status_code
        self.body = body
        super().__init__(
            SyncErrorKind.REFUSED,
            f"Server pusat menolak: {body.get('message_id') or body.get('error')}",
            f"The hub refused: {body.get('message_en') or body.get('error')}",
            code=str(body.get("error") or f"http_{status_code}"),
            action_id="Laporkan kode galat ini ke admin.",
            action_en="Report this error code to the administrator.",
        )


class HubClient:
    """One connection pool to the hub; safe to share between upload threads."""

    def __init__(self, base_url: str, token: str = "", *, timeout_s: float = 30.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        headers = {"User-Agent": "ektp-station"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout_s, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(method, API + path, **kwargs)
        except httpx.TransportError as exc:
            raise SyncError(
                SyncErrorKind.UNREACHABLE,
                f"Server pusat tidak terjangkau ({type(exc).__name__}).",
                f"The hub cannot be reached ({type(exc).__name__}).",
                action_id="Periksa sinyal/jaringan; data tetap aman di stasiun dan akan dikirim ulang.",
                action_en="Check the signal/network; the data is safe on the station and will be resent.",
            ) from exc
        if response.status_code >= 500:
            raise SyncError(
                SyncErrorKind.SERVER,
                f"Server pusat sedang bermasalah (HTTP {response.status_code}).",
                f"The hub has a problem (HTTP {response.status_code}).",
                code=f"http_{response.status_code}",
            )
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise SyncError(
                SyncErrorKind.PROTOCOL,
                f"Jawaban server pusat tidak dikenal (HTTP {response.status_code}).",
                f"Unexpected answer from the hub (HTTP {response.status_code}).",
                code="bad_answer",
            )
        if response.status_code >= 400:
            raise HubRefusedError(response.status_code, body)
        return body

    def health(self) -> dict[str, Any]:
        return self._call("GET", "/health")

    def register(self, code: str, station_code: str, name: str, public_key: str) -> dict[str, Any]:
        return self._call("POST", "/stations/register", json={
            "code": code, "station_code": station_code, "name": name, "public_key": public_key,
        })

    def begin_upload(self, packet_uuid: str, sha256: str, size: int) -> dict[str, Any]:
        """Announce a packet; the hub answers with its offset, or the receipt when it holds it already."""
        return self._call("POST", f"/packets/{packet_uuid}", json={"sha256": sha256, "size": size})

    def put_chunk(self, packet_uuid: str, offset: int, data: bytes) -> dict[str, Any]:
        return self._call("PUT", f"/packets/{packet_uuid}/data", params={"offset": offset}, content=data,
                          headers={"Content-Type": "application/octet-stream"})

    def statuses(self, packet_uuids: list[str]) -> dict[str, Any]:
        return self._call("POST", "/packets/statuses", json={"packet_uuids": packet_uuids})

    def roster(self, site_code: str, after: int, limit: int = 500) -> dict[str, Any]:
        return self._call("GET", f"/sites/{site_code}/roster", params={"after": after, "limit": limit})

    def config(self, after: int) -> dict[str, Any]:
        return self._call("GET", "/config", params={"after": after})

    def plan(self, after: int) -> dict[str, Any]:
        """This station's planned visits when the hub has a version newer than ``after`` (else ``plan`` is null)."""
        return self._call("GET", "/plan", params={"after": after})

    def status_report(self, report: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "/stations/status", json=report)
