"""The site form (name, kind, kecamatan code, address, target, polling day): one widget for the
visit page's "new site" box and the site dialog, with its checks in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from app.domain.enums import SiteKind
from app.services.sites import SiteSummary
from app.services.views import SiteView
from ui.gui.labels import shown
from ui.gui.widgets.common import date_to_qdate, qdate_to_date

DEFAULT_TARGET = 150


@dataclass(frozen=True)
class SiteFormValues:
    """What the operator typed, checked: ready for ``SiteService.create_site`` / ``update_site``."""

    name: str
    kind: SiteKind
    region_code: str
    address: str
    target_count: int
    polling_date: dt.date | None


class SiteFormWidget(QWidget):
    """The fields of a site; ``with_polling_day`` adds the site's election day (the dialog has it)."""

    def __init__(self, site: SiteView | SiteSummary | None = None, *, polling_day: dt.date | None = None,
                 with_polling_day: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_polling_day = with_polling_day
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit(site.name if site is not None else "")
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
        self.target.setValue(site.target_count if site is not None else DEFAULT_TARGET)
        self.form.addRow(self.tr("Nama"), self.name)
        self.form.addRow(self.tr("Jenis"), self.kind)
        self.form.addRow(self.tr("Kode kecamatan"), self.region_code)
        self.form.addRow(self.tr("Alamat"), self.address)
        self.form.addRow(self.tr("Target perekaman"), self.target)
        self.use_polling_day = QCheckBox(self.tr("ada pemilu"))
        self.use_polling_day.setChecked(site is not None and site.polling_date is not None)
        self.polling_day = QDateEdit(date_to_qdate(polling_day) if polling_day is not None else QDate.currentDate())
        self.polling_day.setCalendarPopup(True)
        self.polling_day.setDisplayFormat("dd-MM-yyyy")
        self.polling_day.setEnabled(self.use_polling_day.isChecked())
        self.use_polling_day.toggled.connect(self.polling_day.setEnabled)
        if with_polling_day:
            polling_row = QHBoxLayout()
            polling_row.addWidget(self.use_polling_day)
            polling_row.addWidget(self.polling_day, 1)
            self.form.addRow(self.tr("Hari pemungutan suara"), polling_row)
        else:  # kept as hidden children, so the form has one shape either way
            for unused in (self.use_polling_day, self.polling_day):
                unused.setParent(self)
                unused.hide()

    def values(self) -> SiteFormValues | str:
        """The checked values, or what to fix (in the GUI language) when the name or the code is wrong."""
        name = self.name.text().strip()
        if not name:
            return self.tr("Nama lokasi wajib diisi.")
        region = self.region_code.text().strip()
        if region and (not region.isdigit() or len(region) != 6):
            return self.tr("Kode kecamatan harus 6 angka, misalnya 357305.")
        polling = (qdate_to_date(self.polling_day.date())
                   if self.with_polling_day and self.use_polling_day.isChecked() else None)
        return SiteFormValues(name, SiteKind(self.kind.currentData()), region, self.address.text().strip(),
                              self.target.value(), polling)

    def clear_name(self) -> None:
        self.name.clear()
