"""The ``station`` program: the command line, whose ``station gui`` (the default) opens the window.

It sits above both ``ui.cli`` and ``ui.gui``, which never import each other
(import-linter): the CLI is handed :func:`launch_gui` instead. The console
script (pyproject's ``[project.scripts]``) and the frozen installer
(``ui/installer_manifest.py``'s ``ENTRY_SCRIPT``) both start here.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.main import main as cli_main

if TYPE_CHECKING:
    from app.bootstrap import Station


def launch_gui(station: Station, screenshot: Path | None) -> int:
    """Run the Qt window; Qt loads only here, so ``station nik`` and ``--help`` stay fast."""
    from ui.gui.application import run_gui

    return run_gui(station, screenshot=screenshot)


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv, launch_gui=launch_gui)


if __name__ == "__main__":
    sys.exit(main())
