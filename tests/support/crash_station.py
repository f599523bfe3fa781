"""A station process for the SIGKILL test: start, save enrolments (each sealed at once), then sync.

``python -m tests.support.crash_station FIRST_SERIAL COUNT`` with ``STATION_HOME`` set. It goes
through the real start and log-in (unlock, migrations, audit chain, clean-up), the real atomic save of an enrolment
with its blobs and outbox row (``add_synthetic_enrolment``), the sealing hook and the real upload to
the hub, printing one line per step (flushed) so the test can time its kill after start-up.
Synthetic people only.
"""

from __future__ import annotations

import sys

from app.config import load_config
from app.sync.synthetic import add_synthetic_enrolment
from tests.support.station import unlocked_station


def main(argv: list[str]) -> int:
    first, count = int(argv[0]), int(argv[1])
    station = unlocked_station(load_config(None))  # the test's supervisor logs in
    try:
        print("ready", flush=True)
        for serial in range(first, first + count):
            uuid = add_synthetic_enrolment(station.db, station.blobs, serial=serial, record_size=96 * 1024,
                                           image_size=8192)
            print(f"saved {uuid}", flush=True)
            station.sync.on_saved(uuid)
            print(f"sealed {uuid}", flush=True)
        report = station.sync.sync_now(pull=False)
        print(f"synced {len(report.sent)} failed {len(report.failed)}", flush=True)
    finally:
        station.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
