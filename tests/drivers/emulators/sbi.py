"""A MOSIP SBI 0.9.5 device service on 127.0.0.1 with a test CA made at test time.

Serves MOSIPDISC, MOSIPDINFO, RCAPTURE and STREAM for a slap fingerprint
scanner, an iris camera and a face camera. Signs like a device: a compact RS256
JWS made by hand with ``cryptography`` (so PyJWT can check it independently),
the device certificate in ``x5c``. Faults: "forged", "untrusted", "broken_hash",
"stale" (timestamp 10 minutes old), "busy", "not_registered".
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import cv2
import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from drivers.camera.scene import render_frame
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.sbi import BY_NAME
from drivers.fingerprint.synth import synthesize_fingerprint
from drivers.sbi.client import chain_hash
from tests.drivers.emulators.camera import counter_frame


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Identity:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def make_identity(name: str, issuer: Identity | None = None, *, ca: bool = False, days: int = 365) -> Identity:
    """A fresh RSA key and certificate (self-signed CA when ``issuer`` is None)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    cert = builder.sign(issuer.key if issuer else key, hashes.SHA256())
    return Identity(key, cert)


def sign_jws(payload: dict[str, Any], signer: Identity) -> str:
    header = {"alg": "RS256", "typ": "JWT", "x5c": [base64.b64encode(signer.cert.public_bytes(serialization.Encoding.DER)).decode()]}
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}"
    signature = signer.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"


def iso_record(bio_type: str, image: np.ndarray) -> bytes:
    """A minimal ISO/IEC 19794 record: format id, version, length, a little header, then a PNG."""
    ok, png = cv2.imencode(".png", image)
    assert ok
    format_id = {"Finger": b"FIR\x00", "Face": b"FAC\x00", "Iris": b"IIR\x00"}[bio_type]
    body = b"020\x00" + bytes(10)
    total = len(format_id) + len(body) + 4 + len(png)
    return format_id + body + total.to_bytes(4, "big") + png.tobytes()


@functools.cache
def _finger(position: FingerPosition) -> np.ndarray:
    """A realistic synthetic finger as a slap scanner segments it (400×320, 500 ppi)."""
    return synthesize_fingerprint(1, position)


@functools.cache
def _portrait() -> np.ndarray:
    """A 480×640 (3:4) portrait on the red backdrop, like a registration face camera's photo."""
    return render_frame(0, width=480, height=640, background="red")


_IDENTITIES: dict[int, Identity] = {}


def _device_identity(ca: Identity) -> Identity:
    """One device certificate per CA (RSA key generation is the slow part of these tests)."""
    serial = ca.cert.serial_number
    if serial not in _IDENTITIES:
        _IDENTITIES[serial] = make_identity("SBI test device", ca)
    return _IDENTITIES[serial]


@functools.cache
def _rogue_identity() -> Identity:
    """A device certificate from a CA nobody trusts."""
    return make_identity("rogue device", make_identity("rogue CA", ca=True))


FINGERS_BY_SLAP = {
    "1": ["Left IndexFinger", "Left MiddleFinger", "Left RingFinger", "Left LittleFinger"],
    "2": ["Right IndexFinger", "Right MiddleFinger", "Right RingFinger", "Right LittleFinger"],
    "3": ["Left Thumb", "Right Thumb"],
}


@dataclass
class EmulatedDevice:
    device_id: str
    bio_type: str
    sub_ids: list[int]
    serial: str
    model: str


DEFAULT_DEVICES = (
    EmulatedDevice("1", "Finger", [1, 2, 3], "FS0000000001", "SLAP-4X"),
    EmulatedDevice("2", "Iris", [1, 2, 3], "IR0000000002", "IRIS-DUO"),
    EmulatedDevice("3", "Face", [0], "FC0000000003", "FACE-CAM"),
)


@dataclass
class SbiEmulator:
    """Run with ``with SbiEmulator(ca=...) as sbi:``; ``sbi.port`` is where it listens."""

    ca: Identity
    devices: tuple[EmulatedDevice, ...] = DEFAULT_DEVICES
    port: int = 0
    quality: int = 75
    faults: set[str] = field(default_factory=set)
    requests: list[dict[str, Any]] = field(default_factory=list)
    not_registered: set[str] = field(default_factory=set)  # device ids answering error 100

    def __post_init__(self) -> None:
        self.device_identity = _device_identity(self.ca)
        self.rogue = _rogue_identity()
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                pass

            def _body(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                return json.loads(raw or b"{}")

            def _json(self, value: Any) -> None:
                data = json.dumps(value).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_MOSIPDISC(self) -> None:
                wanted = self._body().get("type", "Biometric Device")
                self._json([emulator.discovery_entry(d) for d in emulator.devices if wanted in ("Biometric Device", d.bio_type)])

            def do_MOSIPDINFO(self) -> None:
                self._json([emulator.info_entry(d) for d in emulator.devices])

            def do_RCAPTURE(self) -> None:
                request = self._body()
                emulator.requests.append(request)
                self._json(emulator.capture(request))

            def do_STREAM(self) -> None:
                self._body()
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=--mjpeg")
                self.end_headers()
                try:
                    for index in range(10_000):
                        ok, jpeg = cv2.imencode(".jpg", counter_frame(index))
                        self.wfile.write(b"--mjpeg\r\nContent-Type: image/jpeg\r\n\r\n" + jpeg.tobytes() + b"\r\n")
                        self.wfile.flush()
                        time.sleep(0.05)
                except (BrokenPipeError, ConnectionResetError):
                    return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> SbiEmulator:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(2)

    # answers -------------------------------------------------------------------
    def _signer(self) -> Identity:
        return self.rogue if "untrusted" in self.faults else self.device_identity

    def _sign(self, payload: dict[str, Any]) -> str:
        token = sign_jws(payload, self._signer())
        if "forged" in self.faults:  # a payload swapped after signing
            head, _body, signature = token.split(".")
            token = f"{head}.{b64url(json.dumps({**payload, 'qualityScore': '99'}).encode())}.{signature}"
        return token

    def _now(self) -> str:
        now = dt.datetime.now(dt.UTC) - (dt.timedelta(minutes=10) if "stale" in self.faults else dt.timedelta())
        return now.strftime("%Y-%m-%dT%H:%M:%SZ")

    def digital_id(self, device: EmulatedDevice) -> dict[str, str]:
        return {
            "serialNo": device.serial, "make": "Emulated", "model": device.model, "type": device.bio_type,
            "deviceSubType": "Slap" if device.bio_type == "Finger" else "Double" if device.bio_type == "Iris" else "Full face",
            "deviceProvider": "Station test lab", "deviceProviderId": "TEST-LAB", "dateTime": self._now(),
        }

    def discovery_entry(self, device: EmulatedDevice) -> dict[str, Any]:
        return {
            "deviceId": device.device_id, "deviceStatus": "Ready", "certification": "L0", "serviceVersion": "1.0",
            "deviceSubId": device.sub_ids, "callbackId": f"http://127.0.0.1:{self.port}/",
            "digitalId": b64url(json.dumps(self.digital_id(device)).encode()), "deviceCode": device.serial,
            "specVersion": ["0.9.5"], "purpose": "Registration", "error": {"errorCode": "0", "errorInfo": "Success"},
        }

    def info_entry(self, device: EmulatedDevice) -> dict[str, Any]:
        payload = {
            "specVersion": ["0.9.5"], "env": "Staging", "digitalId": b64url(json.dumps(self.digital_id(device)).encode()),
            "deviceId": device.device_id, "deviceCode": device.serial, "purpose": "Registration",
            "serviceVersion": "1.0", "deviceStatus": "Ready", "firmware": "EMU-1.2.3", "certification": "L0",
            "deviceSubId": device.sub_ids, "callbackId": f"http://127.0.0.1:{self.port}/",
        }
        if "not_registered" in self.faults or device.device_id in self.not_registered:
            return {"deviceInfo": b64url(json.dumps(payload).encode()), "error": {"errorCode": "100", "errorInfo": "Device not registered"}}
        return {"deviceInfo": self._sign(payload), "error": {"errorCode": "0", "errorInfo": "Success"}}

    def image_for(self, bio_type: str, sub_type: str) -> np.ndarray:
        seed = sum(map(ord, sub_type))
        if bio_type == "Finger":
            return _finger(BY_NAME.get(sub_type, FingerPosition.RIGHT_INDEX))
        if bio_type == "Iris":
            yy, xx = np.mgrid[0:480, 0:640]
            radius = np.hypot(xx - 320, yy - 240)
            image = np.where(radius < 60, 20, np.where(radius < 150, 90 + 30 * np.sin(np.arctan2(yy - 240, xx - 320) * 12 + seed), 200))
            return image.astype(np.uint8)
        return _portrait()

    def capture(self, request: dict[str, Any]) -> dict[str, Any]:
        if "busy" in self.faults:
            busy = {"errorCode": "111", "errorInfo": "Device busy"}
            return {"biometrics": [{"specVersion": "0.9.5", "data": "", "hash": "", "error": busy}]}
        bio = request["bio"][0]
        device = next(d for d in self.devices if d.device_id == bio["deviceId"])
        sub_types = list(bio.get("bioSubType") or [])
        if device.bio_type == "Finger" and not sub_types:
            sub_types = [f for f in FINGERS_BY_SLAP[str(bio["deviceSubId"])] if f not in bio.get("exception", [])]
        if device.bio_type == "Face":
            sub_types = [""]
        previous = str(bio.get("previousHash", ""))
        biometrics = []
        for sub_type in sub_types:
            record = iso_record(device.bio_type, self.image_for(device.bio_type, sub_type))
            current = chain_hash(previous, record)
            if "broken_hash" in self.faults:
                current = chain_hash("", record + b"x")
            previous = current
            payload = {
                "digitalId": self._sign(self.digital_id(device)), "deviceCode": device.serial,
                "deviceServiceVersion": "1.0", "bioType": device.bio_type, "bioSubType": sub_type,
                "purpose": "Registration", "env": request.get("env", "Staging"), "bioValue": b64url(record),
                "transactionId": request["transactionId"], "timestamp": self._now(),
                "requestedScore": str(bio.get("requestedScore", "")), "qualityScore": str(self.quality),
            }
            biometrics.append({"specVersion": "0.9.5", "data": self._sign(payload), "hash": current,
                               "error": {"errorCode": "0", "errorInfo": "Success"}})
        return {"biometrics": biometrics}
