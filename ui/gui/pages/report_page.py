"""The daily report for supervisors: one day at one site (or all), its figures and charts, saved as PDF or CSV.

The figures come from ``DailyReportService`` (the same object ``station report daily``
writes), built on the storage worker; the charts are drawn on the quality worker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.report import DailyReport, DailyReportService
from app.services.report_charts import hourly_chart, quality_chart
from app.services.report_writers import write_report
from app.services.sites import SiteSummary
from ui.gui.context import GuiContext
from ui.gui.widgets.chart_image import ChartImageWidget
from ui.gui.widgets.common import MessageLabel, date_to_qdate, qdate_to_date, title_label


def report_service(context: GuiContext) -> DailyReportService:
    return DailyReportService.from_config(context.station.config, context.station.db, language=context.language)


def render_charts(report: DailyReport, size: tuple[float, float] = (6.4, 2.5)) -> tuple[bytes, bytes]:
    return hourly_chart(report, size=size, dpi=110), quality_chart(report, size=size, dpi=110)


def summary_lines(report: DailyReport) -> list[tuple[str, str]]:
    """The report's headline figures as (caption, value) pairs, in the GUI language."""
    sending = report.sending

    def tr(text: str) -> str:
        return QCoreApplication.translate("ReportPage", text)

    return [
        (tr("Direkam / target"), f"{report.recorded} / {report.target}"),
        (tr("Dipaksa · pengecualian"), f"{report.forced_count} · {report.exception_count}"),
        (tr("Kemungkinan data ganda"), str(len(report.duplicates))),
        (tr("Disetujui · menunggu persetujuan"), f"{report.approved} · {report.awaiting_approval}"),
        (tr("Terkirim · diserahkan · menunggu · gagal"),
         f"{sending.sent} · {sending.handed_over} · {sending.waiting} · {sending.failed}"),
    ]


class ReportPage(QWidget):
    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: DailyReport | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Laporan harian")))
        choose = QHBoxLayout()
        self.day = QDateEdit(date_to_qdate(context.station.sites.today()))
        self.day.setObjectName("reportDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.site = QComboBox()
        self.site.setObjectName("reportSite")
        self.show_button = QPushButton(self.tr("&Tampilkan"))
        self.pdf_button = QPushButton(self.tr("Simpan &PDF…"))
        self.csv_button = QPushButton(self.tr("Simpan &CSV…"))
        for button in (self.pdf_button, self.csv_button):
            button.setObjectName("secondary")
            button.setEnabled(False)
        choose.addWidget(QLabel(self.tr("Hari")))
        choose.addWidget(self.day)
        choose.addWidget(QLabel(self.tr("Lokasi")))
        choose.addWidget(self.site, 1)
        choose.addWidget(self.show_button)
        choose.addWidget(self.pdf_button)
        choose.addWidget(self.csv_button)
        layout.addLayout(choose)
        self.figures = QGridLayout()
        self.figure_labels: list[tuple[QLabel, QLabel]] = []
        for index in range(5):
            value, caption = QLabel("—"), QLabel()
            value.setStyleSheet("font-size: 26px; font-weight: bold; color: #0d3b66;")
            caption.setWordWrap(True)
            self.figures.addWidget(value, 0, index)
            self.figures.addWidget(caption, 1, index)
            self.figures.setColumnStretch(index, 1)
            self.figure_labels.append((value, caption))
        layout.addLayout(self.figures)
        charts = QHBoxLayout()
        self.hourly = ChartImageWidget("reportHourlyChart")
        self.quality = ChartImageWidget("reportQualityChart")
        charts.addWidget(self.hourly)
        charts.addWidget(self.quality)
        layout.addLayout(charts, 1)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.show_button.clicked.connect(self.build)
        self.pdf_button.clicked.connect(lambda: self.save_as(".pdf"))
        self.csv_button.clicked.connect(lambda: self.save_as(".csv"))

    def refresh(self) -> None:
        sites = self.context.station.sites
        self.context.storage.submit(sites.list_sites, self._show_sites, self._error)

    def _show_sites(self, site_list: list[SiteSummary]) -> None:
        current = self.site.currentData()
        self.site.clear()
        self.site.addItem(self.tr("Semua lokasi"), None)
        for site in site_list:
            self.site.addItem(site.name, site.name)
        visit = self.context.visit
        wanted = current or (visit.site.name if visit is not None else None)
        index = self.site.findData(wanted) if wanted else 0
        self.site.setCurrentIndex(max(index, 0))
        self.build()

    def build(self) -> None:
        day, site = qdate_to_date(self.day.date()), self.site.currentData()
        service = report_service(self.context)
        self.message.show_ok(self.tr("Menyusun laporan…"))
        self.context.storage.submit(lambda: service.build(day, site), self._built, self._error)

    def _built(self, report: DailyReport) -> None:
        self.report = report
        for (value, caption), (text, number) in zip(self.figure_labels, summary_lines(report)):
            value.setText(number)
            caption.setText(text)
        self.pdf_button.setEnabled(True)
        self.csv_button.setEnabled(True)
        self.message.clear_message()
        self.context.quality.submit(lambda: render_charts(report), self._charts, self._error)

    def _charts(self, charts: tuple[bytes, bytes]) -> None:
        self.hourly.set_png(charts[0])
        self.quality.set_png(charts[1])

    def save_as(self, suffix: str, path: Path | None = None) -> None:
        report = self.report
        if report is None:
            return
        if path is None:
            where = report.site or self.tr("semua-lokasi")
            suggested = str(Path.home() / f"laporan-{report.day.isoformat()}-{where}{suffix}".replace(" ", "-"))
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Simpan laporan"), suggested,
                self.tr("PDF (*.pdf)") if suffix == ".pdf" else self.tr("CSV (*.csv)"))
            if not chosen:
                return
            path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        target = path
        self.context.storage.submit(lambda: write_report(report, target), self._saved, self._error)

    def _saved(self, path: Path) -> None:
        self.message.show_ok(self.tr("Laporan disimpan: {path}").format(path=str(path)))

    def _error(self, error: BaseException) -> None:
        self.message.show_error(self.context.message(error))
