"""Only a successful sync restarts the registration freeze's clock; a run against a dead hub does not."""

from __future__ import annotations

import datetime as dt

from app.bootstrap import Station
from app.sync.last_sync import last_successful_sync
from app.sync.synthetic import add_synthetic_enrolment
from app.timezones import utc_now
from server.local import LocalHub


def six_days_on() -> dt.datetime:
    return utc_now() + dt.timedelta(days=6)


def test_a_failed_run_is_not_a_sync_and_a_good_one_lifts_the_freeze(registered: Station,
                                                                    local_hub: LocalHub) -> None:
    add_synthetic_enrolment(registered.db, registered.blobs, serial=1, record_size=20_000)
    local_hub.stop()
    assert not registered.sync.sync_now(pull=False).ok
    assert last_successful_sync(registered.db) is None
    assert registered.sync.summary().last_sync_at is None
    assert [b.code for b in registered.build_limits(clock=six_days_on).check().breaches] == ["sync_age"]

    local_hub.start()
    before = utc_now()
    assert registered.sync.sync_now(pull=False).ok
    synced = last_successful_sync(registered.db)
    assert synced is not None and synced >= before
    assert registered.sync.summary().last_sync_at == synced.isoformat()
    assert registered.build_limits(clock=lambda: synced + dt.timedelta(days=4)).check().breaches == ()
