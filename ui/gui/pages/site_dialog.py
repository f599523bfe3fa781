"""Create or edit a site: name, kind, kecamatan code, address, target and polling day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from app.services.sites import SiteSummary
from app.services.views import SiteView
from ui.gui.context import GuiContext
from ui.gui.widgets.common import MessageLabel, ok_cancel_buttons
from ui.gui.widgets.site_form import SiteFormWidget


def default_polling_day(context: GuiContext, site: SiteView | SiteSummary | None = None) -> dt.date | None:
    """The site's polling day, else ``[eligibility] polling_day`` from the settings (never a date in the code)."""
    if site is not None and site.polling_date:
        return site.polling_date
    return context.station.people_settings.eligibility.polling_day


class SiteDialog(QDialog):
    """Emits ``saved(SiteView)`` after the site is created (``site`` None) or changed."""

    saved = Signal(object)

    def __init__(self, context: GuiContext, site: SiteView | SiteSummary | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("siteDialog")
        self.context = context
        self.site = site
        self.setWindowTitle(self.tr("Ubah lokasi") if site is not None else self.tr("Lokasi baru"))
        layout = QVBoxLayout(self)
        self.form = SiteFormWidget(site, polling_day=default_polling_day(context, site), with_polling_day=True)
        self.form.name.setObjectName("siteDialogName")
        self.form.name.setEnabled(site is None)  # the name is the site's key for rosters and reports
        layout.addWidget(self.form)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.buttons = ok_cancel_buttons(self.tr("&Simpan lokasi"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        values = self.form.values()
        if isinstance(values, str):
            self.message.show_error(values)
            return
        operator_id = self.context.operator.id if self.context.operator is not None else None
        sites, site = self.context.station.sites, self.site

        def store() -> SiteView:
            if site is None:
                return sites.create_site(values.name, values.kind, region_code=values.region_code,
                                         target_count=values.target_count, address=values.address,
                                         operator_id=operator_id, polling_date=values.polling_date)
            return sites.update_site(site.id, kind=values.kind, region_code=values.region_code,
                                     target_count=values.target_count, address=values.address,
                                     polling_date=values.polling_date, operator_id=operator_id)

        self.buttons.setEnabled(False)
        self.context.storage.submit(store, self._stored, self._failed)

    def _stored(self, site: SiteView) -> None:
        self.saved.emit(site)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.show_error(self.context.message(error))
