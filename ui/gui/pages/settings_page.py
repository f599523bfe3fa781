"""Settings (supervisors only): station identity and language, device backends and ports,
quality thresholds, and the operator accounts.

Station settings are validated with the same parsers the station uses at start,
then written atomically to station.toml; they take effect at the next start.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import save_config_data
from app.domain.enums import Role
from app.services.views import OperatorView
from app.settings import validate_station_data
from app.timezones import ZONES
from drivers.errors import StationError
from drivers.fingerprint.base import TEN_FINGERS, FingerPosition
from drivers.registry import backend_class, backend_names
from ui.gui.context import GuiContext
from ui.gui.i18n import LANGUAGES
from ui.gui.labels import shown
from ui.gui.widgets.common import MessageLabel, title_label
from ui.gui.widgets.device_status import family_label
from ui.gui.widgets.hand_diagram import finger_name

DEVICE_FAMILIES = ("camera", "fingerprint", "iris", "signature")


def backend_label(name: str) -> str:
    """A device backend as a supervisor knows it (the configuration keeps the short name)."""
    return {
        "sim": QCoreApplication.translate("SettingsPage", "Simulator (latihan)"),
        "opencv": QCoreApplication.translate("SettingsPage", "Kamera USB"),
        "sbi": QCoreApplication.translate("SettingsPage", "Layanan perangkat SBI"),
        "r30x": QCoreApplication.translate("SettingsPage", "Pemindai sidik jari R30x (serial)"),
        "isdv4": QCoreApplication.translate("SettingsPage", "Bantalan tanda tangan Wacom (serial)"),
    }.get(name, name)


class SettingsPage(QWidget):
    language_changed = Signal(str)  # the saved language differs from the one on screen

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Pengaturan")))
        self.locked = QLabel(self.tr("Halaman ini khusus supervisor."))
        self.locked.setObjectName("errorText")
        layout.addWidget(self.locked)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._station_tab(), self.tr("Stasiun"))
        self.tabs.addTab(self._devices_tab(), self.tr("Perangkat"))
        self.tabs.addTab(self._quality_tab(), self.tr("Ambang kualitas"))
        self.tabs.addTab(self._operators_tab(), self.tr("Petugas"))
        layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("&Simpan pengaturan"))
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.save_button.clicked.connect(self.save)
        self.load_from_config()

    # tabs ------------------------------------------------------------------------------
    def _station_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.station_name = QLineEdit()
        self.office_code = QLineEdit()
        self.office_code.setMaxLength(6)
        self.station_number = QSpinBox()
        self.station_number.setRange(1, 99)
        self.timezone = QComboBox()
        self.timezone.addItems(list(ZONES))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        form.addRow(self.tr("Nama stasiun"), self.station_name)
        form.addRow(self.tr("Kode kantor (wilayah)"), self.office_code)
        form.addRow(self.tr("Nomor stasiun"), self.station_number)
        form.addRow(self.tr("Zona waktu"), self.timezone)
        form.addRow(self.tr("Bahasa"), self.language)
        note = QLabel(self.tr("Perubahan berlaku setelah aplikasi dibuka ulang."))
        note.setObjectName("hint")
        form.addRow(note)
        return tab

    def _devices_tab(self) -> QWidget:
        tab = QWidget()
        grid = QGridLayout(tab)
        grid.addWidget(QLabel(self.tr("Perangkat")), 0, 0)
        grid.addWidget(QLabel(self.tr("Jenis perangkat")), 0, 1)
        grid.addWidget(QLabel(self.tr("Port (serial/USB)")), 0, 2)
        self.backends: dict[str, QComboBox] = {}
        self.ports: dict[str, QLineEdit] = {}
        for row, family in enumerate(DEVICE_FAMILIES, start=1):
            combo = QComboBox()
            combo.setObjectName(f"backend_{family}")
            for name in backend_names(family):
                combo.addItem(backend_label(name), name)
            port = QLineEdit()
            port.setObjectName(f"port_{family}")
            port.setPlaceholderText("/dev/ttyUSB0")
            combo.currentTextChanged.connect(lambda _text, f=family: self._port_enabled(f))
            grid.addWidget(QLabel(family_label(family)), row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(port, row, 2)
            self.backends[family] = combo
            self.ports[family] = port
        grid.setRowStretch(len(DEVICE_FAMILIES) + 1, 1)
        return tab

    def _quality_tab(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        tab = QWidget()
        form = QFormLayout(tab)
        self.max_attempts = QSpinBox()
        self.max_attempts.setRange(1, 10)
        form.addRow(self.tr("Jumlah percobaan sidik jari"), self.max_attempts)
        self.finger_thresholds: dict[FingerPosition, QSpinBox] = {}
        for position in TEN_FINGERS:
            spin = QSpinBox()
            spin.setRange(0, 100)
            self.finger_thresholds[position] = spin
            form.addRow(self.tr("NFIQ 2 minimum — {finger}").format(finger=finger_name(position)), spin)
        self.iris_min = QSpinBox()
        self.iris_min.setRange(0, 100)
        form.addRow(self.tr("Skor iris minimum"), self.iris_min)
        scroll.setWidget(tab)
        return scroll

    def _operators_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.operator_table = QTableWidget(0, 4)
        self.operator_table.setObjectName("operatorTable")
        self.operator_table.setHorizontalHeaderLabels(
            [self.tr("Nama pengguna"), self.tr("Nama lengkap"), self.tr("Peran"), self.tr("Aktif")])
        self.operator_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.operator_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.operator_table.verticalHeader().setVisible(False)
        self.operator_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.operator_table, 1)
        self.toggle_button = QPushButton(self.tr("Aktifkan / nonaktifkan yang dipilih"))
        self.toggle_button.setObjectName("secondary")
        layout.addWidget(self.toggle_button)
        add_box = QGroupBox(self.tr("Tambah petugas"))
        form = QFormLayout(add_box)
        self.new_username = QLineEdit()
        self.new_full_name = QLineEdit()
        self.new_role = QComboBox()
        self.new_role.addItem(self.tr("Petugas"), Role.OFFICER)
        self.new_role.addItem(self.tr("Supervisor"), Role.SUPERVISOR)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_operator_button = QPushButton(self.tr("&Tambah"))
        form.addRow(self.tr("Nama pengguna"), self.new_username)
        form.addRow(self.tr("Nama lengkap"), self.new_full_name)
        form.addRow(self.tr("Peran"), self.new_role)
        form.addRow(self.tr("Kata sandi awal"), self.new_password)
        form.addRow(self.add_operator_button)
        layout.addWidget(add_box)
        self.toggle_button.clicked.connect(self.toggle_selected_operator)
        self.add_operator_button.clicked.connect(self.add_operator)
        self.new_password.returnPressed.connect(self.add_operator)
        return tab

    # loading -------------------------------------------------------------------------------
    def load_from_config(self) -> None:
        config = self.context.station.config
        identity = config.identity
        self.station_name.setText(identity.name)
        self.office_code.setText(identity.office_code)
        self.station_number.setValue(identity.station_number)
        self.timezone.setCurrentText(identity.timezone)
        self.language.setCurrentIndex(self.language.findData(identity.language))
        devices = config.devices
        for family in DEVICE_FAMILIES:
            table = devices.get(family, {})
            combo = self.backends[family]
            combo.setCurrentIndex(max(combo.findData(str(table.get("backend", "sim"))), 0))
            self.ports[family].setText(str(table.get("port", "")))
            self._port_enabled(family)
        quality = self.context.quality_settings
        self.max_attempts.setValue(quality.max_attempts)
        for position, spin in self.finger_thresholds.items():
            spin.setValue(int(quality.finger_threshold(position)))
        self.iris_min.setValue(int(quality.iris.min_score))

    def _port_enabled(self, family: str) -> None:
        backend = str(self.backends[family].currentData())
        try:
            takes_port = "port" in backend_class(family, backend).settings_defaults
        except (StationError, ImportError):
            takes_port = False
        self.ports[family].setEnabled(takes_port)

    def refresh(self) -> None:
        allowed = self.context.is_supervisor
        self.locked.setVisible(not allowed)
        self.tabs.setEnabled(allowed)
        self.save_button.setEnabled(allowed)
        if allowed:
            self.context.storage.submit(self.context.station.operators.list_operators, self._show_operators,
                                        self._error)

    def _show_operators(self, operators: list[OperatorView]) -> None:
        self.operator_table.setRowCount(len(operators))
        for row, operator in enumerate(operators):
            values = (operator.username, operator.full_name, shown(Role(operator.role)),
                      self.tr("ya") if operator.active else self.tr("tidak"))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, (operator.id, operator.active))
                self.operator_table.setItem(row, column, item)

    def _error(self, error: BaseException) -> None:
        self.message.show_error(self.context.message(error))

    # saving ----------------------------------------------------------------------------------
    def edited_config(self) -> dict[str, Any]:
        """The configuration with this page's edits, as a plain mapping for station.toml."""
        config = self.context.station.config
        data = copy.deepcopy(dict(config.raw))
        station = dict(data.get("station", {}))
        station.update(name=self.station_name.text().strip(), office_code=self.office_code.text().strip(),
                       station_number=self.station_number.value(), timezone=self.timezone.currentText(),
                       language=str(self.language.currentData()))
        data["station"] = station
        devices = dict(data.get("devices", {}))
        for family in DEVICE_FAMILIES:
            old = dict(devices.get(family, {}))
            backend = str(self.backends[family].currentData())
            table = old if old.get("backend", "sim") == backend else {"backend": backend}
            table.pop("port", None)
            if self.ports[family].isEnabled() and self.ports[family].text().strip():
                table["port"] = self.ports[family].text().strip()
            devices[family] = table
        data["devices"] = devices
        quality = dict(data.get("quality", {}))
        quality["max_attempts"] = self.max_attempts.value()
        quality["finger"] = {position.slug: spin.value() for position, spin in self.finger_thresholds.items()}
        iris = dict(quality.get("iris", {}))
        iris["min_score"] = float(self.iris_min.value())
        quality["iris"] = iris
        data["quality"] = quality
        return data

    def save(self) -> None:
        if not self.context.is_supervisor:
            return
        config = self.context.station.config
        data = self.edited_config()
        try:  # every table through its own parser, as a hub-pushed configuration is checked
            validate_station_data(data, config, config.path)
        except StationError as exc:
            self._error(exc)
            return
        path = config.path or config.paths.config_file
        language = str(self.language.currentData())
        self.context.storage.submit(lambda: save_config_data(path, data), lambda _r: self._saved(path, language),
                                    self._error)

    def _saved(self, path: Path, language: str) -> None:
        """Saved: a new language applies at once (the window is rebuilt); the rest at the next start."""
        self.message.show_ok(self.tr("Pengaturan disimpan ke {path}. Buka ulang aplikasi agar berlaku.").format(
            path=path))
        if language != self.context.language:
            self.language_changed.emit(language)

    def toggle_selected_operator(self) -> None:
        items = self.operator_table.selectedItems()
        if not items:
            self.message.show_error(self.tr("Pilih petugas di tabel dulu."))
            return
        operator_id, active = items[0].data(Qt.ItemDataRole.UserRole)
        actor = self.context.operator_id
        operators = self.context.station.operators
        self.context.storage.submit(lambda: operators.set_active(operator_id, not active, actor_id=actor),
                                    lambda _r: self.refresh(), self._error)

    def add_operator(self) -> None:
        username, full_name = self.new_username.text().strip(), self.new_full_name.text().strip()
        role, password = Role(self.new_role.currentData()), self.new_password.text()
        actor = self.context.operator.id if self.context.operator is not None else None
        operators = self.context.station.operators
        self.context.storage.submit(
            lambda: operators.create_operator(username, full_name, role, password, actor_id=actor),
            self._operator_added, self._error)

    def _operator_added(self, operator: OperatorView) -> None:
        self.message.show_ok(self.tr("Akun {name} dibuat.").format(name=operator.username))
        for field in (self.new_username, self.new_full_name, self.new_password):
            field.clear()
        self.refresh()
