"""Write a ``DailyReport`` as a PDF (fpdf2, charts from ``report_charts``) or a CSV (one row per enrolment).

Both are written to a temporary file beside the target and moved into place, so a
failure never leaves half a report. The CSV carries masked NIKs and no biometrics;
its header and status words follow the report's language.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import matplotlib
from fpdf import FPDF

from app.domain import labels
from app.domain.enums import CaptureException, CentralStatus, EnrolmentStatus, Modality, SiteKind
from app.errors import InputError
from app.services.report import DailyReport, EnrolmentLine
from app.services.report_charts import hourly_chart, quality_chart

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu ships with matplotlib
FORMATS = (".pdf", ".csv")


def _w(language: str, id_text: str, en_text: str) -> str:
    return en_text if language == "en" else id_text


def write_report(report: DailyReport, path: Path) -> Path:
    """Write ``report`` as ``path``'s suffix says (``.pdf`` or ``.csv``). Raises InputError for another suffix."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"Berkas laporan harus berakhiran .pdf atau .csv, bukan '{path.name}'.",
                         f"The report file must end in .pdf or .csv, not '{path.name}'.")
    data = render_pdf(report) if suffix == ".pdf" else render_csv(report).encode("utf-8-sig")
    _atomic_write(path, data)
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# CSV -----------------------------------------------------------------------------------

CSV_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("enrolment_uuid", "uuid_perekaman", "enrolment_uuid"),
    ("nik_masked", "nik_disamarkan", "nik_masked"),
    ("name", "nama", "name"),
    ("site", "lokasi", "site"),
    ("saved_at", "waktu_simpan", "saved_at"),
    ("operator", "petugas", "operator"),
    ("status", "status", "status"),
    ("send_state", "pengiriman", "sending"),
    ("approved_by", "disetujui_oleh", "approved_by"),
    ("approved_at", "waktu_persetujuan", "approved_at"),
    ("possible_duplicate_of", "kemungkinan_ganda_dengan", "possible_duplicate_of"),
    ("duplicate_score", "skor_ganda", "duplicate_score"),
    ("forced", "dipaksa", "forced"),
    ("exceptions", "pengecualian", "exceptions"),
    ("fingers_captured", "jari_terekam", "fingers_captured"),
    ("nfiq2_min", "nfiq2_min", "nfiq2_min"),
    ("nfiq2_mean", "nfiq2_rata", "nfiq2_mean"),
    ("face_score", "skor_wajah", "face_score"),
    ("iris_right", "iris_kanan", "iris_right"),
    ("iris_left", "iris_kiri", "iris_left"),
    ("rerecord_of", "rekam_ulang_dari", "rerecord_of"),
)


def _status_words(line: EnrolmentLine, language: str) -> str:
    return labels.text(EnrolmentStatus(line.status), language)


def render_csv(report: DailyReport) -> str:
    """One row per saved enrolment of the day (header in the report's language)."""
    language = report.language
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([en if language == "en" else id_ for _key, id_, en in CSV_COLUMNS])
    for line in report.lines:
        values = {**line.__dict__, "status": _status_words(line, language),
                  "send_state": labels.outbox_state(line.send_state).text(language)
                  if line.send_state != "unsealed" else _w(language, "belum disegel", "not sealed yet")}
        writer.writerow(["" if values[key] is None else values[key] for key, _id, _en in CSV_COLUMNS])
    return out.getvalue()


# PDF -----------------------------------------------------------------------------------


class _ReportPdf(FPDF):
    def __init__(self, report: DailyReport) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=15)
        self.alias_nb_pages()

    def footer(self) -> None:
        language = self.report.language
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(110)
        self.cell(0, 5, _w(language, f"Dibuat {self.report.generated_at} {self.report.timezone} · halaman "
                                     f"{self.page_no()} dari {{nb}}",
                           f"Generated {self.report.generated_at} {self.report.timezone} · page "
                           f"{self.page_no()} of {{nb}}"), align="C")
        self.set_text_color(0)


def render_pdf(report: DailyReport) -> bytes:
    language = report.language
    w = lambda id_text, en_text: _w(language, id_text, en_text)  # noqa: E731
    pdf = _ReportPdf(report)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 8, w("Laporan harian perekaman e-KTP", "Daily e-KTP recording report"), new_x="LMARGIN",
             new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    where = report.site or w("semua lokasi", "all sites")
    pdf.cell(0, 6, f"{report.day:%d-%m-%Y} · {where} · {w('Stasiun', 'Station')} {report.station_code} "
                   f"{report.station_name}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)

    def table(header: list[str], rows: list[list[str]], widths: list[int]) -> None:
        if not rows:
            pdf.cell(0, 6, w("tidak ada", "none"), new_x="LMARGIN", new_y="NEXT")
            return
        with pdf.table(col_widths=widths, text_align="LEFT", line_height=5, first_row_as_headings=True) as grid:
            grid.row(header)
            for row in rows:
                grid.row([str(cell) for cell in row])

    heading(w("Direkam terhadap target", "Recorded against target"))
    percent = f" ({100 * report.recorded / report.target:.0f} %)" if report.target else ""
    pdf.cell(0, 6, w(f"Hari ini direkam {report.recorded} orang; target {report.target}{percent}.",
                     f"Recorded today: {report.recorded} people; target {report.target}{percent}."),
             new_x="LMARGIN", new_y="NEXT")
    table([w("Lokasi", "Site"), w("Jenis", "Kind"), w("Hari ini", "Today"), w("Sampai hari ini", "So far"),
           w("Target", "Target"), w("Daftar", "Roster")],
          [[s.name, labels.SITE_KIND.get(_kind(s.kind), labels.Label(s.kind, s.kind)).text(language),
            s.recorded_today, s.recorded_total, s.target, s.roster] for s in report.sites],
          [60, 30, 20, 28, 20, 20])

    heading(w("Per jam", "Per hour"))
    pdf.image(io.BytesIO(hourly_chart(report)), w=180)

    heading(w("Per petugas", "By operator"))
    table([w("Petugas", "Operator"), w("Direkam", "Recorded"), w("Dipaksa", "Forced"),
           w("Pengecualian", "Exceptions"), w("Pertama", "First"), w("Terakhir", "Last")],
          [[o.name, o.recorded, o.forced, o.exceptions, o.first_at, o.last_at] for o in report.operators],
          [60, 22, 22, 28, 20, 20])

    heading(w("Pengecualian dan pengambilan paksa", "Exceptions and forced captures"))
    table([w("Pemohon", "Applicant"), "NIK", w("Bagian", "Part"), w("Apa", "What"), w("Supervisor", "Supervisor")],
          [[i.applicant, i.nik_masked, labels.capture_position(Modality(i.modality), i.position).text(language),
            _issue_words(i.kind, i.reason, language), i.supervisor or "—"] for i in report.issues],
          [45, 35, 35, 50, 25])

    heading(w("Kemungkinan data ganda", "Possible duplicates"))
    table([w("Pemohon", "Applicant"), "NIK", w("Mirip dengan", "Matches"), w("Skor", "Score")],
          [[d.applicant, d.nik_masked,
            labels.duplicate_of(d.matches, language, {d.matches: d.matches_name} if d.matches_name else None),
            f"{d.score:.0f}" if d.score is not None else "—"] for d in report.duplicates],
          [55, 40, 70, 25])

    heading(w("Sebaran mutu (NFIQ 2 per jari, skor wajah dan iris)",
              "Quality distribution (NFIQ 2 per finger, face and iris scores)"))
    pdf.image(io.BytesIO(quality_chart(report)), w=180)

    heading(w("Persetujuan", "Approvals"))
    pdf.cell(0, 6, w(f"Disetujui {report.approved}; menunggu persetujuan {report.awaiting_approval}.",
                     f"Approved {report.approved}; awaiting approval {report.awaiting_approval}."),
             new_x="LMARGIN", new_y="NEXT")
    table([w("Supervisor", "Supervisor"), w("Disetujui", "Approved")],
          [[name, count] for name, count in sorted(report.approvals_by_supervisor.items())], [80, 30])

    heading(w("Pengiriman", "Sending"))
    sending = report.sending
    table([w("Terkirim", "Sent"), w("Diserahkan lewat media", "Handed over"), w("Menunggu", "Waiting"),
           w("Gagal", "Failed")],
          [[sending.sent, sending.handed_over, sending.waiting, sending.failed]], [40, 50, 40, 40])
    if sending.by_central_status:
        pdf.ln(1)
        table([w("Status di pusat", "Status at the centre"), w("Jumlah", "Count")],
              [[labels.CENTRAL_STATUS[_central(status)].text(language), count]
               for status, count in sending.by_central_status.items()], [90, 30])
    return bytes(pdf.output())


def _kind(value: str) -> SiteKind | str:
    try:
        return SiteKind(value)
    except ValueError:
        return value


def _central(value: str) -> CentralStatus:
    return CentralStatus(value)


def _issue_words(kind: str, reason: str, language: str) -> str:
    if kind == "forced":
        return _w(language, f"diambil paksa setelah {reason} kali", f"forced after {reason} attempts")
    try:
        return labels.CAPTURE_EXCEPTION[CaptureException(reason)].text(language)
    except ValueError:
        return reason
