"""``station quality face|finger|iris IMAGE``: run a quality gate on an image file.

Every check is printed with its measured value, its limit, pass/fail and, when
it failed, what to do (Bahasa Indonesia and English). Exit 0 when the image
passes, 1 when it does not, 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.quality.face import assess_face
from app.quality.finger import assess_finger
from app.quality.image_files import read_image
from app.quality.iris import assess_iris
from app.quality.labels import check_label
from app.quality.report import QualityReport
from app.quality.settings import QualitySettings
from drivers.fingerprint.base import FingerPosition
from ui.cli.commands._args import iso_date
from ui.cli.context import CommandContext
from ui.cli.output import print_json

MODALITY_LABELS = {"face": ("Wajah", "Face"), "finger": ("Sidik jari", "Fingerprint"), "iris": ("Iris", "Iris")}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("quality", help="periksa mutu gambar / check an image's quality")
    kinds = parser.add_subparsers(dest="quality_kind", required=True)

    face = kinds.add_parser("face", help="foto wajah / face photo")
    face.add_argument("image", type=Path, help="berkas gambar / image file")
    face.add_argument("--birth-date", type=iso_date, default=None,
                      help="tanggal lahir untuk warna latar / birth date for the backdrop colour (YYYY-MM-DD)")
    face.add_argument("--foreign", action="store_true", help="warga negara asing: latar oranye / foreign resident: orange")
    face.set_defaults(func=run_face)

    finger = kinds.add_parser("finger", help="sidik jari / fingerprint")
    finger.add_argument("image", type=Path, help="berkas gambar (PNG, WSQ, ...) / image file (PNG, WSQ, ...)")
    finger.add_argument("--position", type=_finger_position, default=FingerPosition.RIGHT_INDEX,
                        help="posisi jari / finger position, e.g. right_index or 2 (default right_index)")
    finger.add_argument("--ppi", type=int, default=500, help="resolusi gambar / image resolution (default 500)")
    finger.set_defaults(func=run_finger)

    iris = kinds.add_parser("iris", help="iris mata / iris")
    iris.add_argument("image", type=Path, help="berkas gambar / image file")
    iris.set_defaults(func=run_iris)

    for sub in (face, finger, iris):
        sub.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")


def run_face(context: CommandContext) -> int:
    args = context.args
    image = read_image(args.image)
    report = assess_face(image, birth_date=args.birth_date, citizenship="WNA" if args.foreign else "WNI",
                         settings=_settings(context))
    return _emit(context, report)


def run_finger(context: CommandContext) -> int:
    args = context.args
    report = assess_finger(read_image(args.image, grey=True), args.position, _settings(context), ppi=args.ppi)
    return _emit(context, report, position=args.position.slug)


def run_iris(context: CommandContext) -> int:
    report = assess_iris(read_image(context.args.image, grey=True), _settings(context))
    return _emit(context, report)


def _settings(context: CommandContext) -> QualitySettings:
    return QualitySettings.from_config(context.config)


def _finger_position(text: str) -> FingerPosition:
    try:
        return FingerPosition.parse(text)
    except (KeyError, ValueError):
        names = ", ".join(p.slug for p in FingerPosition)
        raise argparse.ArgumentTypeError(f"posisi jari tidak dikenal / unknown finger position {text!r} ({names})") from None


def _emit(context: CommandContext, report: QualityReport, **extra: Any) -> int:
    if context.args.json:
        print_json({"ok": True, "image": str(context.args.image), **extra, **report.to_dict()})
    else:
        _print_text(context.args.image, report)
    return 0 if report.passed else 1


def _print_text(image: Path, report: QualityReport) -> None:
    modality_id, modality_en = MODALITY_LABELS.get(report.modality.value, (report.modality.value,) * 2)
    verdict = "LULUS / PASSED" if report.passed else "TIDAK LULUS / FAILED"
    print(f"{modality_id} / {modality_en}: {image}")
    print(f"Hasil / Result: {verdict} — skor / score {report.score}")
    for check in report.checks:
        label = check_label(check.name)
        mark = "OK   " if check.passed else "GAGAL"
        print(f"  [{mark}] {label.id} / {label.en}: {_text(check.value)} (batas / limit {_text(check.threshold)})")
        if not check.passed:
            print(f"          → {check.guidance_id}")
            print(f"          → {check.guidance_en}")


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return "–".join(_text(v) for v in value)
    if value is None:
        return "—"
    return str(value)
