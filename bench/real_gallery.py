"""Ten-finger templates of real synthetic prints for the duplicate benchmarks, built in parallel and cached.

Each subject's ten fingers are rendered by ``drivers.fingerprint.synth`` and
extracted with the station's own ``TemplateExtractor`` (NBIS mindtct), as the
save does. Generation is slow (about 0.2 s a finger), so subjects are built in
chunks of 100 across processes and each chunk is cached as the ISO templates
themselves (about 0.5 KB a finger, compressed). A chunk is looked up first in
``bench/data/real_gallery/`` (committed: the default benchmark gallery, so a
fresh machine builds nothing) and then in ``bench/results/real_gallery/``
(gitignored: larger galleries built on this machine). Build or extend with::

    python -m bench.real_gallery --subjects 200 --probed 20
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from app.biometrics.templates import TemplateExtractor
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint

COMMITTED = Path(__file__).with_name("data") / "real_gallery"
CACHE = Path(__file__).with_name("results") / "real_gallery"
CARD = tuple(p for p in FingerPosition if p.is_single_finger)  # all ten fingers, as the save searches
CHUNK = 100
FORMAT = "ten"  # in the chunk file names: chunks of the two-index-finger gallery are not mixed in
GALLERY_FIRST_SUBJECT = 100_000  # enrolled subjects are 100000, 100001, ...
UNSEEN_FIRST_SUBJECT = 700_000  # never enrolled
DEFAULT_SUBJECTS = 200  # the committed gallery (ten fingers each)
DEFAULT_PROBED = 20

# What a probe capture is: (impression, quality). Impression 0 is the enrolled capture.
ENROLLED = (0, "good")
RECAPTURES = {"impression_1": (1, "good"), "impression_2": (2, "good"), "fair": (3, "fair")}

_extractor: TemplateExtractor | None = None


def finger_templates(subject: int, impression: int = 0, quality: str = "good") -> dict[str, bytes]:
    """The ten fingers' ISO templates of one capture; a finger NBIS cannot read is left out."""
    global _extractor  # one extractor per worker process
    if _extractor is None:
        _extractor = TemplateExtractor()
    out = {}
    for position in CARD:
        template = _extractor.extract(synthesize_fingerprint(subject, position, impression=impression, quality=quality))
        if template is not None:
            out[position.slug] = template
    return out


def probed_subjects(real: int, probed: int) -> list[int]:
    """Enrolled subjects the benchmark probes: evenly spread over the real gallery."""
    step = max(1, real // max(probed, 1))
    return [GALLERY_FIRST_SUBJECT + step * i for i in range(min(probed, real))]


def unseen_subjects(probed: int) -> list[int]:
    return list(range(UNSEEN_FIRST_SUBJECT, UNSEEN_FIRST_SUBJECT + probed))


def _capture_job(job: tuple[int, int, str]) -> dict[str, bytes]:
    return finger_templates(*job)


def _chunk_name(tag: str, chunk: list[int], impression: int, quality: str) -> str:
    key = zlib.crc32(repr(chunk).encode())
    return f"{tag}_{FORMAT}_{chunk[0]}_{len(chunk)}_{key:08x}_{impression}_{quality}.npz"


def captures(subjects: Iterable[int], impression: int, quality: str, *, workers: int | None = None,
             tag: str = "gallery") -> list[dict[str, bytes]]:
    """Templates of one capture kind for many subjects, in subject order (cached per chunk of 100)."""
    subjects = list(subjects)
    workers = workers or min(2, os.cpu_count() or 1)
    out: list[dict[str, bytes]] = []
    pool = None
    try:
        for start in range(0, len(subjects), CHUNK):
            chunk = subjects[start:start + CHUNK]
            name = _chunk_name(tag, chunk, impression, quality)
            cached = next((d / name for d in (COMMITTED, CACHE) if (d / name).exists()), None)
            if cached is not None:
                out += _load(cached)
                continue
            if pool is None:
                pool = multiprocessing.get_context("spawn").Pool(workers)
            built = pool.map(_capture_job, [(s, impression, quality) for s in chunk], chunksize=4)
            CACHE.mkdir(parents=True, exist_ok=True)
            _save(CACHE / name, built)
            out += built
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return out


def _save(path: Path, templates: list[dict[str, bytes]]) -> None:
    """One chunk: per finger, the templates end to end and their lengths (0: no template)."""
    columns = {}
    for finger in CARD:
        values = [t.get(finger.slug, b"") for t in templates]
        columns[finger.slug] = np.frombuffer(b"".join(values), dtype=np.uint8)
        columns[finger.slug + "_len"] = np.array([len(v) for v in values], dtype=np.int32)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **columns)
    tmp.replace(path)


def _load(path: Path) -> list[dict[str, bytes]]:
    with np.load(path, allow_pickle=False) as data:
        lengths = {finger.slug: data[finger.slug + "_len"] for finger in CARD}
        rows: list[dict[str, bytes]] = [{} for _ in range(len(lengths[CARD[0].slug]))]
        for finger in CARD:
            blob = data[finger.slug].tobytes()
            offset = 0
            for row, length in zip(rows, lengths[finger.slug], strict=True):
                if length:
                    row[finger.slug] = blob[offset:offset + int(length)]
                offset += int(length)
    return rows


def warm(subjects: int, probed: int) -> None:
    """Build (or top up) the enrolled gallery and every probe capture the benchmark uses."""
    started = time.perf_counter()
    built = captures(range(GALLERY_FIRST_SUBJECT, GALLERY_FIRST_SUBJECT + subjects), *ENROLLED)
    print(f"gallery: {len(built)} subjects, {time.perf_counter() - started:.0f} s", flush=True)
    for name, (impression, quality) in RECAPTURES.items():
        captures(probed_subjects(subjects, probed), impression, quality, tag="enrolled")
        captures(unseen_subjects(probed), impression, quality, tag="unseen")
        print(f"probes {name}: {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the real synthetic-print gallery cache.")
    parser.add_argument("--subjects", type=int, default=DEFAULT_SUBJECTS)
    parser.add_argument("--probed", type=int, default=DEFAULT_PROBED)
    args = parser.parse_args()
    warm(args.subjects, args.probed)


if __name__ == "__main__":
    main()
