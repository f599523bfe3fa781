"""What each packet encoder setting costs in biometric value: ``python -m bench.bench_encoders [--samples N]``.

Fingers: NFIQ 2 of the WSQ-decoded print against the original (wsq 0.9 has one
rate). Face: the face gate on the decoded token image at each JPEG quality,
against the gate on the original token (every check's verdict the same, score
within the tolerance). Iris: the iris score on the decoded
JPEG 2000 at each compression ratio, against the original. Samples are
synthetic (drivers.fingerprint.synth, app.quality.samples). The chosen settings
(app/records/encoding.py) are marked; the tolerances are the ones beside them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import cv2
import numpy as np

from app.quality.face import assess_face
from app.quality.face_token import make_token_image
from app.quality.finger import assess_finger
from app.quality.iris import assess_iris
from app.quality.samples import compose_portrait, synthetic_eye
from app.records import encoding
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint

RESULTS = Path(__file__).with_name("results")
FACE_QUALITIES = (92, 90, 85, 80, 75, 70, 60)
IRIS_RATIOS = (10, 12, 15, 20, 25, 30)


def finger_samples(count: int) -> list[tuple[np.ndarray, FingerPosition]]:
    positions = [p for p in FingerPosition if p.is_single_finger]
    return [(synthesize_fingerprint(900 + i, positions[i % 10], quality=("good", "fair")[i % 2]), positions[i % 10])
            for i in range(count)]


def face_samples(count: int) -> list[np.ndarray]:
    """Token images (the stored kind) of synthetic portraits on the backdrops the station expects."""
    tokens = []
    for i in range(count):
        frame = compose_portrait(("red", "blue")[i % 2], (1280, 720), shift=(8 * (i % 3) - 8, 0), seed=i)
        report = assess_face(frame)
        tokens.append(make_token_image(frame, report))
    return tokens


def eye_samples(count: int) -> list[np.ndarray]:
    return [synthetic_eye(iris_radius=100 + 5 * (i % 4), pupil_radius=35 + 3 * (i % 3), seed=10 + i)
            for i in range(count)]


def fingers(samples: list[tuple[np.ndarray, FingerPosition]]) -> dict[str, object]:
    drops, sizes = [], []
    for pixels, position in samples:
        original = assess_finger(pixels, position).score or 0
        data = encoding.encode_wsq(pixels)
        decoded = assess_finger(encoding.decode_wsq(data), position).score or 0
        drops.append(original - decoded)
        sizes.append(len(data))
    return {"setting": "wsq 0.9 fixed rate", "bytes_per_print_median": int(statistics.median(sizes)),
            "nfiq2_drop_mean": round(statistics.mean(drops), 2), "nfiq2_drop_max": max(drops),
            "nfiq2_gain_max": -min(drops), "prints": len(drops)}


def faces(tokens: list[np.ndarray]) -> list[dict[str, object]]:
    originals = [assess_face(token) for token in tokens]
    rows = []
    for quality in FACE_QUALITIES:
        drops, sizes, passed = [], [], 0
        for token, original in zip(tokens, originals, strict=True):
            lossless = cv2.imencode(".png", token)[1].tobytes()
            data = encoding.encode_face_jpeg(lossless, quality)
            report = assess_face(encoding.decode_image(data, "RGB"))
            drops.append((original.score or 0) - (report.score or 0))
            sizes.append(len(data))
            passed += [(c.name, c.passed) for c in report.checks] == [(c.name, c.passed) for c in original.checks]
        within = passed == len(tokens) and max(drops) <= encoding.FACE_SCORE_TOLERANCE
        rows.append({"jpeg_quality": quality, "bytes_median": int(statistics.median(sizes)),
                     "score_drop_max": round(max(drops), 2), "same_verdict": f"{passed}/{len(tokens)}",
                     "within": within, "chosen": quality == encoding.FACE_JPEG_QUALITY})
    return rows


def irises(eyes: list[np.ndarray]) -> list[dict[str, object]]:
    originals = [assess_iris(eye) for eye in eyes]
    rows = []
    for ratio in IRIS_RATIOS:
        drops, sizes, passed = [], [], 0
        for eye, original in zip(eyes, originals, strict=True):
            data = encoding.encode_iris(cv2.imencode(".png", eye)[1].tobytes(), ratio)
            report = assess_iris(encoding.decode_image(data, "L"))
            drops.append((original.score or 0) - (report.score or 0))
            sizes.append(len(data))
            passed += report.passed == original.passed
        within = passed == len(eyes) and max(drops) <= encoding.IRIS_SCORE_TOLERANCE
        rows.append({"jpeg2000_ratio": ratio, "bytes_median": int(statistics.median(sizes)),
                     "score_drop_max": round(max(drops), 2), "same_verdict": f"{passed}/{len(eyes)}",
                     "within": within, "chosen": ratio == encoding.IRIS_COMPRESSION_RATIO})
    return rows


def _table(rows: list[dict[str, object]]) -> str:
    keys = list(rows[0])
    lines = [" | ".join(keys), " | ".join("---" for _ in keys)]
    lines += [" | ".join(str(row[k]) for k in keys) for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=6, help="samples per modality")
    args = parser.parse_args()
    started = time.perf_counter()
    result = {
        "command": f"python -m bench.bench_encoders --samples {args.samples}",
        "fingers_wsq": fingers(finger_samples(args.samples)),
        "face_jpeg": faces(face_samples(args.samples)),
        "iris_jpeg2000": irises(eye_samples(args.samples)),
    }
    result["run_s"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_encoders.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result["fingers_wsq"], indent=2))
    print("\nface token JPEG\n" + _table(result["face_jpeg"]))
    print("\niris JPEG 2000\n" + _table(result["iris_jpeg2000"]))


if __name__ == "__main__":
    main()
