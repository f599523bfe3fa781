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
import os
import statistics
import time
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

from app.biometrics.duplicates import DuplicateChecker, DuplicateSettings
from app.biometrics.templates import (
    DESCRIPTOR_TAG,
    ISO_FORMAT,
    TemplateExtractor,
    describe,
    encode_descriptor,
    parse_iso_minutiae,
    stored_descriptor,
    write_iso_template,
)
from app.domain.enums import EnrolmentStatus, Sex
from app.storage.db import Database
from app.storage.models import Applicant, BiometricTemplate, Enrolment, new_uuid
from bench import real_gallery
from bench.real_gallery import CARD, GALLERY_FIRST_SUBJECT, RECAPTURES

RESULTS = Path(__file__).with_name("results")
SLUGS = [p.slug for p in CARD]
PROBE_ORDER = ["right_index", "left_index"] + [s for s in SLUGS if s not in ("right_index", "left_index")]
_descriptors: dict[bytes, bytes] = {}


def descriptor_of(template: bytes) -> bytes:
    """The stored descriptor of a template, cached on disk by the template's digest (MCC costs ~5 ms a finger)."""
    key = hashlib.blake2b(template, digest_size=16).digest()
    if key not in _descriptors:
        _descriptors[key] = encode_descriptor(describe(template))
    return _descriptors[key]


def _load_descriptor_cache(path: Path) -> None:
    """Cached descriptors of this release's format only (an older format would be recomputed at every gallery load)."""
    if path.exists():
        with np.load(path) as data:
            if "descriptors" not in data:  # an older cache: NUL-stripped strings, every entry unusable
                return
            _descriptors.update((bytes(k), row.tobytes()) for k, row in zip(data["keys"], data["descriptors"], strict=True)
                                if stored_descriptor(row.tobytes()) is not None)


def _save_descriptor_cache(path: Path) -> None:
    """Keys as 16-byte digests, descriptors as fixed-width byte rows (a NumPy bytes string would drop trailing NULs)."""
    if not _descriptors:
        return
    keys = np.frombuffer(b"".join(_descriptors), dtype=np.uint8).reshape(len(_descriptors), 16)
    descriptors = np.frombuffer(b"".join(_descriptors.values()), dtype=np.uint8).reshape(len(_descriptors), -1)
    partial = path.with_suffix(f".{os.getpid()}.npz")
    np.savez(partial, keys=keys, descriptors=descriptors)
    partial.replace(path)  # two runs at once never leave a half-written cache


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


MODES = {"person_shortlist": True, "finger_shortlist_before": False}  # name -> DuplicateChecker.by_person


def _times(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "p95": round(float(np.percentile(values, 95)), 3),
            "max": round(max(values), 3)}


def measure(checker: DuplicateChecker, uuids: list[str], row_owner: dict[int, int], enrolment_of_uuid: dict[str, int],
            probes: dict[str, dict[int, dict[str, bytes]]], fingers_probed: int | None = None,
            before_probed: int | None = None) -> dict[str, object]:
    """Both shortlists, probe by probe (interleaved, so the machine's load falls on both alike).

    Per mode and capture kind: pre-filter recall (the true mate among the
    templates Bozorth3 scores), hit rate at the threshold, false hits on unseen
    people; per mode: search wall and CPU time. For the person shortlist, the
    true mate's rank among all people by the fused pre-filter. ``fingers_probed``:
    only the first N of ``PROBE_ORDER`` are probed (both index fingers first; None: all ten).
    ``before_probed``: the earlier (slow) shortlist only for the first N enrolled
    and N unseen subjects of each capture kind (None: all).
    """
    counts = {mode: {capture: dict.fromkeys(("fingers", "fingers_in", "people_in", "hits", "false_hits", "enrolled",
                                             "unseen"), 0) for capture in probes} for mode in MODES}
    wall: dict[str, list[float]] = {mode: [] for mode in MODES}
    cpu: dict[str, list[float]] = {mode: [] for mode in MODES}
    comparisons: dict[str, list[int]] = {mode: [] for mode in MODES}
    cpu_by_probe: dict[str, dict[str, list[float]]] = {mode: {"enrolled": [], "unseen": []} for mode in MODES}
    mate_ranks: dict[str, list[int]] = {capture: [] for capture in probes}
    for capture, by_subject in probes.items():
        seen = {True: 0, False: 0}
        for subject, all_templates in by_subject.items():
            templates = {s: all_templates[s] for s in PROBE_ORDER[:fingers_probed] if s in all_templates}
            if not templates:
                continue
            unseen = subject >= real_gallery.UNSEEN_FIRST_SUBJECT
            uuid = None if unseen else uuids[subject - GALLERY_FIRST_SUBJECT]
            seen[unseen] += 1
            for mode, by_person in MODES.items():
                if not by_person and before_probed is not None and seen[unseen] > before_probed:
                    continue
                checker.by_person = by_person
                tally = counts[mode][capture]
                started, started_cpu = time.perf_counter(), time.process_time()
                match = checker.search(templates)
                wall[mode].append(time.perf_counter() - started)
                cpu[mode].append(time.process_time() - started_cpu)
                cpu_by_probe[mode]["unseen" if unseen else "enrolled"].append(cpu[mode][-1])
                chosen = checker.shortlist(templates)
                comparisons[mode].append(sum(len(rows) for rows in chosen.values()))
                if unseen:
                    tally["unseen"] += 1
                    tally["false_hits"] += match is not None
                    continue
                mate = enrolment_of_uuid[uuid]
                found = [any(row_owner[r] == mate for r in rows) for rows in chosen.values()]
                tally["enrolled"] += 1
                tally["fingers"] += len(templates)
                tally["fingers_in"] += sum(found)
                tally["people_in"] += any(found)
                tally["hits"] += match is not None and match.enrolment_uuid == uuid
            if not unseen:
                mate_ranks[capture].append(1 + checker.people_ranking(templates).index(enrolment_of_uuid[uuid]))
    out: dict[str, object] = {}
    for mode in MODES:
        per_capture = {}
        for capture, t in counts[mode].items():
            per_capture[capture] = {
                "prefilter_recall_people": f"{t['people_in']}/{t['enrolled']}",
                "prefilter_recall_fingers": f"{t['fingers_in']}/{t['fingers']}",
                "hit_rate_at_threshold": f"{t['hits']}/{t['enrolled']}",
                "false_hits_unseen": f"{t['false_hits']}/{t['unseen']}"}
        if not wall[mode]:
            continue
        out[mode] = {"per_capture": per_capture, "searches": len(wall[mode]),
                     "search_wall_s": _times(wall[mode]), "search_cpu_s": _times(cpu[mode]),
                     "search_cpu_s_by_probe": {kind: _times(values) for kind, values in cpu_by_probe[mode].items()
                                               if values},
                     "bozorth3_comparisons_per_search": {"median": statistics.median(comparisons[mode]),
                                                         "max": max(comparisons[mode])}}
    out["person_shortlist"]["true_mate_fused_rank"] = {  # type: ignore[index]
        capture: {"worst": max(ranks), "top_1": sum(r == 1 for r in ranks), "of": len(ranks)}
        for capture, ranks in mate_ranks.items() if ranks}
    return out


def cached_database(enrolments: int, real: int) -> tuple[Database, list[str]]:
    """The gallery database of this size, built once and then reused (the file name says what it holds).

    Built under a temporary name and renamed when complete, so a run stopped
    half-way never leaves a gallery that looks finished.
    """
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"duplicates_{enrolments}_{real}_{DESCRIPTOR_TAG.decode()}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(f".{os.getpid()}.partial")
        db = Database(f"sqlite:///{partial}")
        db.upgrade()
        fill_database(db, *build_gallery(enrolments, real))
        db.dispose()
        partial.replace(path)
    db = Database(f"sqlite:///{path}")
    with db.session() as session:
        uuids = list(session.scalars(select(Enrolment.uuid).order_by(Enrolment.id)))
    return db, uuids


def run_size(enrolments: int, real: int, probes: dict[str, dict[int, dict[str, bytes]]],
             settings: DuplicateSettings, fingers_probed: list[int | None],
             before_probed: int | None) -> dict[str, object]:
    """One gallery size: both shortlists on the same database, gallery and probes."""
    started = time.perf_counter()
    db, uuids = cached_database(enrolments, real)
    with db.session() as session:
        row_owner = dict(session.execute(select(BiometricTemplate.id, BiometricTemplate.enrolment_id)).all())
        enrolment_of_uuid = dict(session.execute(select(Enrolment.uuid, Enrolment.id)).all())
    build_s = time.perf_counter() - started
    checker = DuplicateChecker(db, TemplateExtractor(), settings)
    started, started_cpu = time.perf_counter(), time.process_time()
    templates = checker.refresh()
    load = {"wall_s": round(time.perf_counter() - started, 2), "cpu_s": round(time.process_time() - started_cpu, 2)}
    result: dict[str, object] = {"enrolments": enrolments, "real_synthetic_enrolments": real,
                                 "padding_enrolments": enrolments - real, "templates_in_gallery": templates,
                                 "gallery_build_or_open_s": round(build_s, 1), "gallery_load": load}
    for fingers in fingers_probed:
        name = "all_ten_fingers" if fingers is None else f"first_{fingers}_fingers"
        result[name] = measure(checker, uuids, row_owner, enrolment_of_uuid, probes, fingers, before_probed)
        print(json.dumps({"enrolments": enrolments, name: result[name]}), flush=True)
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
    parser.add_argument("--people", type=int, default=DuplicateSettings.people)
    parser.add_argument("--before-probed", type=int, default=5,
                        help="measure the earlier per-finger shortlist on only the first N probed subjects of each kind")
    parser.add_argument("--fingers", type=int, nargs="*", default=[],
                        help="also probe only the first N card fingers (e.g. --fingers 2)")
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
    settings = DuplicateSettings(threshold=args.threshold, candidates=args.candidates, people=args.people)
    fingers_probed: list[int | None] = [None, *args.fingers]
    sizes = [run_size(n, real, probes, settings, fingers_probed, args.before_probed) for n in args.enrolments]
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
                   f"--probed {args.probed} --candidates {args.candidates} --people {args.people} --threshold {args.threshold}"
                   + (f" --fingers {' '.join(map(str, args.fingers))}" if args.fingers else "")
                   + (f" --before-probed {args.before_probed}" if args.before_probed is not None else ""),
        "machine": "shared 2-core machine, other engineers' jobs at once: wall times are upper bounds, see CPU",
        "candidates_per_finger": args.candidates,
        "people_verified_ten_fingers": args.people,
        "threshold": args.threshold,
        "probed_enrolled_subjects": len(enrolled),
        "probed_unseen_subjects": len(unseen),
        "sizes": sizes,
        "bozorth3_per_comparison_ms": round(per_compare * 1000, 3),
        "prepare_s": round(prepare_s, 1),
    }
    (RESULTS / f"bench_duplicates_{'_'.join(map(str, args.enrolments))}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
