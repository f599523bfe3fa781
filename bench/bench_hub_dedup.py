"""The hub's 1:N fingerprint search at campaign scale: 10,000 and 100,000 people.

Each gallery holds ``--real`` people whose index fingers are real synthetic prints
(rendered and extracted with the station's extractor, cached by bench/real_gallery.py)
and random minutiae sets for everyone else. ``--probed`` of the real people are
re-captured (impression 1) and searched as a new packet is: the usearch index gives
``candidates`` records, Bozorth3 verifies two fingers of each. ``--unseen`` people
never enrolled are searched too (false hits). Reports per size: gallery load and
index build, search time per packet (median, p95), recall, false duplicates and
false adjudications.

    python -m bench.bench_hub_dedup --sizes 10000,100000 --real 200 --probed 50 --unseen 50
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from app.biometrics.templates import descriptor_bytes, write_iso_template
from bench import real_gallery
from server.hub import Hub
from server.models import HubPacket, HubStation, HubTemplate
from server.processing.gallery import HubGallery, finger_vector
from server.processing.pipeline import ProcessingSettings

POSITIONS = {"right_index": 2, "left_index": 7}
RESULTS = Path(__file__).with_name("results")


def random_template(rng: np.random.Generator) -> bytes:
    count = int(rng.integers(25, 60))
    minutiae = np.column_stack([rng.uniform(20, 300, count), rng.uniform(20, 380, count),
                                rng.uniform(0, 2 * np.pi, count)]).astype(np.float32)
    return write_iso_template(minutiae, 320, 400)


def build_gallery(hub: Hub, size: int, real: list[dict[str, bytes]], rng: np.random.Generator) -> list[str]:
    """Insert ``size`` processed records; the first ``len(real)`` carry real prints. Returns their packet UUIDs."""
    station_id = str(uuid.uuid4())
    uuids = [str(uuid.uuid4()) for _ in range(size)]
    with hub.session() as session:
        session.add(HubStation(id=station_id, station_code="3573-99", name="bench", site_code="BENCH",
                               public_key="", token_sha256=uuid.uuid4().hex * 2))
    batch = 5000
    for start in range(0, size, batch):
        packets, templates = [], []
        for index in range(start, min(size, start + batch)):
            packets.append({"packet_uuid": uuids[index], "station_id": station_id, "sha256": "0" * 64, "size": 1,
                            "complete": True, "status": "print_ready"})
            prints = real[index] if index < len(real) else {slug: random_template(rng) for slug in POSITIONS}
            for slug, data in prints.items():
                templates.append({"packet_uuid": uuids[index], "position": POSITIONS[slug], "data": data,
                                  "descriptor": descriptor_bytes(data)})
        with hub.engine.begin() as connection:
            connection.execute(insert(HubPacket), packets)
            connection.execute(insert(HubTemplate), templates)
    return uuids


def search(hub: Hub, gallery: HubGallery, probe: dict[str, bytes], settings: ProcessingSettings) -> tuple[float, str | None, int]:
    templates = {POSITIONS[slug]: data for slug, data in probe.items()}
    started = time.perf_counter()
    vectors = {p: finger_vector(None, t) for p, t in templates.items()}
    with hub.session() as session:
        candidates = gallery.nearest(vectors)
        verdicts = gallery.verify(session, templates, candidates, stop_at=settings.duplicate_score,
                                  max_fingers=settings.fingers_per_candidate)
    best = verdicts[0] if verdicts else None
    return time.perf_counter() - started, best.packet_uuid if best else None, best.score if best else 0


def run(size: int, args: argparse.Namespace) -> dict[str, object]:
    settings = ProcessingSettings()
    rng = np.random.default_rng(size)
    subjects = range(real_gallery.GALLERY_FIRST_SUBJECT, real_gallery.GALLERY_FIRST_SUBJECT + args.real)
    enrolled = real_gallery.captures(subjects, *real_gallery.ENROLLED)
    probes = real_gallery.captures(list(subjects)[: args.probed], *real_gallery.RECAPTURES["impression_1"])
    unseen_ids = range(real_gallery.UNSEEN_FIRST_SUBJECT, real_gallery.UNSEEN_FIRST_SUBJECT + args.unseen)
    unseen = real_gallery.captures(unseen_ids, *real_gallery.ENROLLED, tag="unseen")
    with tempfile.TemporaryDirectory() as folder:
        hub = Hub(f"sqlite:///{folder}/hub.sqlite3", Path(folder))
        try:
            uuids = build_gallery(hub, size, enrolled, rng)
            gallery = HubGallery(candidates=settings.candidates)
            started = time.perf_counter()
            with hub.session() as session:
                gallery.refresh(session)
            load_s = time.perf_counter() - started
            times, found = [], 0
            for index, probe in enumerate(probes):
                seconds, best, score = search(hub, gallery, probe, settings)
                times.append(seconds)
                found += best == uuids[index] and score >= settings.duplicate_score
            false_duplicates = false_adjudications = 0
            for probe in unseen:
                seconds, _best, score = search(hub, gallery, probe, settings)
                times.append(seconds)
                false_duplicates += score >= settings.duplicate_score
                false_adjudications += settings.adjudicate_score <= score < settings.duplicate_score
        finally:
            hub.close()
    ordered = sorted(times)
    return {"people": size, "real_prints": args.real, "load_and_index_s": round(load_s, 2),
            "search_median_s": round(statistics.median(ordered), 3),
            "search_p95_s": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
            "recall": f"{found}/{len(probes)}", "false_duplicates": f"{false_duplicates}/{len(unseen)}",
            "false_adjudications": f"{false_adjudications}/{len(unseen)}",
            "candidates": settings.candidates, "fingers_per_candidate": settings.fingers_per_candidate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--real", type=int, default=200)
    parser.add_argument("--probed", type=int, default=50)
    parser.add_argument("--unseen", type=int, default=50)
    args = parser.parse_args()
    rows = [run(int(size), args) for size in args.sizes.split(",")]
    for row in rows:
        print(json.dumps(row))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_hub_dedup.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
