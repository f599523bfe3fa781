"""The hub's request schemas and limits: one validation layer between the network and the hub's logic.

Every JSON body is decoded here (strict UTF-8, no NaN/Infinity, bounded size and
depth) and validated against a pydantic model before the hub touches its
database or files; query parameters use the bounded integer types below. A
failure is a :class:`server.errors.HubError` with a stable code and a bilingual
message, never a traceback. Packet headers and metadata: ``server.packet_schemas``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuid_module
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from app.sync.packet_format import MAX_CHUNK_SIZE, MAX_PACKET_SIZE
from server.errors import HubError

# Body limits, enforced while the body is read (server.limits.BodyLimitMiddleware).
MAX_JSON_BODY = 64 * 1024  # registration, announcements, status polls (1,000 UUIDs are ~40 KB)
MAX_CHUNK_BODY = MAX_CHUNK_SIZE  # one packet chunk: the largest [sync] chunk_size a station may set
MAX_STATUS_UUIDS = 1000  # packets per status request (the station asks in batches of 1,000)
MAX_JSON_DEPTH = 32
MAX_DB_INT = 2**63 - 1  # the largest value a BIGINT column (PostgreSQL, SQLite) holds
MAX_CHECKPOINT = 2**31 - 1  # roster seq and config version are INTEGER columns (32 bits on PostgreSQL)
MAX_ROSTER_PAGE = 1000
MAX_SITE_CODE = 64
MAX_REPORTED_DEVICES = 16  # devices in one status report's self-check (a station has four)
MAX_TOKEN = 256
MAX_HEADER_BYTES = 16 * 1024  # request line and headers together (uvicorn's h11 limit, set explicitly)

ModelT = TypeVar("ModelT", bound=BaseModel)


def _hex(length: int) -> Any:
    return Annotated[str, StringConstraints(min_length=length, max_length=length, pattern=f"^[0-9a-fA-F]{{{length}}}$")]


def _plain_text(min_length: int, max_length: int) -> Any:
    """Printable text that a database column takes as it is (no NUL, no control characters)."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length,
                                            pattern=r"^[^\x00-\x1f\x7f]*$")]


Sha256Hex = _hex(64)
BoundedInt = Annotated[int, Field(ge=0, le=MAX_DB_INT)]


class _Strict(BaseModel):
    """Exact JSON types (no "5" for 5), unknown keys refused, frozen."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class RegisterBody(_Strict):
    code: _plain_text(4, 64)
    station_code: _plain_text(1, 16)
    name: _plain_text(0, 200) = ""
    public_key: _plain_text(1, 64)


class BeginBody(_Strict):
    sha256: Sha256Hex
    size: Annotated[int, Field(gt=0, le=MAX_PACKET_SIZE)]


class StatusesBody(_Strict):
    packet_uuids: Annotated[list[Annotated[str, StringConstraints(max_length=36)]], Field(max_length=MAX_STATUS_UUIDS)]


def _aware_moment(text: str) -> str:
    """An ISO 8601 moment with its UTC offset (the station's clock), kept as text."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("not an ISO 8601 moment") from None
    if moment.tzinfo is None:
        raise ValueError("no UTC offset")
    return moment.isoformat()


IsoMoment = Annotated[str, StringConstraints(min_length=10, max_length=40), AfterValidator(_aware_moment)]
Count = Annotated[int, Field(ge=0, le=MAX_CHECKPOINT)]


class OutboxCounts(_Strict):
    """The station's outbox by state (``app.sync.outbox.waiting_counts``)."""

    waiting: Count  # sealed, approved, not yet sent
    awaiting_approval: Count
    unsealed: Count
    failed: Count
    sent: Count
    handed_over: Count  # of the waiting ones, copied to removable media


class SelfCheckFailure(_Strict):
    device: _plain_text(1, 32)  # the device family: camera, fingerprint, iris, signature
    backend: _plain_text(0, 32) = ""
    reason_id: _plain_text(0, 300) = ""
    reason_en: _plain_text(0, 300) = ""


class SelfCheckSummary(_Strict):
    at: IsoMoment
    checked: Annotated[int, Field(ge=0, le=MAX_REPORTED_DEVICES)]
    failed: Annotated[list[SelfCheckFailure], Field(max_length=MAX_REPORTED_DEVICES)]


class StatusReportBody(_Strict):
    """What a station reports at each sync (``POST /api/v1/stations/status``); the newest is kept."""

    reported_at: IsoMoment
    software_version: _plain_text(1, 32)
    outbox: OutboxCounts
    handovers_exported: Count
    selfcheck: SelfCheckSummary | None = None


def malformed(what_id: str, what_en: str, code: str = "malformed_request", status: int = 422) -> HubError:
    return HubError(status, code, f"Isi permintaan tidak valid ({what_id}).", f"The request is invalid ({what_en}).")


def invalid_utf8(position: int) -> HubError:
    return HubError(400, "invalid_utf8",
                    f"Isi permintaan bukan teks UTF-8 yang sah (byte {position}).",
                    f"The request body is not valid UTF-8 text (at byte {position}).")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of decoded JSON, stopping once it passes ``limit``."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    deepest = 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


def decode_json(data: bytes) -> Any:
    """Strict JSON: UTF-8 only, no NaN/Infinity, no lone surrogates, bounded depth.

    Raises:
        HubError: ``invalid_utf8`` (400) or ``malformed_json`` (400).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid_utf8(exc.start) from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise _bad_json("nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, NaN, integers beyond Python's digit limit
        raise _bad_json(type(exc).__name__) from None
    if _depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise _bad_json("nested too deeply")
    if _has_lone_surrogate(value):
        raise invalid_utf8(0)
    return value


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _bad_json(detail: str) -> HubError:
    return HubError(400, "malformed_json", "Isi permintaan bukan JSON yang sah.",
                    f"The request body is not valid JSON ({detail}).")


def where(error: ValidationError) -> str:
    """The first few failing field paths, for the message (never the values: they may hold NIKs)."""
    paths = [".".join(str(part) for part in item.get("loc", ())) or "(body)" for item in error.errors()[:5]]
    return "; ".join(paths)


def validate(model: type[ModelT], value: Any) -> ModelT:
    """``value`` as ``model``; a 422 ``malformed_request`` naming the fields otherwise."""
    if not isinstance(value, dict):
        raise malformed("bukan objek JSON", "not a JSON object")
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        fields = where(exc)
        raise malformed(f"kolom {fields}", f"fields {fields}") from None


def parse_body(model: type[ModelT], data: bytes) -> ModelT:
    return validate(model, decode_json(data))


def packet_uuid(text: str) -> str:
    """A packet UUID in canonical form, or a 400 ``malformed_request``."""
    if len(text) > 36:
        raise malformed("UUID paket", "packet UUID", status=400)
    try:
        return str(uuid_module.UUID(text))
    except ValueError:
        raise malformed("UUID paket", "packet UUID", status=400) from None
