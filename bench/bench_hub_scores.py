"""Where the hub's two scores sit: Bozorth3 scores of true mates and of the closest impostor.

For ``--probed`` re-captured people (impression 1) the best score against their own
enrolled prints, and for ``--unseen`` never-enrolled people the best score against
every one of ``--real`` enrolled people (both index fingers, real synthetic prints from
bench/real_gallery.py's cache). ``adjudicate_score`` should sit above the impostors and
``duplicate_score`` below the mates.

    python -m bench.bench_hub_scores --real 200 --probed 50 --unseen 50
"""

from __future__ import annotations

import argparse
import json
import statistics

from app.biometrics.templates import TemplateExtractor
from bench import real_gallery
from server.processing.pipeline import ProcessingSettings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=int, default=200)
    parser.add_argument("--probed", type=int, default=50)
    parser.add_argument("--unseen", type=int, default=50)
    args = parser.parse_args()
    extractor = TemplateExtractor()
    subjects = list(range(real_gallery.GALLERY_FIRST_SUBJECT, real_gallery.GALLERY_FIRST_SUBJECT + args.real))
    enrolled = [{k: extractor.load(v) for k, v in row.items()}
                for row in real_gallery.captures(subjects, *real_gallery.ENROLLED)]
    probes = real_gallery.captures(subjects[: args.probed], *real_gallery.RECAPTURES["impression_1"])
    unseen = real_gallery.captures(range(real_gallery.UNSEEN_FIRST_SUBJECT, real_gallery.UNSEEN_FIRST_SUBJECT
                                         + args.unseen), *real_gallery.ENROLLED, tag="unseen")
    mates = [max(int(extractor.load(t).compare(enrolled[i][k])) for k, t in p.items() if k in enrolled[i])
             for i, p in enumerate(probes)]
    impostors = [max((int(extractor.load(t).compare(g[k])) for g in enrolled for k, t in p.items() if k in g),
                     default=0) for p in unseen]
    settings = ProcessingSettings()
    print(json.dumps({
        "mates": {"min": min(mates), "median": statistics.median(mates)},
        "closest_impostor": {"max": max(impostors), "median": statistics.median(impostors),
                             "at_or_above_adjudicate": sum(s >= settings.adjudicate_score for s in impostors)},
        "adjudicate_score": settings.adjudicate_score, "duplicate_score": settings.duplicate_score,
        "probed": len(probes), "unseen": len(unseen), "enrolled": len(enrolled)}))


if __name__ == "__main__":
    main()
