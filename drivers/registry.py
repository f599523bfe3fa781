"""Backend choice: ``[devices.<family>] backend = "..."`` resolved through one explicit table.

The table names every backend module, so the PyInstaller spec can list them as
hidden imports and a frozen installer sees every import.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from drivers.base import Device
from drivers.errors import DeviceConfigError

FAMILIES: tuple[str, ...] = ("camera", "fingerprint", "iris", "signature")

# (family, backend) -> "module:Class"
BACKENDS: dict[tuple[str, str], str] = {
    ("camera", "sim"): "drivers.camera.sim:SimulatedCamera",
    ("fingerprint", "sim"): "drivers.fingerprint.sim:SimulatedFingerprintScanner",
    ("iris", "sim"): "drivers.iris.sim:SimulatedIrisScanner",
    ("signature", "sim"): "drivers.signature.sim:SimulatedSignaturePad",
    ("signature", "isdv4"): "drivers.signature.isdv4:Isdv4SignaturePad",
    ("fingerprint", "r30x"): "drivers.fingerprint.r30x:R30xFingerprintScanner",
    ("camera", "opencv"): "drivers.camera.opencv:OpenCvCamera",
    ("camera", "sbi"): "drivers.camera.sbi:SbiCamera",
    ("fingerprint", "sbi"): "drivers.fingerprint.sbi:SbiFingerprintScanner",
    ("iris", "sbi"): "drivers.iris.sbi:SbiIrisScanner",
}


def backend_names(family: str) -> list[str]:
    return sorted(backend for fam, backend in BACKENDS if fam == family)


def backend_class(family: str, backend: str) -> type[Device]:
    try:
        target = BACKENDS[(family, backend)]
    except KeyError:
        known = ", ".join(backend_names(family)) or "-"
        raise DeviceConfigError(
            f"Backend '{backend}' tidak dikenal untuk {family} (pilihan: {known}).",
            f"Unknown backend '{backend}' for {family} (choices: {known}).",
        ) from None
    module_name, class_name = target.split(":")
    cls: type[Device] = getattr(importlib.import_module(module_name), class_name)
    return cls


def create_device(family: str, settings: Mapping[str, Any]) -> Device:
    """Build the backend a ``[devices.<family>]`` table asks for (not yet opened)."""
    if family not in FAMILIES:
        raise DeviceConfigError(f"Jenis perangkat tidak dikenal: {family}.", f"Unknown device family: {family}.")
    settings = dict(settings)
    backend = str(settings.pop("backend", "sim"))
    return backend_class(family, backend).from_settings(settings)
