"""A serial device emulated on a pty, reachable through a stable symlink like /dev/ttyUSB0.

The emulator owns both ends: it talks on the master and keeps the slave open so
it can read, with ``termios.tcgetattr``, the line settings the driver applied
(baud rate), and stay silent on a wrong rate as hardware does. ``unplug()``
closes the pty (the driver sees a hang-up); ``replug()`` makes a new one behind
the same path, as udev does when the cable comes back.
"""

from __future__ import annotations

import os
import select
import termios
import threading
import tty
from pathlib import Path


class PtyDevice:
    """Base for byte-level emulators: subclass and implement ``on_bytes``."""

    def __init__(self, link: Path) -> None:
        self.link = Path(link)
        self._master = -1
        self._slave = -1
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._write_lock = threading.Lock()
        self.received = bytearray()

    @property
    def port(self) -> str:
        return str(self.link)

    # lifecycle -------------------------------------------------------------------
    def start(self) -> PtyDevice:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self._master)
        if self.link.is_symlink() or self.link.exists():
            self.link.unlink()
        self.link.symlink_to(os.ttyname(self._slave))
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"emulator-{self.link.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None
        for fd in (self._master, self._slave):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._master = self._slave = -1
        if self.link.is_symlink():
            self.link.unlink()

    def unplug(self) -> None:
        """The cable is pulled: the pty and the path vanish."""
        self.stop()

    def replug(self) -> None:
        self.start()

    def __enter__(self) -> PtyDevice:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # line ------------------------------------------------------------------------
    def line_baud(self) -> int:
        """The baud rate the driver set on its end of the line."""
        speed = termios.tcgetattr(self._slave)[5]
        names = {getattr(termios, f"B{rate}"): rate for rate in (9600, 19200, 38400, 57600, 115200)}
        return names.get(speed, 0)

    def send(self, data: bytes) -> None:
        with self._write_lock:
            if self._master >= 0:
                os.write(self._master, data)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                readable, _, _ = select.select([self._master], [], [], 0.02)
            except (OSError, ValueError):
                return
            if readable:
                try:
                    data = os.read(self._master, 4096)
                except OSError:
                    continue  # EIO while no client has the slave open
                if data:
                    self.received.extend(data)
                    self.on_bytes(data)
            self.on_idle()

    def on_bytes(self, data: bytes) -> None:
        """Handle bytes the driver wrote (runs on the emulator thread)."""

    def on_idle(self) -> None:
        """Called every ~20 ms; emulators that stream data send it here."""
