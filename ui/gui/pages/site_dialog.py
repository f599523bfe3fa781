"""Create or edit a site: name, kind, kecamatan code, address, target and polling day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import SiteKind
from ui.gui.context import GuiContext
from ui.gui.labels import shown
from ui.gui.widgets.common import MessageLabel, ok_cancel_buttons


def default_polling_day(context: GuiContext, site: Any = None) -> dt.date | None:
    """The site's polling day, else ``[eligibility] polling_day`` from the settings (never a date in the code)."""
    if site is not None and getattr(site, "polling_date", None):
        return site.polling_date
    return context.station.people_settings.eligibility.polling_day


class SiteDialog(QDialog):
    """Emits ``saved(site)`` after the site is created (``site`` None) or changed."""

    saved = Signal(object)

    def __init__(self, context: GuiContext, site: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("siteDialog")
        self.context = context
        self.site = site
        self.setWindowTitle(self.tr("Ubah lokasi") if site is not None else self.tr("Lokasi baru"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(site.name if site is not None else "")
        self.name.setObjectName("siteDialogName")
        self.name.setEnabled(site is None)  # the name is the site's key for rosters and reports
        self.kind = QComboBox()
        for kind in SiteKind:
            self.kind.addItem(shown(kind), kind)
        if site is not None:
            self.kind.setCurrentIndex(self.kind.findData(SiteKind(site.kind)))
        self.region_code = QLineEdit(site.region_code if site is not None else "")
        self.region_code.setPlaceholderText("357305")
        self.region_code.setMaxLength(6)
        self.address = QLineEdit(site.address if site is not None else "")
        self.target = QSpinBox()
        self.target.setRange(0, 100_000)
        self.target.setValue(site.target_count if site is not None else 150)
        polling_row = QHBoxLayout()
        polling = default_polling_day(context, site)
        self.use_polling_day = QCheckBox(self.tr("ada pemilu"))
        self.use_polling_day.setChecked(site is not None and getattr(site, "polling_date", None) is not None)
        self.polling_day = QDateEdit(QDate(polling) if polling else QDate.currentDate())
        self.polling_day.setCalendarPopup(True)
        self.polling_day.setDisplayFormat("dd-MM-yyyy")
        self.polling_day.setEnabled(self.use_polling_day.isChecked())
        self.use_polling_day.toggled.connect(self.polling_day.setEnabled)
        polling_row.addWidget(self.use_polling_day)
        polling_row.addWidget(self.polling_day, 1)
        form.addRow(self.tr("Nama"), self.name)
        form.addRow(self.tr("Jenis"), self.kind)
        form.addRow(self.tr("Kode kecamatan"), self.region_code)
        form.addRow(self.tr("Alamat"), self.address)
        form.addRow(self.tr("Target perekaman"), self.target)
        form.addRow(self.tr("Hari pemungutan suara"), polling_row)
        layout.addLayout(form)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.buttons = ok_cancel_buttons(self.tr("&Simpan lokasi"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.message.show_error(self.tr("Nama lokasi wajib diisi."))
            return
        region = self.region_code.text().strip()
        if region and (not region.isdigit() or len(region) != 6):
            self.message.show_error(self.tr("Kode kecamatan harus 6 angka, misalnya 357305."))
            return
        kind = SiteKind(self.kind.currentData())
        target, address = self.target.value(), self.address.text().strip()
        polling = self.polling_day.date().toPython() if self.use_polling_day.isChecked() else None
        operator_id = self.context.operator.id if self.context.operator is not None else None
        sites, site = self.context.station.sites, self.site

        def store() -> Any:
            if site is None:
                return sites.create_site(name, kind, region_code=region, target_count=target, address=address,
                                         operator_id=operator_id, polling_date=polling)
            return sites.update_site(site.id, kind=kind, region_code=region, target_count=target, address=address,
                                     polling_date=polling, operator_id=operator_id)

        self.buttons.setEnabled(False)
        self.context.storage.submit(store, self._stored, self._failed)

    def _stored(self, site: Any) -> None:
        self.saved.emit(site)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.show_error(self.context.message(error))
