"""Compile the Qt translation sources (resources/i18n/*.ts) into .qm files next to the GUI.

The operators' names of statuses and kinds live once, in ``app/domain/labels.py``;
their English is added to each English catalogue here (context "Labels"), so the
GUI translates them through Qt like its own strings.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "resources" / "i18n"
TARGET = ROOT / "ui" / "gui" / "i18n"
sys.path.insert(0, str(ROOT))


def lrelease() -> str:
    candidate = Path(sys.executable).with_name("pyside6-lrelease")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found: is PySide6 installed in this environment?")
    return found


def label_pairs() -> dict[str, str]:
    """Every Indonesian label with its English (one English per Indonesian name, or the build fails)."""
    from app.domain import labels

    pairs: dict[str, str] = {"id": "en"}  # ui.gui.labels.language_words asks the catalogue which language it is
    for table in labels.ALL_TABLES:
        for label in table.values():
            known = pairs.setdefault(label.id, label.en)
            if known != label.en:
                raise SystemExit(f"label {label.id!r} has two English names: {known!r} and {label.en!r}")
    return pairs


def labels_ts(language: str) -> str:
    messages = "".join(f"    <message>\n        <source>{escape(source)}</source>\n"
                       f"        <translation>{escape(english)}</translation>\n    </message>\n"
                       for source, english in sorted(label_pairs().items()))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="{language}" '
            f'sourcelanguage="id">\n<context>\n    <name>Labels</name>\n{messages}</context>\n</TS>\n')


def main() -> int:
    sources = sorted(SOURCES.glob("*.ts"))
    if not sources:
        return 0
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for source in sources:
            language = source.stem.rsplit("_", 1)[-1]
            generated = Path(folder) / f"labels_{language}.ts"
            generated.write_text(labels_ts(language), encoding="utf-8")
            target = TARGET / source.with_suffix(".qm").name
            subprocess.run([lrelease(), "-silent", str(source), str(generated), "-qm", str(target)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
