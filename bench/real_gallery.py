"""Index-finger templates of real synthetic prints for the duplicate benchmarks, built in parallel and cached.

Each subject's right and left index fingers are rendered by
``drivers.fingerprint.synth`` and extracted with the station's own
``TemplateExtractor`` (NBIS mindtct). Generation is slow (about 0.2 s a
finger), so subjects are built in chunks across processes and every chunk is
cached under bench/results/real_gallery/ (gitignored): reruns and larger
galleries only build what is missing.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from app.biometrics.templates import TemplateExtractor
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint

CACHE = Path(__file__).with_name("results") / "real_gallery"
CARD = (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX)
CHUNK = 100
GALLERY_FIRST_SUBJECT = 100_000  # enrolled subjects are 100000, 100001, ...
UNSEEN_FIRST_SUBJECT = 700_000  # never enrolled

# What a probe capture is: (impression, quality). Impression 0 is the enrolled capture.
ENROLLED = (0, "good")
RECAPTURES = {"impression_1": (1, "good"), "impression_2": (2, "good"), "fair": (3, "fair")}

_extractor: TemplateExtractor | None = None


def finger_templates(subject: int, impression: int = 0, quality: str = "good") -> dict[str, bytes]:
    """Both index fingers' ISO templates of one capture; a finger NBIS cannot read is left out."""
    global _extractor  # one extractor per worker process  # noqa: PLW0603
    if _extractor is None:
        _extractor = TemplateExtractor()
    out = {}
    for position in CARD:
        template = _extractor.extract(synthesize_fingerprint(subject, position, impression=impression, quality=quality))
        if template is not None:
            out[position.slug] = template
    return out


def _capture_job(job: tuple[int, int, str]) -> dict[str, bytes]:
    return finger_templates(*job)


def captures(subjects: Iterable[int], impression: int, quality: str, *, workers: int | None = None,
             tag: str = "gallery") -> list[dict[str, bytes]]:
    """Templates of one capture kind for many subjects, in subject order (cached per chunk of 100)."""
    subjects = list(subjects)
    workers = workers or min(2, os.cpu_count() or 1)
    CACHE.mkdir(parents=True, exist_ok=True)
    out: list[dict[str, bytes]] = []
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for start in range(0, len(subjects), CHUNK):
            chunk = subjects[start:start + CHUNK]
            key = zlib.crc32(repr(chunk).encode())
            path = CACHE / f"{tag}_{chunk[0]}_{len(chunk)}_{key:08x}_{impression}_{quality}.npz"
            if path.exists():
                out += _load(path)
                continue
            built = pool.map(_capture_job, [(s, impression, quality) for s in chunk], chunksize=4)
            _save(path, built)
            out += built
    return out


def _save(path: Path, templates: list[dict[str, bytes]]) -> None:
    columns = {}
    for finger in CARD:
        values = [t.get(finger.slug, b"") for t in templates]
        width = max(1, *(len(v) for v in values))
        columns[finger.slug] = np.array([v.ljust(width, b"\0") for v in values], dtype=f"S{width}")
        columns[finger.slug + "_len"] = np.array([len(v) for v in values], dtype=np.int32)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, **columns)
    tmp.replace(path)


def _load(path: Path) -> list[dict[str, bytes]]:
    data = np.load(path, allow_pickle=False)
    rows: list[dict[str, bytes]] = [{} for _ in range(len(data[CARD[0].slug]))]
    for finger in CARD:
        for row, raw, length in zip(rows, data[finger.slug], data[finger.slug + "_len"], strict=True):
            if length:
                row[finger.slug] = bytes(raw).ljust(int(length), b"\0")[: int(length)]  # numpy drops trailing NULs
    return rows


def main() -> None:
    """Warm the cache: ``python -m bench.real_gallery N`` builds N gallery subjects' enrolled captures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    started = time.perf_counter()
    built = captures(range(GALLERY_FIRST_SUBJECT, GALLERY_FIRST_SUBJECT + count), *ENROLLED)
    print(f"{len(built)} subjects in {time.perf_counter() - started:.0f} s")

if __name__ == "__main__":
    main()
