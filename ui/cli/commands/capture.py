"""``station capture signature|finger|face``: one capture from the configured device, for set-up and field checks.

The backend comes from ``[devices.<family>]`` of the configuration (``--config``),
so the same command checks a simulator, a serial pad, a fingerprint module or
an SBI service. Signature points print as they arrive; images go to ``--out``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any, cast

import cv2
import numpy as np

from app.errors import InputError
from app.storage.atomic import atomic_write_bytes
from drivers.base import Device
from drivers.camera.base import Camera
from drivers.fingerprint.base import FingerPosition, FingerprintScanner
from drivers.registry import create_device
from drivers.signature.base import SignaturePad
from ui.cli.context import CommandContext
from ui.cli.output import print_json, streams_json_lines


def finger_position(text: str) -> FingerPosition:
    """A finger name (``right_index``) or code (``2``) for argparse ``type=``."""
    try:
        return FingerPosition.parse(text)
    except (KeyError, ValueError):
        names = ", ".join(p.slug for p in FingerPosition if p.is_single_finger)
        raise argparse.ArgumentTypeError(f"posisi jari tidak dikenal / unknown finger position {text!r} ({names})") from None


def _common(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: when absent here, the top-level ``station --config FILE`` still counts.
    parser.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="berkas konfigurasi / configuration file (TOML)")
    parser.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("capture", help="ambil satu rekaman dari perangkat / one capture from a device")
    kinds = parser.add_subparsers(dest="capture_kind", required=True)

    signature = kinds.add_parser("signature", help="titik pena dari pad tanda tangan / pen points from the signature pad")
    _common(signature)
    signature.add_argument("--seconds", type=float, default=5.0, help="lama merekam / how long to record (s)")
    signature.set_defaults(func=run_signature)
    streams_json_lines(signature)

    finger = kinds.add_parser("finger", help="satu sidik jari ke PNG / one fingerprint to a PNG")
    _common(finger)
    finger.add_argument("--position", type=finger_position, required=True, help="mis. / e.g. right_index")
    finger.add_argument("--out", type=Path, required=True, help="berkas PNG / PNG file")
    finger.add_argument("--timeout", type=float, default=10.0, help="tunggu jari / wait for the finger (s)")
    finger.set_defaults(func=run_finger)

    face = kinds.add_parser("face", help="satu foto wajah ke JPEG / one face photo to a JPEG")
    _common(face)
    face.add_argument("--out", type=Path, required=True, help="berkas JPEG / JPEG file")
    face.add_argument("--timeout", type=float, default=10.0, help="batas waktu / timeout (s)")
    face.set_defaults(func=run_face)


def _device(context: CommandContext, family: str) -> Device:
    return create_device(family, context.config.devices.get(family, {}))


def _write_image(path: Path, pixels: np.ndarray, extension: str) -> int:
    ok, encoded = cv2.imencode(extension, pixels)
    if not ok:
        raise InputError(f"Gambar tidak dapat dikodekan ke {extension}.", f"Cannot encode the image as {extension}.")
    atomic_write_bytes(path, encoded.tobytes())
    return len(encoded)


def _emit(line: dict[str, Any]) -> None:
    print_json(line, compact=True)


def run_signature(context: CommandContext) -> int:
    args = context.args
    if args.seconds <= 0:
        raise InputError("--seconds harus lebih dari 0.", "--seconds must be more than 0.")
    pad = cast(SignaturePad, _device(context, "signature"))
    count = 0
    with pad:
        info, ranges = pad.info(), pad.ranges()
        if args.json:
            _emit({"device": info.to_dict(), "ranges": vars(ranges)})
        else:
            print(f"{info.vendor} {info.model} ({info.backend}, {info.transport}); "
                  f"x 0–{ranges.x_max}, y 0–{ranges.y_max}, tekanan/pressure 0–{ranges.pressure_max}")
        pad.start()
        deadline = time.monotonic() + args.seconds
        try:
            while time.monotonic() < deadline:
                for point in pad.read_points():
                    count += 1
                    if args.json:
                        _emit({k: point.to_dict()[k] for k in ("x", "y", "pressure", "tip", "proximity", "t")})
                    else:
                        print(f"{point.x:6d} {point.y:6d} p={point.pressure:4d} "
                              f"{'tip' if point.tip else '   '} {'prox' if point.proximity else ''}")
                time.sleep(0.02)
        finally:
            pad.stop()
    if not args.json:
        print(f"{count} titik / points in {args.seconds:g} s")
    return 0


def run_finger(context: CommandContext) -> int:
    args = context.args
    scanner = cast(FingerprintScanner, _device(context, "fingerprint"))
    with scanner:
        info = scanner.info()
        image = scanner.capture_finger(args.position, timeout=args.timeout)
    size = _write_image(args.out, image.pixels, ".png")
    result = {
        "ok": True, "out": str(args.out), "bytes": size, "position": image.position.slug,
        "width": image.size[0], "height": image.size[1], "ppi": image.ppi,
        "device_quality": image.device_quality, "device": info.to_dict(),
    }
    if args.json:
        print_json(result)
    else:
        print(f"{args.out}: {image.position.slug} {image.size[0]}x{image.size[1]} @ {image.ppi} ppi "
              f"— {info.vendor} {info.model} ({info.backend})")
    return 0


def run_face(context: CommandContext) -> int:
    args = context.args
    camera = cast(Camera, _device(context, "camera"))
    with camera:
        info = camera.info()
        frame = camera.capture_still(timeout=args.timeout)
    size = _write_image(args.out, frame.image, ".jpg")
    result = {
        "ok": True, "out": str(args.out), "bytes": size, "width": frame.size[0], "height": frame.size[1],
        "device": info.to_dict(),
    }
    if args.json:
        print_json(result)
    else:
        print(f"{args.out}: {frame.size[0]}x{frame.size[1]} — {info.vendor} {info.model} ({info.backend})")
    return 0
