"""The queue's order (in the service query) and what a failed row offers."""

from __future__ import annotations

from app.domain.enums import CentralStatus, QueueState
from tests.support.day_records import seed_day


def test_not_yet_recorded_first_then_by_name(station) -> None:
    day = seed_day(station)
    station.applicants.add_manual("3573016108080002", "eka Rahmawati", site_id=day.site_id)
    station.applicants.add_manual("3573015912080009", "Fajar Nugroho", site_id=day.site_id)
    rows = station.applicants.queue_rows(day.site_id)
    assert [r.applicant.name for r in rows] == ["eka Rahmawati", "Fajar Nugroho", "Ani Lestari", "Bayu Saputra",
                                                "Citra Dewi", "Dimas Pratama"]
    assert [r.state for r in rows[:2]] == [QueueState.NOT_RECORDED] * 2
    by_name = {r.applicant.name: r for r in rows}
    failed = by_name["Ani Lestari"]
    assert failed.state is QueueState.FAILED and failed.resendable
    assert failed.central_status is CentralStatus.ENROLL_FAILURE_AT_CENTRAL
    assert failed.packet_uuid == day.packet_uuids[0]
    assert not by_name["Bayu Saputra"].resendable and by_name["Bayu Saputra"].state is QueueState.SENT
