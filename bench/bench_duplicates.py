"""Duplicate search time at 5,000 stored enrolments: ``python -m bench.bench_duplicates [--enrolments N]``.

The gallery is a real station database (SQLite) holding N saved enrolments
with two index-finger templates each. A few are real synthetic-print
templates (``drivers.fingerprint.synth`` → NBIS), the rest are synthetic
minutiae sets with the same minutiae counts, built once and cached under
bench/results/. Probes are fresh impressions of the planted subjects (must
be found) and of unseen subjects (must not be).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from app.biometrics.duplicates import DuplicateChecker, DuplicateSettings
from app.biometrics.templates import (
    ISO_FORMAT,
    TemplateExtractor,
    descriptor_bytes,
    pair_descriptor,
    parse_iso_minutiae,
    write_iso_template,
)
from app.domain.enums import EnrolmentStatus, Sex
from app.storage.db import Database
from app.storage.models import Applicant, BiometricTemplate, Enrolment, new_uuid
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint

RESULTS = Path(__file__).with_name("results")
CARD = (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX)
PLANTED = (101, 102, 103)  # subjects enrolled in the gallery and probed again
UNSEEN = (201, 202)  # subjects never enrolled


def _random_template(rng: np.random.Generator, count: int) -> bytes:
    """Minutiae on a finger-shaped ellipse with directions following a smooth loop-like flow."""
    angle = rng.uniform(0, 2 * np.pi, count)
    radius = np.sqrt(rng.uniform(0, 1, count))
    x = 160 + 130 * radius * np.cos(angle)
    y = 200 + 170 * radius * np.sin(angle)
    core = rng.uniform([120, 140], [200, 240])
    flow = 0.5 * np.arctan2(y - core[1], x - core[0]) + np.pi / 2 + rng.normal(0, 0.2, count)
    direction = np.mod(flow + np.pi * rng.integers(0, 2, count), 2 * np.pi)
    return write_iso_template(np.column_stack([x, y, direction]).astype(np.float32), 320, 400)


def _real_templates(extractor: TemplateExtractor, subject: int, impression: int) -> dict[str, bytes]:
    out = {}
    for position in CARD:
        template = extractor.extract(synthesize_fingerprint(subject, position, impression=impression))
        if template is not None:
            out[position.slug] = template
    return out


def build_gallery(count: int, extractor: TemplateExtractor) -> list[dict[str, bytes]]:
    """``count`` enrolments' index-finger templates (cached in bench/results/)."""
    cache = RESULTS / f"gallery_{count}.npz"
    if cache.exists():
        data = np.load(cache, allow_pickle=False)
        return [{"right_index": bytes(r), "left_index": bytes(l)} for r, l in zip(data["right"], data["left"], strict=True)]
    rng = np.random.default_rng(2026)
    counts = [len(parse_iso_minutiae(t)) for s in range(4) for t in _real_templates(extractor, 300 + s, 0).values()]
    gallery = [{slug: _random_template(rng, int(rng.choice(counts)) + int(rng.integers(-10, 10)))
                for slug in ("right_index", "left_index")} for _ in range(count)]
    RESULTS.mkdir(exist_ok=True)
    width = max(len(t) for g in gallery for t in g.values())
    np.savez(cache, right=np.array([g["right_index"].ljust(width, b"\0") for g in gallery], dtype=f"S{width}"),
             left=np.array([g["left_index"].ljust(width, b"\0") for g in gallery], dtype=f"S{width}"))
    return gallery


def fill_database(db: Database, gallery: list[dict[str, bytes]], planted: dict[int, dict[str, bytes]]) -> dict[int, str]:
    """Saved enrolments with their templates; returns planted subject → enrolment UUID."""
    rng = np.random.default_rng(7)
    slots = {int(i): subject for i, subject in zip(rng.choice(len(gallery), len(planted), replace=False), planted,
                                                   strict=True)}
    uuids: dict[int, str] = {}
    now = dt.datetime.now(dt.UTC)
    with db.session() as session:
        applicants, enrolments, templates = [], [], []
        for i, templates_of in enumerate(gallery):
            subject = slots.get(i)
            if subject is not None:
                templates_of = planted[subject]
            applicants.append({"id": i + 1, "nik": f"3573010101{i:06d}", "name": f"BENCH {i}",
                               "birth_date": dt.date(2008, 1, 1), "sex": Sex.MALE})
            uuid = new_uuid()
            if subject is not None:
                uuids[subject] = uuid
            enrolments.append({"id": i + 1, "uuid": uuid, "applicant_id": i + 1,
                               "status": EnrolmentStatus.BIO_CAPTURED, "captured_at": now})
            templates += [{"enrolment_id": i + 1, "position": slug, "format": ISO_FORMAT, "data": data,
                           "prefilter": descriptor_bytes(data)} for slug, data in templates_of.items()]
        session.execute(insert(Applicant), applicants)
        session.execute(insert(Enrolment), enrolments)
        session.execute(insert(BiometricTemplate), templates)
    return uuids


def prefilter_ranks(db: Database, checker: DuplicateChecker, uuids: dict[int, str],
                    probes: dict[int, dict[str, bytes]]) -> dict[str, int]:
    """Where the pre-filter ranks each planted subject's true mate (1 = first); it must stay within ``candidates``."""
    from sqlalchemy import select

    with db.session() as session:
        ids = {uuid: enrolment_id for enrolment_id, uuid in session.execute(select(Enrolment.id, Enrolment.uuid))}
    ranks = {}
    for subject, uuid in uuids.items():
        for slug, template in probes[subject].items():
            gallery = checker._galleries[slug]  # noqa: SLF001 (benchmark looks inside)
            similarity = gallery.stacked() @ pair_descriptor(parse_iso_minutiae(template))
            row = gallery.enrolment_ids.index(ids[uuid])
            ranks[f"{subject}/{slug}"] = int((similarity > similarity[row]).sum()) + 1
    return ranks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, default=5000)
    parser.add_argument("--candidates", type=int, default=DuplicateSettings.candidates)
    args = parser.parse_args()
    extractor = TemplateExtractor()

    started = time.perf_counter()
    gallery = build_gallery(args.enrolments, extractor)
    planted = {s: _real_templates(extractor, s, 0) for s in PLANTED}
    probes = {s: _real_templates(extractor, s, 1) for s in (*PLANTED, *UNSEEN)}
    prepare_s = time.perf_counter() - started

    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "duplicates.sqlite3"
    path.unlink(missing_ok=True)
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    uuids = fill_database(db, gallery, planted)

    checker = DuplicateChecker(db, extractor, DuplicateSettings(candidates=args.candidates))
    started = time.perf_counter()
    size = checker.refresh()
    load_s = time.perf_counter() - started

    timings, outcomes = [], {}
    for _ in range(3):
        for subject, probe in probes.items():
            started = time.perf_counter()
            match = checker.search(probe)
            timings.append(time.perf_counter() - started)
            outcomes[subject] = None if match is None else (match.enrolment_uuid, match.score)
    ranks = prefilter_ranks(db, checker, uuids, probes)
    found = sum(1 for s in PLANTED if outcomes[s] and outcomes[s][0] == uuids[s])
    false_hits = sum(1 for s in UNSEEN if outcomes[s] is not None)

    # Exhaustive Bozorth3 for comparison, extrapolated from 300 comparisons.
    probe = extractor.load(probes[PLANTED[0]]["right_index"])
    sample = [extractor.load(g["right_index"]) for g in gallery[:300]]
    started = time.perf_counter()
    for other in sample:
        probe.compare(other)
    per_compare = (time.perf_counter() - started) / len(sample)

    result = {
        "enrolments": args.enrolments,
        "templates_in_gallery": size,
        "candidates_per_finger": args.candidates,
        "gallery_load_s": round(load_s, 3),
        "search_per_enrolment_s": {"median": round(statistics.median(timings), 4), "max": round(max(timings), 4)},
        "bozorth3_per_comparison_ms": round(per_compare * 1000, 3),
        "exhaustive_search_per_enrolment_s_estimate": round(per_compare * size, 2),
        "prefilter_rank_of_true_match": ranks,
        "planted_found": f"{found}/{len(PLANTED)}",
        "unseen_false_hits": f"{false_hits}/{len(UNSEEN)}",
        "scores": {str(s): outcomes[s][1] if outcomes[s] else None for s in outcomes},
        "prepare_s": round(prepare_s, 1),
    }
    db.dispose()
    (RESULTS / "bench_duplicates.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
