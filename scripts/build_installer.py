"""``make installer``: compile the translations, freeze the station, pack the archive for a laptop.

Writes ``dist/station/`` (the frozen one-folder station) and
``dist/ektp-station-<version>-<system>-<machine>.tar.gz`` (``.zip`` on Windows) whose
single top-level folder is ``station/``: unpacked where the station lives, it replaces
the program and never touches the data, which is in the user's data directory.
PyInstaller's work folder ``build/installer`` is kept, so a rebuild only redoes what changed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import __version__  # noqa: E402
from ui.installer_manifest import APP_NAME, archive_name  # noqa: E402

SPEC = ROOT / "build_installer.spec"


def freeze(dist: Path, work: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_translations.py")], check=True)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
        check=True, cwd=ROOT,
    )
    folder = dist / APP_NAME
    if not (folder / (APP_NAME + (".exe" if os.name == "nt" else ""))).exists():
        raise SystemExit(f"build_installer: PyInstaller wrote no {folder / APP_NAME}")
    return folder


def pack(folder: Path, archive: Path) -> Path:
    """The archive with ``station/`` at its top (tar.gz keeps the executable bits; zip on Windows)."""
    partial = archive.with_name(archive.name + ".partial")
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(folder.rglob("*")):
                bundle.write(path, Path(folder.name, path.relative_to(folder)).as_posix())
    else:
        with tarfile.open(partial, "w:gz", compresslevel=6) as bundle:
            bundle.add(folder, arcname=folder.name)
    partial.replace(archive)  # never a half-written archive under the real name
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "installer")
    parser.add_argument("--no-archive", action="store_true", help="only dist/station/")
    args = parser.parse_args(argv)
    started = time.monotonic()
    folder = freeze(args.dist.resolve(), args.work.resolve())
    print(f"build_installer: {folder} ({_size_mib(folder):.0f} MiB) in {time.monotonic() - started:.0f} s")
    if not args.no_archive:
        archive = pack(folder, args.dist.resolve() / archive_name(__version__))
        print(f"build_installer: {archive} ({archive.stat().st_size / 2**20:.0f} MiB)")
    return 0


def _size_mib(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 2**20


if __name__ == "__main__":
    sys.exit(main())
