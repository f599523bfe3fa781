"""One SBI service on one port: device info, registration capture (RCAPTURE) and the MJPEG preview (STREAM).

Every signed answer is verified (signature, certificate chain, time) and every
capture's hash chain is checked before anything is handed back; the chain only
advances when a whole response is accepted, so a rejected one leaves no trace.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from drivers.errors import (
    DeviceBusyError,
    DeviceError,
    DeviceNotConnectedError,
    DeviceProtocolError,
    DeviceTimeoutError,
    DeviceUnsupportedError,
)
from drivers.sbi.answers import (
    CapturePayload,
    DeviceInfoPayload,
    DigitalId,
    InfoEntry,
    SbiStatus,
    parse_capture,
    parse_info,
    read_json,
)
from drivers.sbi.jws import MAX_CLOCK_SKEW, SbiTrustError, TrustStore, check_time, decode_unsigned, verify_jws

SPEC_VERSION = "0.9.5"


def chain_hash(previous_hash: str, iso_record: bytes) -> str:
    """SHA-256 over the previous hash's bytes and the SHA-256 of this ISO record, upper-case hex.

    The first capture of a session chains from ``""`` (no previous bytes).
    """
    previous = bytes.fromhex(previous_hash) if previous_hash else b""
    return hashlib.sha256(previous + hashlib.sha256(iso_record).digest()).hexdigest().upper()


def error_for(code: str, info: str) -> DeviceError:
    """The station error for an SBI error code (0 is success and never comes here)."""
    detail_en = f"SBI error {code}: {info}".strip()
    detail_id = f"galat SBI {code}: {info}".strip()
    if code in ("100", "106", "110"):
        return DeviceNotConnectedError(f"Perangkat SBI belum siap ({detail_id}).", f"The SBI device is not ready ({detail_en}).")
    if code in ("111", "112"):
        return DeviceBusyError(f"Perangkat SBI sibuk ({detail_id}).", f"The SBI device is busy ({detail_en}).")
    if code == "101":
        return DeviceTimeoutError(
            f"Biometrik tidak terdeteksi ({detail_id}).", f"No biometric was detected ({detail_en})."
        )
    if code == "109":
        return DeviceUnsupportedError(f"Permintaan tidak didukung ({detail_id}).", f"Request not supported ({detail_en}).")
    if code in ("103", "107"):
        return SbiTrustError(f"perangkat melaporkan {detail_id}", f"the device reports {detail_en}")
    return DeviceProtocolError(f"Perangkat SBI gagal ({detail_id}).", f"The SBI device failed ({detail_en}).")


def _check_error(status: SbiStatus) -> None:
    if not status.ok:
        raise error_for(status.code, status.info)


def _other_device_in_error(item: InfoEntry, wanted_type: str | None) -> bool:
    """An errored MOSIPDINFO entry (its payload unsigned) that names a different biometric type."""
    info = item.device_info
    if item.error.ok or wanted_type is None or info.count(".") == 2:
        return False
    try:
        payload = DeviceInfoPayload.parse(decode_unsigned(info))
        digital = DigitalId.parse(decode_unsigned(payload.digital_id))
    except DeviceProtocolError:
        return False
    return digital.bio_type not in ("", wanted_type)


def _b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode("ascii"))
    except (ValueError, binascii.Error) as exc:
        raise DeviceProtocolError("bioValue SBI rusak.", "Corrupted SBI bioValue (not base64url).") from exc


@dataclass(frozen=True)
class SbiCapture:
    """One accepted biometric from RCAPTURE: its ISO record and what the device said about it."""

    bio_type: str
    bio_sub_type: str
    iso_record: bytes
    quality: float | None
    requested_score: float | None
    hash: str
    timestamp: str
    device_code: str

    @property
    def quality_score(self) -> int | None:
        """The device's own quality of this sample as a whole score, None when it gave none."""
        return int(round(self.quality)) if self.quality is not None else None


@dataclass(frozen=True)
class SbiDeviceInfo:
    """MOSIPDINFO, verified."""

    device_id: str
    device_status: str
    device_code: str
    firmware: str
    serial_number: str
    make: str
    model: str
    bio_type: str
    sub_ids: tuple[int, ...]
    raw: Mapping[str, Any]


class SbiClient:
    """Talks to the SBI service at ``http://host:port`` (always an IP, never "localhost")."""

    def __init__(
        self,
        host: str,
        port: int,
        trust: TrustStore,
        *,
        http_timeout_s: float = 5.0,
        max_clock_skew: dt.timedelta = MAX_CLOCK_SKEW,
        env: str = "Staging",
    ) -> None:
        self.base_url = f"http://{host}:{port}"
        self.trust = trust
        self.max_clock_skew = max_clock_skew
        self.env = env
        self.previous_hash = ""
        self._http = httpx.Client(timeout=http_timeout_s)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, body: dict[str, Any], what: str, timeout: float | None = None) -> Any:
        """The answer's JSON, read up to ``MAX_ANSWER_BYTES`` and decoded strictly (see ``answers``)."""
        try:
            with self._http.stream(method, self.base_url + path, json=body,
                                   timeout=timeout or httpx.USE_CLIENT_DEFAULT) as response:
                if response.status_code >= 400:
                    raise DeviceProtocolError(
                        f"Layanan SBI menjawab HTTP {response.status_code}.",
                        f"The SBI service answered HTTP {response.status_code}.",
                    )
                return read_json(response.iter_bytes(), what)
        except httpx.TimeoutException as exc:
            raise DeviceTimeoutError(
                f"Layanan SBI {self.base_url} tidak menjawab.", f"The SBI service {self.base_url} did not answer."
            ) from exc
        except httpx.HTTPError as exc:
            raise DeviceNotConnectedError(
                f"Layanan SBI {self.base_url} tidak dapat dihubungi.",
                f"Cannot reach the SBI service {self.base_url} ({type(exc).__name__}).",
            ) from exc

    # MOSIPDINFO ----------------------------------------------------------------
    def device_info(self, wanted_type: str | None = None) -> list[SbiDeviceInfo]:
        """Every device of the service, each verified; unsigned entries (not registered) raise.

        Raises:
            DeviceProtocolError: a malformed answer (wrong types, broken JSON); SbiTrustError for bad signatures.
        """
        entries = parse_info(self._call("MOSIPDINFO", "/info", {}, "MOSIPDINFO"))
        devices = []
        now = dt.datetime.now(dt.UTC)
        for item in entries:
            if _other_device_in_error(item, wanted_type):
                continue  # a not-ready device of another type must not block this one
            _check_error(item.error)
            payload = DeviceInfoPayload.parse(verify_jws(item.device_info, self.trust, now))
            digital = self._digital_id(payload.digital_id, now)
            info = SbiDeviceInfo(
                device_id=payload.device_id,
                device_status=payload.device_status,
                device_code=payload.device_code,
                firmware=payload.firmware,
                serial_number=digital.serial_number,
                make=digital.make,
                model=digital.model,
                bio_type=digital.bio_type,
                sub_ids=payload.sub_ids,
                raw=payload.raw,
            )
            if wanted_type is None or info.bio_type == wanted_type:
                devices.append(info)
        return devices

    def _digital_id(self, value: str, now: dt.datetime) -> DigitalId:
        raw = verify_jws(value, self.trust, now) if value.count(".") == 2 else decode_unsigned(value)
        digital = DigitalId.parse(raw)
        if digital.date_time is not None:
            check_time(digital.date_time, now, self.max_clock_skew)
        return digital

    # RCAPTURE ------------------------------------------------------------------
    def capture(
        self,
        *,
        bio_type: str,
        device_id: str,
        device_sub_id: int,
        bio_sub_types: Sequence[str],
        exceptions: Sequence[str] = (),
        requested_score: int = 40,
        timeout_ms: int = 10000,
    ) -> list[SbiCapture]:
        """RCAPTURE: one verified :class:`SbiCapture` per biometric, in the device's order.

        Raises:
            SbiTrustError: forged signature, untrusted certificate, out-of-time or broken hash chain.
            DeviceError: the device's own error code (busy, not ready, nothing detected ...).
        """
        request = {
            "env": self.env,
            "purpose": "Registration",
            "specVersion": SPEC_VERSION,
            "timeout": str(timeout_ms),
            "captureTime": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "transactionId": uuid.uuid4().hex[:32],
            "bio": [{
                "type": bio_type,
                "count": str(len(bio_sub_types) or 1),
                "bioSubType": list(bio_sub_types),
                "exception": list(exceptions),
                "requestedScore": str(requested_score),
                "deviceId": device_id,
                "deviceSubId": str(device_sub_id),
                "previousHash": self.previous_hash,
            }],
            "customOpts": None,
        }
        items = parse_capture(self._call("RCAPTURE", "/capture", request, "RCAPTURE", timeout=timeout_ms / 1000 + 5))
        now = dt.datetime.now(dt.UTC)
        previous = self.previous_hash
        accepted: list[SbiCapture] = []
        for item in items:
            _check_error(item.error)
            payload = CapturePayload.parse(verify_jws(item.data, self.trust, now))
            check_time(payload.timestamp, now, self.max_clock_skew)
            if payload.transaction_id != request["transactionId"]:
                raise SbiTrustError("ID transaksi tidak cocok", "the transaction id does not match the request")
            record = _b64url_decode(payload.bio_value)
            expected = chain_hash(previous, record)
            if item.hash.upper() != expected:
                raise SbiTrustError("rantai hash terputus", "the hash chain is broken")
            previous = expected
            accepted.append(SbiCapture(
                bio_type=payload.bio_type or bio_type,
                bio_sub_type=payload.bio_sub_type,
                iso_record=record,
                quality=payload.quality,
                requested_score=payload.requested_score,
                hash=expected,
                timestamp=payload.timestamp,
                device_code=payload.device_code,
            ))
        self.previous_hash = previous  # only a fully accepted response advances the chain
        return accepted

    # STREAM --------------------------------------------------------------------
    def stream(self, device_id: str, device_sub_id: int, timeout_ms: int = 60000) -> Iterator[bytes]:
        """JPEG frames of the live preview, as they arrive (MJPEG, cut at JPEG start/end markers)."""
        body = {"deviceId": device_id, "deviceSubId": str(device_sub_id), "timeout": str(timeout_ms)}
        buffer = bytearray()
        try:
            with self._http.stream("STREAM", self.base_url + "/stream", json=body) as response:
                if response.status_code >= 400:
                    raise DeviceProtocolError(
                        f"STREAM ditolak (HTTP {response.status_code}).", f"STREAM refused (HTTP {response.status_code})."
                    )
                for chunk in response.iter_bytes():
                    buffer.extend(chunk)
                    while True:
                        start = buffer.find(b"\xff\xd8")
                        end = buffer.find(b"\xff\xd9", start + 2) if start >= 0 else -1
                        if start < 0 or end < 0:
                            break
                        yield bytes(buffer[start : end + 2])
                        del buffer[: end + 2]
        except httpx.HTTPError as exc:
            raise DeviceNotConnectedError(
                "Pratinjau SBI terputus.", f"The SBI preview stream dropped ({exc})."
            ) from exc

