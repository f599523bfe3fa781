"""Run a hub on 127.0.0.1 inside this process (tests, benchmark, a demo laptop)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from server.api import create_app
from server.hub import Hub
from server.processing.pipeline import ProcessingSettings
from server.processing.service import ProcessingHandle, start_processing
from server.schemas import MAX_HEADER_BYTES


class LocalHub:
    """A hub served by uvicorn in a background thread; ``stop()`` then ``start()`` restarts it on the same port."""

    def __init__(self, db_url: str, data_dir: Path, port: int = 0, *, processing: bool = False,
                 processing_settings: ProcessingSettings | None = None, secure_cookies: bool = False) -> None:
        """``processing`` runs the processing pipeline beside the hub, as ``station-hub serve`` does."""
        self.secure_cookies = secure_cookies
        self.db_url = db_url
        self.processing = processing
        self.processing_settings = processing_settings
        self._processing: ProcessingHandle | None = None
        self.data_dir = Path(data_dir)
        self.port = port
        self.hub: Hub | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalHub:
        self.hub = Hub(self.db_url, self.data_dir)
        if self.processing:
            self._processing = start_processing(self.hub, self.processing_settings)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(self.hub, secure_cookies=self.secure_cookies), log_level="warning", lifespan="off", ws="none",
                                access_log=False, timeout_graceful_shutdown=2,
                                h11_max_incomplete_event_size=MAX_HEADER_BYTES)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="local-hub", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the local hub did not start")
            time.sleep(0.02)
        self._socket = sock
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=20)
            self._socket.close()
        if self._processing is not None:
            self._processing.stop()
            self._processing = None
        if self.hub is not None:
            self.hub.close()
        self._server = self._thread = None
        self.hub = None

    def __enter__(self) -> LocalHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
