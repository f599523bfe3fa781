"""Duplicate check on real synthetic prints, ten fingers: ``python -m bench.bench_duplicates [--enrolments N ...]``.

The gallery is a real station database (SQLite) holding N saved enrolments
with all ten fingers' templates. The first R enrolments are real synthetic
subjects (``bench.real_gallery``: synth → NBIS, the station's extractor; the
default R=200 is committed under bench/data/, so nothing is built). The rest
are made of those prints' real minutiae, never of a subject's own finger in its
own place: enrolment k holds subject k mod R's fingers shifted by 1–9 places
(right thumb's slot holds, say, the left ring finger), turned a little more on
each repeat, so every padding finger is a non-mate with real ridge structure.
With R=200 there are 1,800 distinct padding fingers per slot, so at 20,000
enrolments each appears about eleven times, turned: a harder crowd for the
pre-filter than 20,000 distinct people. Their descriptors are the originals'
(both descriptors ignore turns and shifts), computed once and cached.

Probes are fresh captures (impressions 1 and 2, and a "fair" one) of enrolled
subjects, which must be found, and of never-enrolled subjects, which must not;
all ten fingers are probed, as the save does. Reported per capture kind:
pre-filter recall (the true mate among Bozorth3's candidates), hit rate at the
threshold, false hits, search time for the fused pre-filter (pair histogram +
MCC) and, side by side on the same database, the pre-filter recall of the pair
histogram alone (its Bozorth3 search is the same code, so it is not re-timed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
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
    describe,
    encode_descriptor,
    parse_iso_minutiae,
    write_iso_template,
)
from app.domain.enums import EnrolmentStatus, Sex
from app.storage.db import Database
from app.storage.models import Applicant, BiometricTemplate, Enrolment, new_uuid
from bench import real_gallery
from bench.real_gallery import CARD, GALLERY_FIRST_SUBJECT, RECAPTURES

RESULTS = Path(__file__).with_name("results")
SLUGS = [p.slug for p in CARD]
_descriptors: dict[bytes, bytes] = {}


def descriptor_of(template: bytes) -> bytes:
    """The stored descriptor of a template, cached on disk by the template's digest (MCC costs ~5 ms a finger)."""
    key = hashlib.blake2b(template, digest_size=16).digest()
    if key not in _descriptors:
        _descriptors[key] = encode_descriptor(describe(template))
    return _descriptors[key]


def _load_descriptor_cache(path: Path) -> None:
    if path.exists():
        with np.load(path) as data:
            _descriptors.update(zip((bytes(k) for k in data["keys"]), (bytes(v) for v in data["values"]), strict=True))


def _save_descriptor_cache(path: Path) -> None:
    keys = np.array(list(_descriptors), dtype="S16")
    values = np.array(list(_descriptors.values()), dtype=f"S{max(len(v) for v in _descriptors.values())}")
    np.savez(path, keys=keys, values=values)


def turned(template: bytes, angle: float) -> bytes:
    """The same minutiae turned about the image centre (kept inside the 320×400 image)."""
    minutiae = parse_iso_minutiae(template)
    c, s = np.cos(angle), np.sin(angle)
    x, y = minutiae[:, 0] - 160, minutiae[:, 1] - 200
    out = np.column_stack([np.clip(160 + c * x - s * y, 0, 319), np.clip(200 + s * x + c * y, 0, 399),
                           np.mod(minutiae[:, 2] + angle, 2 * np.pi)])
    return write_iso_template(out.astype(np.float32), 320, 400)


def build_gallery(count: int, real: int) -> tuple[list[dict[str, bytes]], list[dict[str, bytes]]]:
    """``count`` enrolments' templates, and the descriptor each is stored with."""
    subjects = real_gallery.captures(range(GALLERY_FIRST_SUBJECT, GALLERY_FIRST_SUBJECT + real), *real_gallery.ENROLLED)
    gallery = [dict(t) for t in subjects]
    described = [{slug: descriptor_of(data) for slug, data in t.items()} for t in subjects]
    for k in range(count - real):
        subject, shift, repeat = k % real, 1 + (k // real) % 9, k // (9 * real)
        source = subjects[subject]
        templates, descriptors = {}, {}
        for i, slug in enumerate(SLUGS):
            other = SLUGS[(i + shift) % len(SLUGS)]
            if other in source:
                templates[slug] = turned(source[other], 0.08 * repeat) if repeat else source[other]
                descriptors[slug] = descriptor_of(source[other])
        gallery.append(templates)
        described.append(descriptors)
    return gallery, described


def fill_database(db: Database, gallery: list[dict[str, bytes]], described: list[dict[str, bytes]]) -> list[str]:
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
             "prefilter": described[i][slug]}
            for i, templates in enumerate(gallery) for slug, data in templates.items()])
    return uuids


def measure(checker: DuplicateChecker, uuids: list[str], row_owner: dict[int, int], enrolment_of_uuid: dict[str, int],
            probes: dict[str, dict[int, dict[str, bytes]]], *, search: bool = True) -> dict[str, object]:
    """Recall, hit rate, false hits and search times over every probe capture (``search=False``: recall only)."""
    per_capture: dict[str, dict[str, object]] = {}
    timings: list[float] = []
    for capture, by_subject in probes.items():
        fingers = fingers_in = subjects_in = hits = false_hits = searched_unseen = searched_enrolled = 0
        for subject, templates in by_subject.items():
            if not templates or (not search and subject >= real_gallery.UNSEEN_FIRST_SUBJECT):
                continue
            match = None
            if search:
                started = time.perf_counter()
                match = checker.search(templates)
                timings.append(time.perf_counter() - started)
            if subject >= real_gallery.UNSEEN_FIRST_SUBJECT:
                searched_unseen += 1
                false_hits += match is not None
                continue
            searched_enrolled += 1
            uuid = uuids[subject - GALLERY_FIRST_SUBJECT]
            mate = enrolment_of_uuid[uuid]
            found = {slug: any(row_owner[r] == mate for r in rows) for slug, rows in checker.shortlist(templates).items()}
            fingers += len(templates)
            fingers_in += sum(found.values())
            subjects_in += any(found.values())
            hits += match is not None and match.enrolment_uuid == uuid
        per_capture[capture] = {
            "prefilter_recall_people": f"{subjects_in}/{searched_enrolled} = {subjects_in / max(searched_enrolled, 1):.1%}",
            "prefilter_recall_fingers": f"{fingers_in}/{fingers} = {fingers_in / max(fingers, 1):.1%}",
        }
        if search:
            per_capture[capture] |= {
                "hit_rate_at_threshold": f"{hits}/{searched_enrolled} = {hits / max(searched_enrolled, 1):.1%}",
                "false_hits_unseen": f"{false_hits}/{searched_unseen}"}
    if not search:
        return {"per_capture": per_capture}
    return {"per_capture": per_capture,
            "search_per_enrolment_s": {"median": round(statistics.median(timings), 3),
                                       "p95": round(float(np.percentile(timings, 95)), 3),
                                       "max": round(max(timings), 3), "searches": len(timings)}}


def run_size(enrolments: int, real: int, probes: dict[str, dict[int, dict[str, bytes]]],
             settings: DuplicateSettings) -> dict[str, object]:
    """One gallery size: fused and pair-only pre-filters on the same database."""
    started = time.perf_counter()
    gallery, described = build_gallery(enrolments, real)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "duplicates.sqlite3"
    path.unlink(missing_ok=True)
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    uuids = fill_database(db, gallery, described)
    with db.session() as session:
        row_owner = dict(session.execute(select(BiometricTemplate.id, BiometricTemplate.enrolment_id)).all())
        enrolment_of_uuid = dict(session.execute(select(Enrolment.uuid, Enrolment.id)).all())
    fill_s = time.perf_counter() - started
    extractor = TemplateExtractor()
    result: dict[str, object] = {"enrolments": enrolments, "real_synthetic_enrolments": real,
                                 "padding_enrolments": enrolments - real, "fill_s": round(fill_s, 1)}
    for name, cylinders in (("fused_pairs_and_mcc", True), ("pairs_only_before_recall_only", False)):
        checker = DuplicateChecker(db, extractor, settings, cylinders=cylinders)
        started = time.perf_counter()
        result["templates_in_gallery"] = checker.refresh()
        load_s = time.perf_counter() - started
        result[name] = {**measure(checker, uuids, row_owner, enrolment_of_uuid, probes, search=cylinders),
                        "gallery_load_s": round(load_s, 2)}
        del checker
        print(json.dumps({name: result[name]}), flush=True)
    db.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--real", type=int, default=real_gallery.DEFAULT_SUBJECTS,
                        help="how many enrolments are real synthetic subjects (bench.real_gallery builds more)")
    parser.add_argument("--probed", type=int, default=real_gallery.DEFAULT_PROBED,
                        help="enrolled and unseen subjects probed (each)")
    parser.add_argument("--candidates", type=int, default=DuplicateSettings.candidates)
    parser.add_argument("--threshold", type=int, default=DuplicateSettings.threshold)
    args = parser.parse_args()
    real = min(args.real, *args.enrolments)
    cache = RESULTS / "descriptor_cache.npz"
    _load_descriptor_cache(cache)

    started = time.perf_counter()
    enrolled = real_gallery.probed_subjects(real, args.probed)
    unseen = real_gallery.unseen_subjects(args.probed)
    probes = {name: dict(zip(enrolled + unseen, real_gallery.captures(enrolled, impression, quality, tag="enrolled")
                             + real_gallery.captures(unseen, impression, quality, tag="unseen"), strict=True))
              for name, (impression, quality) in RECAPTURES.items()}
    prepare_s = time.perf_counter() - started
    settings = DuplicateSettings(threshold=args.threshold, candidates=args.candidates)
    sizes = [run_size(n, real, probes, settings) for n in args.enrolments]
    RESULTS.mkdir(exist_ok=True)
    _save_descriptor_cache(cache)

    extractor = TemplateExtractor()
    gallery = real_gallery.captures(range(GALLERY_FIRST_SUBJECT, GALLERY_FIRST_SUBJECT + real), *real_gallery.ENROLLED)
    probe = extractor.load(gallery[0]["right_index"])
    sample = [extractor.load(g["right_index"]) for g in gallery[1:201] if "right_index" in g]
    started = time.perf_counter()
    for other in sample:
        probe.compare(other)
    per_compare = (time.perf_counter() - started) / len(sample)
    result = {
        "command": f"python -m bench.bench_duplicates --enrolments {' '.join(map(str, args.enrolments))} --real {real} "
                   f"--probed {args.probed} --candidates {args.candidates} --threshold {args.threshold}",
        "machine": "shared 2-core machine, up to 8 engineers' jobs at once: times are upper bounds",
        "fingers_probed": "all ten, as the save does",
        "candidates_per_finger": args.candidates,
        "threshold": args.threshold,
        "probed_enrolled_subjects": len(enrolled),
        "probed_unseen_subjects": len(unseen),
        "sizes": sizes,
        "bozorth3_per_comparison_ms": round(per_compare * 1000, 3),
        "prepare_s": round(prepare_s, 1),
    }
    (RESULTS / "bench_duplicates.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
