"""Progress: today's recorded count against the site's target, the rate per hour, and the day's charts live."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from app.services.applicants import VisitProgress
from app.services.report import DailyReport
from ui.gui.context import GuiContext
from ui.gui.pages.report_page import render_charts, report_service
from ui.gui.widgets.chart_image import ChartImageWidget
from ui.gui.widgets.common import MessageLabel, title_label

REFRESH_MS = 60_000


class ProgressPage(QWidget):
    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.progress: VisitProgress | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Progres kunjungan")))
        self.site_label = QLabel()
        layout.addWidget(self.site_label)
        grid = QGridLayout()
        self.recorded = self._number(grid, 0, self.tr("Sudah direkam"))
        self.target = self._number(grid, 1, self.tr("Target"))
        self.remaining = self._number(grid, 2, self.tr("Sisa"))
        self.rate = self._number(grid, 3, self.tr("Per jam"))
        layout.addLayout(grid)
        self.bar = QProgressBar()
        self.bar.setObjectName("progressBar")
        layout.addWidget(self.bar)
        self.forecast = QLabel()
        self.forecast.setWordWrap(True)
        layout.addWidget(self.forecast)
        charts = QHBoxLayout()
        self.hourly_chart = ChartImageWidget("progressHourlyChart")
        self.quality_chart = ChartImageWidget("progressQualityChart")
        charts.addWidget(self.hourly_chart)
        charts.addWidget(self.quality_chart)
        layout.addLayout(charts, 1)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        context.enrolment_saved.connect(lambda _uuid: self.refresh())
        context.visit_changed.connect(lambda _visit: self.refresh())

    @staticmethod
    def _number(grid: QGridLayout, column: int, caption: str) -> QLabel:
        value = QLabel("—")
        value.setObjectName("bigNumber")
        grid.addWidget(value, 0, column)
        grid.addWidget(QLabel(caption), 1, column)
        return value

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        visit = self.context.visit
        if visit is None:
            self.message.show_error(self.tr("Belum ada kunjungan aktif."))
            return
        self.site_label.setText(visit.site.name)
        visit_id = visit.id
        self.context.storage.submit(lambda: self.context.station.applicants.progress(visit_id), self.show_progress,
                                    lambda error: self.message.show_error(self.context.message(error)))
        service, site = report_service(self.context), visit.site.name
        self.context.storage.submit(lambda: service.build(None, site), self._report_built,
                                    lambda error: self.message.show_error(self.context.message(error)))

    def _report_built(self, report: DailyReport) -> None:
        """Today's charts at this site, the same ones the daily report prints (drawn off the GUI thread)."""
        self.context.quality.submit(lambda: render_charts(report), self._show_charts,
                                    lambda error: self.message.show_error(self.context.message(error)))

    def _show_charts(self, charts: tuple[bytes, bytes]) -> None:
        self.hourly_chart.set_png(charts[0])
        self.quality_chart.set_png(charts[1])

    def show_progress(self, progress: VisitProgress) -> None:
        self.progress = progress
        self.message.clear_message()
        self.recorded.setText(str(progress.recorded))
        self.target.setText(str(progress.target))
        self.remaining.setText(str(progress.remaining))
        self.bar.setRange(0, max(progress.target, 1))
        self.bar.setValue(min(progress.recorded, max(progress.target, 1)))
        if progress.rate_per_hour is None:
            self.rate.setText("—")
            self.forecast.setText(self.tr("Laju per jam muncul setelah beberapa menit perekaman."))
        else:
            self.rate.setText(f"{progress.rate_per_hour:.1f}")
            if progress.rate_per_hour > 0 and progress.remaining > 0:
                hours = progress.remaining / progress.rate_per_hour
                self.forecast.setText(self.tr("Dengan laju ini, sisa {remaining} orang selesai dalam ±{hours:.1f} jam.")
                                      .format(remaining=progress.remaining, hours=hours))
            else:
                self.forecast.setText("")
