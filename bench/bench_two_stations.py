"""Two stations record overlapping synthetic people; how many repeats does the hub's processing flag?

Station A records people 0..N-1, station B people N-OVERLAP..2N-OVERLAP-1 (simulated
devices, real records), both send to one processing hub on 127.0.0.1 (SQLite,
in-process worker). Every person recorded at both stations should come out as a
duplicate (flagged); any other record flagged is a false hit.

    python -m bench.bench_two_stations --people 10 --overlap 5
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from app.config import from_mapping
from app.domain.enums import CentralStatus
from app.paths import StationPaths
from app.services.demo import run_demo
from app.storage.models import Enrolment, OutboxEntry
from server.keys import init_hub_key
from server.local import LocalHub
from server.models import HubPacket
from server.processing.pipeline import PacketProcessor
from tests.support.station import unlocked_station

FIRST = 40_000
RESULTS = Path(__file__).with_name("results")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--overlap", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        data = root / "hub"
        init_hub_key(data)
        with LocalHub(f"sqlite:///{root / 'hub.sqlite3'}", data, processing=True) as local:
            assert local.hub is not None
            subjects: dict[str, int] = {}  # packet -> synthetic person
            for number, first in ((1, FIRST), (2, FIRST + args.people - args.overlap)):
                paths = StationPaths(root / f"s{number}" / "config", root / f"s{number}" / "data", root / f"s{number}" / "logs")
                paths.ensure()
                config = from_mapping({"station": {"station_number": number}, "sync": {"require_approval": False}}, paths)
                station = unlocked_station(config)
                try:
                    station.sync.register(local.url, local.hub.invite(f"SMA-{number}"))
                    results = run_demo(station, args.people, first_subject=first)
                    station.sync.sync_now(pull=False)
                    with station.db.session() as session:
                        for result in results:
                            packet = session.scalars(select(OutboxEntry.packet_uuid).join(Enrolment)
                                                     .where(Enrolment.uuid == result.uuid)).one()
                            subjects[packet] = result.subject_id
                finally:
                    station.close()
            deadline = time.monotonic() + 600
            while PacketProcessor(local.hub).pending() and time.monotonic() < deadline:
                time.sleep(0.5)
            with local.hub.session() as session:
                status = {p.packet_uuid: p.status for p in session.scalars(select(HubPacket))}
    seen: dict[int, int] = {}
    for subject in subjects.values():
        seen[subject] = seen.get(subject, 0) + 1
    repeats = [p for p, s in subjects.items() if seen[s] > 1]
    flagged = {p for p, s in status.items() if s in (CentralStatus.DUPLICATE.value, CentralStatus.ADJUDICATION.value)}
    people_repeated = sum(1 for count in seen.values() if count > 1)
    caught = sum(1 for s in {subjects[p] for p in repeats} if any(subjects[p] == s and p in flagged for p in repeats))
    row = {"records": len(subjects), "people_recorded_twice": people_repeated, "flagged": caught,
           "missed": people_repeated - caught, "false_hits": len(flagged - set(repeats)),
           "statuses": {s: list(status.values()).count(s) for s in set(status.values())}}
    print(json.dumps(row))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_two_stations.json").write_text(json.dumps(row, indent=2))


if __name__ == "__main__":
    main()
