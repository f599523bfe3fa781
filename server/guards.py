"""HTTP guards around the hub app: body limits while reading, and no traceback for any client.

:class:`BodyLimitMiddleware`: a declared ``Content-Length`` above the limit is refused before a byte of the
body is read; a body without one (chunked) is counted as it arrives and refused
the moment it passes the limit. The body is then handed on to the app from
memory, so no endpoint can read more than its limit.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from server.errors import HubError
from server.schemas import MAX_CHUNK_BODY, MAX_HEADER_BYTES, MAX_JSON_BODY

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("server.api")

# An oversized body this close to its limit is read on (and thrown away) so the client, still
# sending, receives the 413 instead of a reset connection; a larger one is cut off at once.
DRAIN_LIMIT = 1024 * 1024

_CHUNK_PATH = re.compile(r"^/api/v1/packets/[^/]+/data$")
_SITE_FILE_PATH = re.compile(r"^/dashboard/campaigns/[0-9]+/sites$")  # a school list upload
MAX_SITE_FILE_BODY = 3 * 1024 * 1024


def body_limit(method: str, path: str) -> int:
    """The largest body the hub reads for this request (one chunk for chunk uploads, small elsewhere)."""
    if method == "PUT" and _CHUNK_PATH.match(path):
        return MAX_CHUNK_BODY
    if method == "POST" and _SITE_FILE_PATH.match(path):
        return MAX_SITE_FILE_BODY
    return MAX_JSON_BODY


def too_large(limit: int) -> HubError:
    size = f"{limit // 1024} KB" if limit < 1024 * 1024 else f"{limit // (1024 * 1024)} MB"
    return HubError(413, "body_too_large", f"Isi permintaan terlalu besar (paling banyak {size}).",
                    f"The request body is too large (at most {size}).")


class BodyLimitMiddleware:
    """Refuses oversized headers, reads each HTTP request's body up to its limit, then replays it to ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") + sum(
            len(name) + len(value) + 4 for name, value in scope.get("headers", ()))
        if head > MAX_HEADER_BYTES:
            await _refuse(send, HubError(431, "headers_too_large", "Kepala permintaan terlalu besar.",
                                         "The request headers are too large."))
            return
        limit = body_limit(scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared == -1:
            await _refuse(send, HubError(400, "bad_content_length", "Panjang isi permintaan tidak sah.",
                                         "The request's Content-Length is invalid."))
            return
        if declared is not None and declared > limit:
            if declared <= limit + DRAIN_LIMIT:
                await _drain(receive, declared)
            await _refuse(send, too_large(limit))
            return
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client went away; nothing to answer
            body = message.get("body", b"")
            received += len(body)
            if received > limit:
                if message.get("more_body", False):
                    await _drain(receive, limit + DRAIN_LIMIT - received)
                await _refuse(send, too_large(limit))
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replay = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        sent = False

        async def replayed() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return replay
            return await receive()

        await self.app(scope, replayed, send)


async def _drain(receive: Receive, budget: int) -> None:
    """Read and discard at most ``budget`` more body bytes (stops at the body's end or a disconnect)."""
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _content_length(scope: Scope) -> int | None:
    """The declared length; ``None`` when absent, ``-1`` when unreadable or repeated."""
    values = [value for name, value in scope.get("headers", ()) if name.lower() == b"content-length"]
    if not values:
        return None
    if len(values) > 1 or not values[0].isdigit() or len(values[0]) > 18:
        return -1
    return int(values[0])


async def _refuse(send: Send, error: HubError) -> None:
    body = json.dumps(error.body(), ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": error.status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def internal_error() -> HubError:
    return HubError(500, "internal_error", "Kesalahan di server pusat; coba kirim lagi nanti.",
                    "Internal hub error; try sending again later.")


class UnexpectedErrorMiddleware:
    """Any exception that escapes the app: logged through the masked log (type and traceback), answered JSON 500.

    Starlette's own last-resort handler re-raises to the server, which prints the
    traceback through its own, unmasked logger; this one stops it here.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as error:  # the last line of defence: every error becomes JSON
            log.error("hub: unexpected %s on %s %s", type(error).__name__, scope.get("method"),
                      scope.get("path"), exc_info=error)
            if not started:
                await _refuse(send, internal_error())
