"""Checking what an SBI device signs: RS256 JWS whose certificate (``x5c``) chains to a trusted CA.

Nothing from a response is used before its signature, certificate chain and
time check out; a failure raises :class:`SbiTrustError` with the reason.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography import x509
from cryptography.exceptions import InvalidSignature

from drivers.errors import DeviceProtocolError, DeviceSettingError
from drivers.sbi.answers import MAX_TOKEN, check_tree, decode_json

MAX_CLOCK_SKEW = dt.timedelta(minutes=5)


class SbiTrustError(DeviceProtocolError):
    """A response whose signature, certificate, hash chain or time cannot be trusted; it is discarded."""

    default_action_id = "Jangan pakai perangkat ini; hubungi admin untuk memeriksa sertifikat dan jam perangkat."
    default_action_en = "Do not use this device; ask the administrator to check its certificate and clock."

    def __init__(self, reason_id: str, reason_en: str) -> None:
        super().__init__(
            f"Data perangkat SBI ditolak: {reason_id}. Tidak ada yang disimpan.",
            f"SBI device data rejected: {reason_en}. Nothing was stored.",
        )
        self.reason = reason_en


@dataclass(frozen=True)
class TrustStore:
    """The device-provider CA certificates this station accepts."""

    anchors: tuple[x509.Certificate, ...]

    @classmethod
    def load(cls, path: str | Path) -> TrustStore:
        """Every PEM certificate in a file, or in the ``*.pem``/``*.crt`` files of a folder.

        Raises:
            DeviceSettingError: no path, unreadable, or no certificate in it.
        """
        if not str(path):
            raise DeviceSettingError(
                "Trust store SBI belum diatur (kunci 'trust_store': berkas/folder sertifikat CA).",
                "No SBI trust store configured (key 'trust_store': a file or folder of CA certificates).",
            )
        location = Path(path)
        files = sorted([*location.glob("*.pem"), *location.glob("*.crt")]) if location.is_dir() else [location]
        anchors: list[x509.Certificate] = []
        try:
            for file in files:
                anchors.extend(x509.load_pem_x509_certificates(file.read_bytes()))
        except (OSError, ValueError) as exc:
            raise DeviceSettingError(
                f"Trust store SBI {location} tidak dapat dibaca: {exc}",
                f"Cannot read the SBI trust store {location}: {exc}",
            ) from exc
        if not anchors:
            raise DeviceSettingError(
                f"Tidak ada sertifikat CA di {location}.", f"No CA certificate found in {location}."
            )
        return cls(tuple(anchors))


def _within_validity(cert: x509.Certificate, now: dt.datetime) -> bool:
    return cert.not_valid_before_utc <= now <= cert.not_valid_after_utc


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def verify_chain(chain: Sequence[x509.Certificate], trust: TrustStore, now: dt.datetime) -> None:
    """The leaf and any intermediates link up to one of the trust anchors, all valid ``now``."""
    for cert in chain:
        if not _within_validity(cert, now):
            raise SbiTrustError("sertifikat perangkat kedaluwarsa atau belum berlaku", "device certificate expired or not yet valid")
    for child, parent in zip(chain, chain[1:]):
        if not _issued_by(child, parent):
            raise SbiTrustError("rantai sertifikat x5c terputus", "the x5c certificate chain is broken")
    top = chain[-1]
    if any(top == anchor or _issued_by(top, anchor) for anchor in trust.anchors if _within_validity(anchor, now)):
        return
    raise SbiTrustError("sertifikat perangkat tidak dikenal (bukan dari CA tepercaya)", "device certificate is not from a trusted CA")


def verify_jws(token: str, trust: TrustStore, now: dt.datetime | None = None) -> dict[str, Any]:
    """The verified JSON payload of a compact RS256 JWS carrying its certificate in ``x5c``.

    Raises:
        SbiTrustError: malformed token, wrong algorithm, bad signature or untrusted certificate.
    """
    now = now or dt.datetime.now(dt.UTC)
    if not isinstance(token, str) or len(token) > MAX_TOKEN:
        raise SbiTrustError("tanda tangan tidak terbaca", "unreadable signature (not a short enough text)")
    try:
        header = jwt.get_unverified_header(token)
    except (jwt.exceptions.DecodeError, ValueError, RecursionError) as exc:
        raise SbiTrustError("tanda tangan tidak terbaca", f"unreadable signature ({exc})") from exc
    if header.get("alg") != "RS256":
        raise SbiTrustError("algoritma tanda tangan bukan RS256", f"signature algorithm {str(header.get('alg'))[:16]!r} is not RS256")
    if not isinstance(header.get("x5c"), list) or len(header["x5c"]) > 8:
        raise SbiTrustError("sertifikat x5c tidak ada atau rusak", "the x5c certificate is missing or corrupted")
    try:
        chain = [x509.load_der_x509_certificate(base64.b64decode(item, validate=True)) for item in header["x5c"]]
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise SbiTrustError("sertifikat x5c tidak ada atau rusak", "the x5c certificate is missing or corrupted") from exc
    if not chain:
        raise SbiTrustError("sertifikat x5c kosong", "the x5c certificate list is empty")
    verify_chain(chain, trust, now)
    try:
        payload = jwt.decode(
            token, key=chain[0].public_key(), algorithms=["RS256"],  # type: ignore[arg-type]
            options={"verify_aud": False, "verify_iss": False, "verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
    except jwt.exceptions.InvalidSignatureError as exc:
        raise SbiTrustError("tanda tangan palsu", "the signature does not match (forged or altered)") from exc
    except (jwt.exceptions.PyJWTError, ValueError, RecursionError) as exc:
        raise SbiTrustError("tanda tangan tidak valid", f"invalid signature ({type(exc).__name__})") from exc
    # the signature is the device's; its contents are still only data: the same strict checks as any answer
    check_tree(payload, "signed data")
    return payload


def parse_time(text: str) -> dt.datetime:
    """ISO 8601 (``2020-12-08T09:39:37Z`` or with an offset) as an aware UTC datetime."""
    value = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def check_time(text: str, now: dt.datetime | None = None, skew: dt.timedelta = MAX_CLOCK_SKEW) -> None:
    """The device's timestamp is within ``skew`` of the station clock (replay / wrong clock guard)."""
    now = now or dt.datetime.now(dt.UTC)
    if not isinstance(text, str) or len(text) > 64:
        raise SbiTrustError("waktu respons tidak terbaca", "unreadable response time")
    try:
        stamp = parse_time(text)
        distance = abs(stamp - now)
    except (TypeError, ValueError, OverflowError) as exc:
        raise SbiTrustError("waktu respons tidak terbaca", f"unreadable response time {text!r}") from exc
    if distance > skew:
        minutes = int(skew.total_seconds() // 60)
        raise SbiTrustError(
            f"waktu respons {stamp:%H:%M:%S} UTC di luar ±{minutes} menit dari jam stasiun",
            f"response time {stamp:%H:%M:%S} UTC is outside ±{minutes} min of the station clock",
        )


def decode_unsigned(segment: str) -> dict[str, Any]:
    """A base64url JSON object (an unsigned digital id or a payload of a not-registered device)."""
    if not isinstance(segment, str) or len(segment) > MAX_TOKEN:
        raise DeviceProtocolError("Data perangkat SBI rusak.", "Corrupted SBI device data (not a text).")
    padded = segment + "=" * (-len(segment) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded.encode("ascii"))
    except (ValueError, binascii.Error) as exc:
        raise DeviceProtocolError("Data perangkat SBI rusak.", "Corrupted SBI device data (not base64url).") from exc
    value = decode_json(raw, "device data")
    if not isinstance(value, dict):
        raise DeviceProtocolError("Data perangkat SBI rusak.", "Corrupted SBI device data (not an object).")
    return value
