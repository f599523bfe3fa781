"""The daily report's figures, CSV and PDF, from synthetic rows of one day."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

from app.errors import InputError, NotFoundError
from app.services.report import DailyReportService, parse_report_day
from app.services.report_charts import hourly_chart, quality_chart
from app.services.report_writers import render_csv, write_report
from app.storage.models import OutboxEntry
from app.timezones import utc_now
from tests.support.day_records import DAY, seed_day


@pytest.fixture
def seeded(station):
    return seed_day(station)


def service(station, language: str = "id") -> DailyReportService:
    return DailyReportService.from_config(station.config, station.db, language=language)


def test_figures_of_the_day(station, seeded) -> None:
    report = service(station).build(DAY, "sma negeri 3 malang")
    assert report.site == "SMA Negeri 3 Malang"
    assert report.recorded == 4 and report.target == 120
    assert report.per_hour == ((8, 1), (9, 2), (11, 1))
    assert [(o.name, o.recorded, o.forced, o.exceptions) for o in report.operators] == [("Budi Petugas", 4, 1, 1)]
    assert {(i.kind, i.position, i.reason) for i in report.issues} == {
        ("forced", "right_index", "3"), ("exception", "left_little", "bandaged")}
    assert [(d.applicant, d.matches_name, d.score) for d in report.duplicates] == [
        ("Dimas Pratama", "Ani Lestari", 120.0)]
    assert report.approved == 3 and report.awaiting_approval == 1
    assert report.approvals_by_supervisor == {"Siti Supervisor": 3}
    sending = report.sending
    assert (sending.sent, sending.handed_over, sending.waiting, sending.failed) == (1, 0, 2, 1)
    assert len(report.nfiq2_by_finger["right_thumb"]) == 4
    assert len(report.nfiq2_by_finger["left_little"]) == 3  # the bandaged finger has no score
    assert sorted(report.face_scores) == [87.0, 88.0, 89.0, 90.0]
    assert len(report.iris_scores) == 8


def test_a_packet_on_a_stick_counts_as_handed_over_not_waiting(station, seeded) -> None:
    waiting_packet = seeded.packet_uuids[2]  # approved and queued for upload
    with station.db.session() as session:
        entry = session.query(OutboxEntry).filter(OutboxEntry.packet_uuid == waiting_packet).one()
        entry.handed_over_at = utc_now()  # what `station handover export` marks; the state stays queued
    report = service(station).build(DAY)
    sending = report.sending
    assert (sending.sent, sending.handed_over, sending.waiting, sending.failed) == (1, 1, 1, 1)
    assert [line.send_state for line in report.lines if line.enrolment_uuid == seeded.enrolment_uuids[2]] == [
        "handed_over"]


def test_another_day_or_site_is_empty_and_an_unknown_site_is_refused(station, seeded) -> None:
    report = service(station).build(DAY.replace(day=29))
    assert report.recorded == 0 and report.lines == () and report.sites == ()
    with pytest.raises(NotFoundError):
        service(station).build(DAY, "SMA Tidak Ada")
    with pytest.raises(InputError):
        parse_report_day("30-11-2026")


def test_csv_has_one_row_per_enrolment_masked_nik_and_operator_words(station, seeded) -> None:
    text = render_csv(service(station).build(DAY))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4
    assert rows[0]["nik_disamarkan"] == "357301********03"
    assert "3573014507080003" not in text
    assert rows[0]["status"] == "gagal rekam di pusat"
    assert rows[1]["status"] == "siap cetak"
    assert rows[3]["kemungkinan_ganda_dengan"] == seeded.enrolment_uuids[0]
    english = list(csv.DictReader(io.StringIO(render_csv(service(station, "en").build(DAY)))))
    assert english[1]["status"] == "ready to print" and "nik_masked" in english[0]


def test_pdf_renders_every_section_in_both_languages(station, seeded, tmp_path) -> None:
    for language, words in (("id", ("Direkam terhadap target", "Per petugas", "Kemungkinan data ganda",
                                    "Pengiriman", "gagal rekam di pusat")),
                            ("en", ("Recorded against target", "By operator", "Possible duplicates",
                                    "Sending", "recording failed at the centre"))):
        path = write_report(service(station, language).build(DAY), tmp_path / f"report-{language}.pdf")
        assert path.read_bytes().startswith(b"%PDF")
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        for word in words:
            assert word in text, word
        assert "3573014507080003" not in text
        assert "357301********03" in text


def test_charts_are_png_images(station, seeded) -> None:
    report = service(station).build(DAY)
    assert hourly_chart(report).startswith(b"\x89PNG")
    assert quality_chart(report).startswith(b"\x89PNG")
    empty = service(station).build(DAY.replace(day=1))
    assert quality_chart(empty).startswith(b"\x89PNG")


def test_an_unknown_suffix_writes_nothing(station, seeded, tmp_path) -> None:
    with pytest.raises(InputError):
        write_report(service(station).build(DAY), tmp_path / "report.docx")
    assert not (tmp_path / "report.docx").exists()
