"""``station gui --screenshot FILE``: save a picture of the first screen once it is ready, then quit.

Used by the installer's smoke test and start-up benchmark (``scripts/smoke_frozen.py``,
``bench/bench_installer.py``) to prove a frozen station reaches its log-in (or first-run)
form. The form is ready when the storage thread has answered whether a supervisor
exists; the storage executor is serial and delivers in order, so a no-op queued after
that question comes back only once the right form is showing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui.gui.main_window import MainWindow


def shoot_first_screen(app: QApplication, window: MainWindow, path: Path) -> None:
    """Once the log-in page shows its form, write ``path`` (PNG) and end the event loop (exit 0, or 2)."""

    def ready(_: object) -> None:
        saved = window.grab().save(str(path))
        if saved:
            form = "first-run" if window.login_page.first_run else "login"
            print(f"screenshot {path} ({form})", flush=True)
        else:
            print(f"Galat: gambar layar tidak dapat disimpan di {path}.\n"
                  f"Error: cannot save the screenshot to {path}.", file=sys.stderr)
        window.close()
        app.exit(0 if saved else 2)

    window.context.storage.submit(lambda: None, ready, lambda error: ready(error))
