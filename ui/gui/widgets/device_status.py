"""The status bar's device indicators: one coloured label per device, with its state and what to do."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.gui.device_hub import DeviceHub, DeviceState, DeviceStatus

STATUS_STYLE: dict[DeviceStatus, str] = {
    DeviceStatus.CONNECTING: "background:#e0e0e0; color:#111111;",
    DeviceStatus.READY: "background:#0b6e1f; color:#ffffff;",
    DeviceStatus.BUSY: "background:#14508a; color:#ffffff;",
    DeviceStatus.DISCONNECTED: "background:#b00020; color:#ffffff;",
    DeviceStatus.MISCONFIGURED: "background:#9a5b00; color:#ffffff;",
}


def family_label(family: str) -> str:
    return {
        "camera": QCoreApplication.translate("DeviceStatus", "Kamera"),
        "fingerprint": QCoreApplication.translate("DeviceStatus", "Sidik jari"),
        "iris": QCoreApplication.translate("DeviceStatus", "Iris"),
        "signature": QCoreApplication.translate("DeviceStatus", "Tanda tangan"),
    }.get(family, family)


def status_label(status: DeviceStatus) -> str:
    return {
        DeviceStatus.CONNECTING: QCoreApplication.translate("DeviceStatus", "menyambung…"),
        DeviceStatus.READY: QCoreApplication.translate("DeviceStatus", "siap"),
        DeviceStatus.BUSY: QCoreApplication.translate("DeviceStatus", "bekerja"),
        DeviceStatus.DISCONNECTED: QCoreApplication.translate("DeviceStatus", "terputus"),
        DeviceStatus.MISCONFIGURED: QCoreApplication.translate("DeviceStatus", "salah atur"),
    }[status]


def transport_words(transport: str) -> str:
    """How a device is attached, in the operator's words (never a driver's internal name)."""
    kind = (transport or "").split()[0].lower() if transport else ""
    if kind == "memory":
        return QCoreApplication.translate("DeviceStatus", "perangkat latihan (simulator)")
    if kind == "serial":
        port = transport.split()[1] if len(transport.split()) > 1 else ""
        return QCoreApplication.translate("DeviceStatus", "port serial {port}").format(port=port).strip()
    if kind == "sbi":
        return QCoreApplication.translate("DeviceStatus", "layanan perangkat SBI")
    if kind == "usb":
        return "USB"
    return QCoreApplication.translate("DeviceStatus", "kabel USB")


def device_identity(state: DeviceState) -> str:
    """Which device it is: maker and model, then how it is attached."""
    info = state.info
    if info is None:
        if state.backend == "sim":
            return QCoreApplication.translate("DeviceStatus", "perangkat latihan (simulator)")
        return QCoreApplication.translate("DeviceStatus", "belum tersambung")
    if info.transport == "memory":  # a simulator's model line is a developer's description, not a product name
        return transport_words(info.transport)
    name = " ".join(part for part in (info.vendor, info.model) if part and part.lower() != "simulator")
    return f"{name} · {transport_words(info.transport)}" if name else transport_words(info.transport)


class DeviceStatusWidget(QWidget):
    """Lives in the status bar; the tooltip carries the error and its action."""

    def __init__(self, hub: DeviceHub, language: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.labels: dict[str, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for family in hub.families:
            label = QLabel()
            label.setObjectName(f"device_{family}")
            layout.addWidget(label)
            self.labels[family] = label
        for state in hub.states():
            self.show_state(state)
        hub.state_changed.connect(self.show_state)

    def show_state(self, state: DeviceState) -> None:
        label = self.labels[state.family]
        label.setText(f" ● {family_label(state.family)}: {status_label(state.status)} ")
        label.setStyleSheet(f"QLabel {{ {STATUS_STYLE[state.status]} border-radius:4px; padding:3px 6px; "
                            "font-weight:bold; }")
        tip = device_identity(state)
        if state.error is not None:
            tip = f"{tip}\n{state.error.localized(self.language)}"
        label.setToolTip(tip)
        label.setProperty("status", str(state.status))
