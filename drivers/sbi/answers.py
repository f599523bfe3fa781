"""Every SBI answer parsed once into typed, frozen objects; anything unexpected is a DeviceProtocolError.

Any program on the laptop can answer on 127.0.0.1:4501–4600, so an answer is
hostile input: JSON is decoded strictly (UTF-8, no NaN, no lone surrogates,
bounded size and depth), every object and field is checked for its type and
size here, and the rest of the driver only sees these dataclasses. Signature
and certificate checks stay in ``drivers.sbi.jws``; this module checks shape.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from drivers.errors import DeviceProtocolError

MAX_ANSWER_BYTES = 64 * 1024 * 1024  # a capture answer carries base64 ISO images of up to ten fingers
MAX_JSON_DEPTH = 32
MAX_TEXT = 256  # ids, codes, names, times
MAX_TOKEN = 48 * 1024 * 1024  # a signed capture payload (holds the bioValue)
MAX_ITEMS = 64  # devices per service, biometrics per capture
MAX_SUB_ID = 255


def bad_answer(what: str, detail: str) -> DeviceProtocolError:
    """The one error for a malformed answer: which answer, and what was wrong (never the values)."""
    return DeviceProtocolError(f"Jawaban {what} dari layanan SBI rusak ({detail}).",
                               f"Malformed SBI {what} answer ({detail}).")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode_json(data: bytes, what: str) -> Any:
    """Strict JSON from an SBI service.

    Raises:
        DeviceProtocolError: not UTF-8, not JSON, NaN/Infinity, too deep, too large, lone surrogates.
    """
    if len(data) > MAX_ANSWER_BYTES:
        raise bad_answer(what, "too large")
    try:
        value = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise bad_answer(what, "not UTF-8") from None
    except RecursionError:
        raise bad_answer(what, "nested too deeply") from None
    except ValueError:
        raise bad_answer(what, "not JSON") from None
    check_tree(value, what)
    return value


def read_json(chunks: Iterable[bytes], what: str, limit: int = MAX_ANSWER_BYTES) -> Any:
    """An answer's body read chunk by chunk, never past ``limit`` bytes, then decoded strictly (:func:`decode_json`).

    Raises:
        DeviceProtocolError: more than ``limit`` bytes, or not strict JSON.
    """
    data = bytearray()
    for chunk in chunks:
        data.extend(chunk)
        if len(data) > limit:
            raise bad_answer(what, "too large")
    return decode_json(bytes(data), what)


def check_tree(value: Any, what: str) -> None:
    """Bounded depth, finite numbers and no lone surrogates anywhere in decoded JSON."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise bad_answer(what, "nested too deeply")
        if isinstance(item, str):
            _check_utf8(item, what)
        elif isinstance(item, float) and not math.isfinite(item):
            raise bad_answer(what, "a number out of range")
        elif isinstance(item, dict):
            stack.extend((key, depth + 1) for key in item)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _check_utf8(text: str, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_answer(what, "a lone surrogate in a text") from None


def as_object(value: Any, what: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise bad_answer(what, f"{where} is not an object")
    return value


def as_list(value: Any, what: str, where: str, limit: int = MAX_ITEMS) -> list[Any]:
    if not isinstance(value, list):
        raise bad_answer(what, f"{where} is not a list")
    if len(value) > limit:
        raise bad_answer(what, f"{where} has more than {limit} items")
    return value


def text(item: Mapping[str, Any], key: str, what: str, *, default: str | None = None, limit: int = MAX_TEXT) -> str:
    """``item[key]`` as a string of at most ``limit`` characters; absent is ``default`` (or an error)."""
    value = item.get(key)
    if value is None and default is not None:
        return default
    if not isinstance(value, str):
        raise bad_answer(what, f"{key} is not a text")
    if len(value) > limit:
        raise bad_answer(what, f"{key} is too long")
    _check_utf8(value, what)
    return value


def sub_ids(value: Any, what: str) -> tuple[int, ...]:
    """``deviceSubId``: a list of small whole numbers (the spec writes them as numbers or digit strings)."""
    if value is None:
        return ()
    result = []
    for item in as_list(value, what, "deviceSubId", limit=16):
        if isinstance(item, bool):
            raise bad_answer(what, "deviceSubId is not numeric")
        if isinstance(item, str) and item.isascii() and item.isdigit() and len(item) <= 3:
            item = int(item)
        if not isinstance(item, int) or not 0 <= item <= MAX_SUB_ID:
            raise bad_answer(what, "deviceSubId is not a small whole number")
        result.append(item)
    return tuple(result)


def score(item: Mapping[str, Any], key: str, what: str) -> float | None:
    """A 0–100 score sent as a number or a numeric text; absent or empty is ``None``."""
    value = item.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise bad_answer(what, f"{key} is not a number")
    if isinstance(value, str):
        if len(value) > 16:
            raise bad_answer(what, f"{key} is not a number")
        try:
            value = float(value)
        except ValueError:
            raise bad_answer(what, f"{key} is not a number") from None
    if not isinstance(value, (int, float)) or not math.isfinite(value) or not 0 <= value <= 100:
        raise bad_answer(what, f"{key} is not a score from 0 to 100")
    return float(value)


@dataclass(frozen=True)
class SbiStatus:
    """The ``error`` object every SBI item carries; code ``"0"`` is success."""

    code: str
    info: str

    @property
    def ok(self) -> bool:
        return self.code == "0"

    @classmethod
    def parse(cls, item: Mapping[str, Any], what: str) -> SbiStatus:
        error = item.get("error")
        if error is None:
            return cls("0", "")
        error = as_object(error, what, "error")
        code = error.get("errorCode", "0")
        if isinstance(code, int) and not isinstance(code, bool) and 0 <= code < 10**6:
            code = str(code)
        if not isinstance(code, str) or len(code) > 16:
            raise bad_answer(what, "errorCode is neither a number nor a short text")
        _check_utf8(code, what)
        return cls(code.strip() or "0", text(error, "errorInfo", what, default="", limit=1024))


@dataclass(frozen=True)
class DigitalId:
    """The device's identity (``digitalId``, signed or not)."""

    serial_number: str
    make: str
    model: str
    bio_type: str
    date_time: str | None

    @classmethod
    def parse(cls, value: Any, what: str = "digitalId") -> DigitalId:
        item = as_object(value, what, "digitalId")
        date_time = item.get("dateTime")
        return cls(
            serial_number=text(item, "serialNo", what, default=""),
            make=text(item, "make", what, default=""),
            model=text(item, "model", what, default=""),
            bio_type=text(item, "type", what, default=""),
            date_time=None if date_time is None else text(item, "dateTime", what),
        )


@dataclass(frozen=True)
class DiscoveryEntry:
    """One MOSIPDISC item."""

    device_id: str
    status: str
    sub_ids: tuple[int, ...]
    digital_id: str
    error: SbiStatus
    raw: Mapping[str, Any]

    @classmethod
    def parse(cls, value: Any) -> DiscoveryEntry:
        what = "MOSIPDISC"
        item = as_object(value, what, "a device entry")
        return cls(
            device_id=text(item, "deviceId", what, default=""),
            status=text(item, "deviceStatus", what, default=""),
            sub_ids=sub_ids(item.get("deviceSubId"), what),
            digital_id=text(item, "digitalId", what, default="", limit=MAX_TOKEN),
            error=SbiStatus.parse(item, what),
            raw=item,
        )


def parse_discovery(value: Any) -> list[DiscoveryEntry]:
    return [DiscoveryEntry.parse(entry) for entry in as_list(value, "MOSIPDISC", "the answer")]


@dataclass(frozen=True)
class InfoEntry:
    """One MOSIPDINFO item: a (normally signed) ``deviceInfo`` token and its status."""

    device_info: str
    error: SbiStatus

    @classmethod
    def parse(cls, value: Any) -> InfoEntry:
        what = "MOSIPDINFO"
        item = as_object(value, what, "a device entry")
        return cls(text(item, "deviceInfo", what, default="", limit=MAX_TOKEN), SbiStatus.parse(item, what))


def parse_info(value: Any) -> list[InfoEntry]:
    return [InfoEntry.parse(entry) for entry in as_list(value, "MOSIPDINFO", "the answer")]


@dataclass(frozen=True)
class DeviceInfoPayload:
    """The verified payload of ``deviceInfo``."""

    device_id: str
    device_status: str
    device_code: str
    firmware: str
    sub_ids: tuple[int, ...]
    digital_id: str
    raw: Mapping[str, Any]

    @classmethod
    def parse(cls, value: Any) -> DeviceInfoPayload:
        what = "MOSIPDINFO"
        item = as_object(value, what, "deviceInfo")
        return cls(
            device_id=text(item, "deviceId", what, default=""),
            device_status=text(item, "deviceStatus", what, default=""),
            device_code=text(item, "deviceCode", what, default=""),
            firmware=text(item, "firmware", what, default=""),
            sub_ids=sub_ids(item.get("deviceSubId"), what),
            digital_id=text(item, "digitalId", what, default="", limit=MAX_TOKEN),
            raw=item,
        )


@dataclass(frozen=True)
class CaptureItem:
    """One RCAPTURE ``biometrics`` item, before its signed ``data`` is verified."""

    data: str
    hash: str
    error: SbiStatus

    @classmethod
    def parse(cls, value: Any) -> CaptureItem:
        what = "RCAPTURE"
        item = as_object(value, what, "a biometric")
        return cls(text(item, "data", what, default="", limit=MAX_TOKEN), text(item, "hash", what, default=""),
                   SbiStatus.parse(item, what))


def parse_capture(value: Any) -> list[CaptureItem]:
    answer = as_object(value, "RCAPTURE", "the answer")
    items = as_list(answer.get("biometrics"), "RCAPTURE", "biometrics")
    if not items:
        raise bad_answer("RCAPTURE", "no biometrics")
    return [CaptureItem.parse(item) for item in items]


@dataclass(frozen=True)
class CapturePayload:
    """The verified payload of one captured biometric."""

    bio_type: str | None
    bio_sub_type: str
    bio_value: str
    transaction_id: str
    timestamp: str
    quality: float | None
    requested_score: float | None
    device_code: str

    @classmethod
    def parse(cls, value: Any) -> CapturePayload:
        what = "RCAPTURE"
        item = as_object(value, what, "the capture data")
        return cls(
            bio_type=None if item.get("bioType") is None else text(item, "bioType", what),
            bio_sub_type=text(item, "bioSubType", what, default=""),
            bio_value=text(item, "bioValue", what, default="", limit=MAX_TOKEN),
            transaction_id=text(item, "transactionId", what, default=""),
            timestamp=text(item, "timestamp", what, default=""),
            quality=score(item, "qualityScore", what),
            requested_score=score(item, "requestedScore", what),
            device_code=text(item, "deviceCode", what, default=""),
        )
