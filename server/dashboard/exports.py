"""The campaign report for the office's files: CSV (one row per record) and PDF (summary, charts, schools), NIKs masked."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from fpdf import FPDF
from sqlalchemy import select

from app.logging_setup import mask_nik
from server.dashboard.charts import burn_down_chart, per_day_chart
from server.dashboard.progress import Attribution, CampaignProgress
from server.hub import Hub
from server.models import HubPacket, HubRecord

STATUS_NAMES = {
    "received": ("diterima", "received"), "processing": ("diproses", "processing"),
    "print_ready": ("siap cetak", "print-ready"), "duplicate": ("ganda", "duplicate"),
    "adjudication": ("menunggu keputusan", "adjudication"),
    "enroll_failure_at_regional": ("gagal (regional)", "failed (regional)"),
    "enroll_failure_at_central": ("gagal (pusat)", "failed (central)"),
    "search_failure_at_central": ("gagal cari (pusat)", "search failed (central)"),
}
CSV_COLUMNS = ("kode_sekolah/site_code", "sekolah/site", "tanggal/day", "stasiun/station", "nik (disamarkan/masked)",
               "nama/name", "status_id", "status_en", "paket/packet_uuid")


def status_text(status: str | None) -> tuple[str, str]:
    return STATUS_NAMES.get(status or "received", (status or "", status or ""))


def campaign_records(hub: Hub, progress: CampaignProgress) -> Iterator[tuple[str, ...]]:
    """Every record counted for the campaign, NIK masked, oldest day first."""
    plan = progress.plan
    attribution = Attribution(plan)
    with hub.session() as session:
        rows = session.execute(
            select(HubPacket.packet_uuid, HubPacket.station_id, HubPacket.status, HubPacket.site_code,
                   HubPacket.visit_date, HubPacket.received_at, HubRecord.nik, HubRecord.name)
            .outerjoin(HubRecord, HubRecord.packet_uuid == HubPacket.packet_uuid)
            .where(attribution.candidates()).order_by(HubPacket.visit_date, HubPacket.received_at)).all()
    for packet_uuid, station_id, status, site_code, visit_date, received_at, nik, name in rows:
        found = attribution.site_of(station_id, site_code, visit_date, received_at)
        if found is None:
            continue
        site, day = found
        station = plan.stations.get(station_id)
        text_id, text_en = status_text(status)
        yield (site.code, site.name, day.isoformat(), station.station_code if station else "",
               mask_nik(nik or ""), name or "", text_id, text_en, packet_uuid)


def report_csv(hub: Hub, progress: CampaignProgress) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in campaign_records(hub, progress):
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read it as UTF-8


def _latin(text: str) -> str:
    """fpdf2's core fonts are Latin-1: anything else becomes '?', never an error."""
    return text.encode("latin-1", "replace").decode("latin-1")


def report_pdf(hub: Hub, progress: CampaignProgress) -> bytes:
    """Summary, both charts, every school, every station, and the records that need attention (NIKs masked)."""
    campaign = progress.plan.campaign
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _latin(f"Laporan kampanye / campaign report: {campaign.name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    counts = progress.counts
    finish = progress.projected_finish.isoformat() if progress.projected_finish else "-"
    for line in (
        f"Sasaran / target group: {campaign.target_group}",
        f"Hari pemungutan suara / polling day: {campaign.polling_day}   Mulai / start: {campaign.starts_on}   "
        f"Per tanggal / as of: {progress.today}",
        f"Terekam / recorded: {counts.recorded} dari / of {progress.target} ({progress.percent:.1f}%)   "
        f"Sisa / remaining: {progress.remaining}",
        f"Laju / rate: {progress.rate_per_day:.1f} per hari / per day   Perkiraan selesai / projected finish: {finish}",
        f"Siap cetak / print-ready {counts.print_ready}   Ganda / duplicate {counts.duplicate}   "
        f"Menunggu keputusan / adjudication {counts.adjudication}   Gagal / failure {counts.failure}   "
        f"Diproses / in processing {counts.waiting}",
    ):
        pdf.multi_cell(0, 5, _latin(line), new_x="LMARGIN", new_y="NEXT")
    for chart in (per_day_chart(progress, "png"), burn_down_chart(progress, "png")):
        pdf.image(io.BytesIO(chart), w=180)
    _table(pdf, "Sekolah / schools", ("Kode", "Sekolah / school", "Target", "Terekam", "%", "Rencana / plan", ""),
           (22, 70, 18, 20, 14, 26, 20),
           [(s.site.code, s.site.name, str(s.site.target), str(s.counts.recorded), f"{s.percent:.0f}",
             str(s.expected), "tertinggal / behind" if s.behind else "") for s in progress.sites])
    _table(pdf, "Set perekaman / recording sets", ("Stasiun", "Nama / name", "Rencana", "Terekam", "Ganda", "Gagal"),
           (25, 70, 22, 22, 22, 22),
           [(s.code, s.name, str(s.planned), str(s.counts.recorded), str(s.counts.duplicate), str(s.counts.failure))
            for s in progress.stations])
    attention = [r for r in campaign_records(hub, progress) if r[7] not in ("print-ready", "received", "processing")]
    _table(pdf, "Perlu tindakan / needing action (NIK disamarkan / masked)",
           ("Kode", "Tanggal", "Stasiun", "NIK", "Nama / name", "Status"), (20, 22, 20, 34, 54, 40),
           [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in attention[:500]])
    return bytes(pdf.output())


def _table(pdf: FPDF, title: str, header: tuple[str, ...], widths: tuple[int, ...],
           rows: list[tuple[str, ...]]) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, _latin(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 8)
    for text, width in zip(header, widths, strict=True):
        pdf.cell(width, 5, _latin(text), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for row in rows:
        for text, width in zip(row, widths, strict=True):
            pdf.cell(width, 5, _latin(text[: int(width * 0.55)]), border=1)
        pdf.ln()
    if not rows:
        pdf.cell(0, 5, _latin("(tidak ada / none)"), new_x="LMARGIN", new_y="NEXT")
