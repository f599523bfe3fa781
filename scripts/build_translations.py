"""Compile the Qt translation sources (resources/i18n/*.ts) into .qm files next to the GUI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "resources" / "i18n"
TARGET = ROOT / "ui" / "gui" / "i18n"


def lrelease() -> str:
    candidate = Path(sys.executable).with_name("pyside6-lrelease")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found: is PySide6 installed in this environment?")
    return found


def main() -> int:
    sources = sorted(SOURCES.glob("*.ts"))
    if not sources:
        return 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for source in sources:
        target = TARGET / source.with_suffix(".qm").name
        subprocess.run([lrelease(), "-silent", str(source), "-qm", str(target)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
