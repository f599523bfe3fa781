"""Import a school's roster in the GUI: pick a CSV/XLSX, see every bad row, import the good ones, see the summary.

The same rules as ``station roster import`` (``app.services.roster``): the file is
read and checked first (``preview_roster``, nothing written), then the good rows
go in one transaction (``commit_roster``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import SiteKind
from app.services.roster import RejectedRow, RosterImportResult, RosterPreview, commit_roster, preview_roster
from ui.gui.context import GuiContext
from ui.gui.widgets.common import MessageLabel, title_label


class RosterImportDialog(QDialog):
    """Emits ``imported(RosterImportResult)`` once the good rows are in."""

    imported = Signal(object)

    def __init__(self, context: GuiContext, site_name: str, site_kind: SiteKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterImportDialog")
        self.context = context
        self.site_name = site_name
        self.site_kind = site_kind
        self.preview: RosterPreview | None = None
        self.import_result: RosterImportResult | None = None  # not "result": QDialog.result() is the dialog code
        self.setWindowTitle(self.tr("Impor daftar peserta"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Impor daftar peserta ke {site}").format(site=site_name)))
        pick = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("rosterPath")
        self.path.setPlaceholderText(self.tr("Berkas CSV atau Excel (.xlsx) dari sekolah"))
        self.browse_button = QPushButton(self.tr("&Pilih berkas…"))
        self.check_button = QPushButton(self.tr("Peri&ksa"))
        self.check_button.setObjectName("secondary")
        pick.addWidget(self.path, 1)
        pick.addWidget(self.browse_button)
        pick.addWidget(self.check_button)
        layout.addLayout(pick)
        self.summary = QLabel(self.tr("Pilih berkas, lalu periksa isinya sebelum diimpor."))
        self.summary.setObjectName("rosterSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("rosterProblems")
        self.table.setHorizontalHeaderLabels([self.tr("Baris"), self.tr("Kolom"), self.tr("Jenis"),
                                              self.tr("Alasan")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton(self.tr("&Tutup"))
        self.close_button.setObjectName("secondary")
        self.import_button = QPushButton(self.tr("&Impor baris yang baik"))
        self.import_button.setObjectName("rosterImport")
        self.import_button.setEnabled(False)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)
        self.browse_button.clicked.connect(self.browse)
        self.check_button.clicked.connect(self.check)
        self.path.returnPressed.connect(self.check)
        self.import_button.clicked.connect(self.commit)
        self.close_button.clicked.connect(self.reject)

    def browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, self.tr("Pilih daftar peserta"), str(Path.home()),
                                                      self.tr("Daftar peserta (*.csv *.xlsx *.txt)"))
        if chosen:
            self.path.setText(chosen)
            self.check()

    def check(self) -> None:
        """Read and check the file (nothing is written yet)."""
        text = self.path.text().strip()
        if not text:
            self.message.show_error(self.tr("Pilih berkas daftar dulu."))
            return
        self.preview = None
        self.import_button.setEnabled(False)
        self.table.setRowCount(0)
        self.message.show_ok(self.tr("Memeriksa berkas…"))
        station = self.context.station
        reference = station.applicants.today()
        self.context.storage.submit(lambda: preview_roster(station.db, Path(text), reference=reference),
                                    self.show_preview, self._failed)

    def _words(self, item: RejectedRow) -> str:
        return item.message_en if self.context.language == "en" else item.message_id

    def show_preview(self, preview: RosterPreview) -> None:
        self.preview = preview
        self.message.clear_message()
        problems = [(r, self.tr("ditolak")) for r in preview.rejections] + [(w, self.tr("catatan"))
                                                                           for w in preview.warnings]
        problems.sort(key=lambda item: item[0].row)
        self.table.setRowCount(len(problems))
        for index, (problem, kind) in enumerate(problems):
            for column, value in enumerate((str(problem.row), problem.column, kind, self._words(problem))):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.summary.setText(self.tr(
            "{file}: {total} baris · {good} baik ({new} baru, {present} sudah ada di stasiun) · "
            "{bad} baris ditolak. Baris yang ditolak tidak diimpor; perbaiki di berkas lalu impor lagi.").format(
            file=preview.file_name, total=preview.total_rows, good=len(preview.good), new=preview.importable,
            present=preview.already_present, bad=preview.rejected_rows))
        self.import_button.setText(self.tr("&Impor {n} baris yang baik").format(n=preview.importable))
        self.import_button.setEnabled(preview.importable > 0)
        if preview.importable == 0:
            self.message.show_error(self.tr("Tidak ada baris baru untuk diimpor."))

    def commit(self) -> None:
        preview = self.preview
        if preview is None or preview.importable == 0:
            return
        self.import_button.setEnabled(False)
        station = self.context.station
        operator_id = self.context.operator.id if self.context.operator is not None else None
        site_name, kind = self.site_name, self.site_kind
        self.context.storage.submit(lambda: commit_roster(station.db, preview, site_name, kind=kind,
                                                          operator_id=operator_id), self._committed, self._failed)

    def _committed(self, result: RosterImportResult) -> None:
        self.import_result = result
        self.message.show_ok(self.tr(
            "Selesai: {imported} pemohon diimpor ke {site}, {present} sudah ada (tidak diubah), "
            "{bad} baris ditolak.").format(imported=result.imported, site=result.site_name,
                                          present=result.already_present, bad=result.rejected_rows))
        self.import_button.setEnabled(False)
        self.close_button.setText(self.tr("&Selesai"))
        self.imported.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(self.preview is not None and self.preview.importable > 0)
        self.message.show_error(self.context.message(error))
