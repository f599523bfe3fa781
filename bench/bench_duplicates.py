"""Duplicate check on realistic prints: ``python -m bench.bench_duplicates [--enrolments N] [--real R]``.

The gallery is a real station database (SQLite) holding N saved enrolments
with both index-finger templates. The first R are templates of real synthetic
prints (``bench.real_gallery``: synth → NBIS, the station's extractor, cached
under bench/results/); only the rest are random minutiae sets with real
minutiae counts. Probes are fresh captures (impressions 1 and 2, and a "fair"
one) of enrolled subjects, which must be found, and of never-enrolled
subjects, which must not. Reported: pre-filter recall (the true mate among
the candidates), end-to-end hit rate at the threshold, false hits, search time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

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
from bench import real_gallery
from bench.real_gallery import GALLERY_FIRST_SUBJECT, RECAPTURES, UNSEEN_FIRST_SUBJECT

RESULTS = Path(__file__).with_name("results")


def random_template(rng: np.random.Generator, count: int) -> bytes:
    """Minutiae on a finger-shaped ellipse with directions following a smooth loop-like flow (padding only)."""
    angle = rng.uniform(0, 2 * np.pi, count)
    radius = np.sqrt(rng.uniform(0, 1, count))
    x = 160 + 130 * radius * np.cos(angle)
    y = 200 + 170 * radius * np.sin(angle)
    core = rng.uniform([120, 140], [200, 240])
    flow = 0.5 * np.arctan2(y - core[1], x - core[0]) + np.pi / 2 + rng.normal(0, 0.2, count)
    direction = np.mod(flow + np.pi * rng.integers(0, 2, count), 2 * np.pi)
    return write_iso_template(np.column_stack([x, y, direction]).astype(np.float32), 320, 400)


def build_gallery(count: int, real: int) -> list[dict[str, bytes]]:
    """``count`` enrolments: ``real`` real synthetic subjects, then random padding with real minutiae counts."""
    gallery = real_gallery.captures(range(GALLERY_FIRST_SUBJECT, GALLERY_FIRST_SUBJECT + real), *real_gallery.ENROLLED)
    counts = [len(parse_iso_minutiae(t)) for g in gallery[:200] for t in g.values()] or [80]
    rng = np.random.default_rng(2026)
    gallery += [{slug: random_template(rng, int(rng.choice(counts))) for slug in ("right_index", "left_index")}
                for _ in range(count - real)]
    return gallery


def fill_database(db: Database, gallery: list[dict[str, bytes]]) -> list[str]:
    """Saved enrolments with their templates, in gallery order; returns their UUIDs."""
    uuids = [new_uuid() for _ in gallery]
    now = dt.datetime.now(dt.UTC)
    with db.session() as session:
        session.execute(insert(Applicant), [
            {"id": i + 1, "nik": f"3573010101{i:06d}", "name": f"BENCH {i}", "birth_date": dt.date(2008, 1, 1),
             "sex": Sex.MALE} for i in range(len(gallery))])
        session.execute(insert(Enrolment), [
            {"id": i + 1, "uuid": uuid, "applicant_id": i + 1, "status": EnrolmentStatus.BIO_CAPTURED,
             "captured_at": now} for i, uuid in enumerate(uuids)])
        session.execute(insert(BiometricTemplate), [
            {"enrolment_id": i + 1, "position": slug, "format": ISO_FORMAT, "data": data,
             "prefilter": descriptor_bytes(data)}
            for i, templates in enumerate(gallery) for slug, data in templates.items()])
    return uuids


def legacy_rank(checker: DuplicateChecker, slug: str, template: bytes, mate: int) -> int:
    """The true mate's rank under the first pre-filter (raw descriptors, this finger alone), for comparison."""
    gallery = checker._galleries[slug]  # noqa: SLF001 (the benchmark looks inside)
    similarity = np.vstack(gallery.descriptors) @ pair_descriptor(parse_iso_minutiae(template))
    rows = [i for i, owner in enumerate(gallery.enrolment_ids) if owner == mate]
    return int((similarity > similarity[rows].max()).sum()) + 1 if rows else len(similarity) + 1


def measure(checker: DuplicateChecker, db: Database, uuids: list[str], enrolled: list[int],
            probes: dict[str, dict[int, dict[str, bytes]]]) -> dict[str, object]:
    """Recall, hit rate, false hits and search times over every probe capture."""
    with db.session() as session:
        row_owner = dict(session.execute(select(BiometricTemplate.id, BiometricTemplate.enrolment_id)).all())
        enrolment_of_uuid = dict(session.execute(select(Enrolment.uuid, Enrolment.id)).all())
    per_capture: dict[str, dict[str, object]] = {}
    k = checker.settings.candidates
    timings: list[float] = []
    for capture, by_subject in probes.items():
        fingers = fingers_in = subjects_in = hits = false_hits = searched_unseen = searched_enrolled = 0
        scores: list[int] = []
        legacy_ranks: list[int] = []
        for subject, templates in by_subject.items():
            if not templates:
                continue
            started = time.perf_counter()
            match = checker.search(templates)
            timings.append(time.perf_counter() - started)
            if subject >= UNSEEN_FIRST_SUBJECT:
                searched_unseen += 1
                false_hits += match is not None
                continue
            searched_enrolled += 1
            mate = enrolment_of_uuid[uuids[subject - GALLERY_FIRST_SUBJECT]]
            found = {slug: any(row_owner[r] == mate for r in rows) for slug, rows in checker.shortlist(templates).items()}
            legacy_ranks += [legacy_rank(checker, slug, template, mate) for slug, template in templates.items()]
            fingers += len(templates)
            fingers_in += sum(found.values())
            subjects_in += any(found.values())
            hit = match is not None and match.enrolment_uuid == uuids[subject - GALLERY_FIRST_SUBJECT]
            hits += hit
            if hit:
                scores.append(match.score)
        per_capture[capture] = {
            "prefilter_recall_fingers": f"{fingers_in}/{fingers} = {fingers_in / max(fingers, 1):.1%}",
            "prefilter_recall_subjects_either_finger": f"{subjects_in}/{searched_enrolled}",
            "hit_rate_at_threshold": f"{hits}/{searched_enrolled} = {hits / max(searched_enrolled, 1):.1%}",
            "median_hit_score": statistics.median(scores) if scores else None,
            "legacy_prefilter_recall_fingers": f"{sum(r <= k for r in legacy_ranks)}/{len(legacy_ranks)}"
                                               f" = {sum(r <= k for r in legacy_ranks) / max(len(legacy_ranks), 1):.1%}",
            "legacy_median_rank": statistics.median(legacy_ranks) if legacy_ranks else None,
            "false_hits_unseen": f"{false_hits}/{searched_unseen}",
        }
    return {"per_capture": per_capture,
            "search_per_enrolment_s": {"median": round(statistics.median(timings), 3),
                                       "p95": round(float(np.percentile(timings, 95)), 3),
                                       "max": round(max(timings), 3), "searches": len(timings)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, default=5000)
    parser.add_argument("--real", type=int, default=2500, help="how many enrolments are real synthetic prints")
    parser.add_argument("--probed", type=int, default=50, help="enrolled and unseen subjects probed (each)")
    parser.add_argument("--candidates", type=int, default=DuplicateSettings.candidates)
    parser.add_argument("--threshold", type=int, default=DuplicateSettings.threshold)
    args = parser.parse_args()
    real = min(args.real, args.enrolments)

    started = time.perf_counter()
    gallery = build_gallery(args.enrolments, real)
    enrolled = [GALLERY_FIRST_SUBJECT + 50 * i for i in range(args.probed)]  # every 50th: probe captures cache once
    unseen = list(range(UNSEEN_FIRST_SUBJECT, UNSEEN_FIRST_SUBJECT + args.probed))
    probes = {name: dict(zip(enrolled + unseen, real_gallery.captures(enrolled, impression, quality, tag="enrolled")
                             + real_gallery.captures(unseen, impression, quality, tag="unseen"), strict=True))
              for name, (impression, quality) in RECAPTURES.items()}
    enrolled = [s for s in enrolled if s < GALLERY_FIRST_SUBJECT + real]
    probes = {name: {s: t for s, t in by.items() if s in enrolled or s >= UNSEEN_FIRST_SUBJECT}
              for name, by in probes.items()}
    prepare_s = time.perf_counter() - started

    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "duplicates.sqlite3"
    path.unlink(missing_ok=True)
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    uuids = fill_database(db, gallery)
    extractor = TemplateExtractor()
    checker = DuplicateChecker(db, extractor, DuplicateSettings(threshold=args.threshold, candidates=args.candidates))
    started = time.perf_counter()
    size = checker.refresh()
    load_s = time.perf_counter() - started
    measured = measure(checker, db, uuids, enrolled, probes)

    probe = extractor.load(gallery[0]["right_index"])
    sample = [extractor.load(g["right_index"]) for g in gallery[1:301] if "right_index" in g]
    started = time.perf_counter()
    for other in sample:
        probe.compare(other)
    per_compare = (time.perf_counter() - started) / len(sample)

    result = {
        "command": f"python -m bench.bench_duplicates --enrolments {args.enrolments} --real {real} "
                   f"--probed {args.probed} --candidates {args.candidates} --threshold {args.threshold}",
        "enrolments": args.enrolments,
        "real_synthetic_enrolments": real,
        "random_padding_enrolments": args.enrolments - real,
        "templates_in_gallery": size,
        "candidates_per_finger": args.candidates,
        "threshold": args.threshold,
        "probed_enrolled_subjects": len(enrolled),
        "probed_unseen_subjects": len(unseen),
        **measured,
        "gallery_load_s": round(load_s, 3),
        "bozorth3_per_comparison_ms": round(per_compare * 1000, 3),
        "exhaustive_search_per_enrolment_s_estimate": round(per_compare * size, 1),
        "prepare_s": round(prepare_s, 1),
    }
    db.dispose()
    (RESULTS / "bench_duplicates.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
