"""``make installer``'s packing: one top-level ``station/`` folder, executable bits kept, never a half archive."""

from __future__ import annotations

import importlib.util
import stat
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("build_installer", ROOT / "scripts" / "build_installer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_installer"] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("build_installer", None)


@pytest.fixture
def program(tmp_path: Path) -> Path:
    folder = tmp_path / "dist" / "station"
    (folder / "_internal" / "nbis").mkdir(parents=True)
    (folder / "_internal" / "nbis" / "libnbis.so").write_bytes(b"\x7fELF")
    (folder / "station").write_bytes(b"#!frozen")
    (folder / "station").chmod(0o755)
    return folder


def test_the_tar_archive_holds_station_at_its_top_with_the_executable_bit(build: ModuleType, program: Path) -> None:
    archive = build.pack(program, program.parent / "ektp-station-0.1.0-linux-x86_64.tar.gz")
    with tarfile.open(archive) as bundle:
        members = {member.name: member for member in bundle.getmembers()}
    assert {"station", "station/station", "station/_internal/nbis/libnbis.so"} <= set(members)
    assert all(name == "station" or name.startswith("station/") for name in members)
    assert members["station/station"].mode & stat.S_IXUSR
    assert not list(program.parent.glob("*.partial"))


def test_the_zip_archive_for_windows_has_the_same_layout(build: ModuleType, program: Path) -> None:
    archive = build.pack(program, program.parent / "ektp-station-0.1.0-windows-x86_64.zip")
    with zipfile.ZipFile(archive) as bundle:
        names = set(bundle.namelist())
    assert {"station/station", "station/_internal/nbis/libnbis.so"} <= names
    assert all(name.startswith("station/") for name in names)


def test_a_build_without_the_executable_stops_with_a_message(build: ModuleType, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build.subprocess, "run", lambda *args, **kwargs: None)  # PyInstaller "ran" and wrote nothing
    with pytest.raises(SystemExit, match="PyInstaller wrote no"):
        build.freeze(tmp_path / "dist", tmp_path / "work")
