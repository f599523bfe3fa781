"""Camera sources without a camera: a cv2.VideoWriter file and an MJPEG server on 127.0.0.1.

Every frame carries its counter twice: as digits (for people) and as a row of
16 black/white blocks (for tests), which survives JPEG compression, so a test
can prove no frame was mixed up, repeated or reordered.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cv2
import numpy as np

BLOCK = 16
BITS = 16


def counter_frame(index: int, width: int = 320, height: int = 240) -> np.ndarray:
    image = np.full((height, width, 3), (60, 120, 30), np.uint8)
    for bit in range(BITS):
        value = 255 if (index >> bit) & 1 else 0
        image[4 : 4 + BLOCK, 4 + bit * BLOCK : 4 + (bit + 1) * BLOCK] = value
    cv2.putText(image, f"#{index}", (10, height - 20), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (255, 255, 255), 2)
    return image


def read_counter(image: np.ndarray) -> int:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    value = 0
    for bit in range(BITS):
        y, x = 4 + BLOCK // 2, 4 + bit * BLOCK + BLOCK // 2
        if grey[y - 3 : y + 3, x - 3 : x + 3].mean() > 127:
            value |= 1 << bit
    return value


def write_counter_video(path: Path, frames: int, fps: float = 10.0, size: tuple[int, int] = (320, 240)) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    assert writer.isOpened(), "cv2.VideoWriter could not open an MJPG writer"
    for index in range(frames):
        writer.write(counter_frame(index, *size))
    writer.release()
    return path


class MjpegServer:
    """A multipart/x-mixed-replace MJPEG stream like an IP camera's, on 127.0.0.1.

    ``drop_after`` closes each connection after that many frames (a dropped
    stream); the counter keeps running across connections, as a live camera's would.
    """

    def __init__(self, fps: float = 30.0, drop_after: int = 0, path: str = "/video.mjpg", stall: bool = False) -> None:
        self.fps = fps
        self.drop_after = drop_after
        self.stall = stall  # after drop_after frames keep the connection open but send nothing
        self._closing = threading.Event()
        self.path = path
        self.counter = 0
        self.connections = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.path != server.path:
                    self.send_error(404)
                    return
                with server._lock:
                    server.connections += 1
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
                self.end_headers()
                sent = 0
                try:
                    while not server.drop_after or sent < server.drop_after:
                        with server._lock:
                            index = server.counter
                            server.counter += 1
                        ok, jpeg = cv2.imencode(".jpg", counter_frame(index), [cv2.IMWRITE_JPEG_QUALITY, 90])
                        assert ok
                        self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\n")
                        self.wfile.write(f"Content-Length: {len(jpeg)}\r\n\r\n".encode())
                        self.wfile.write(jpeg.tobytes() + b"\r\n")
                        self.wfile.flush()
                        sent += 1
                        time.sleep(1.0 / server.fps)
                    if server.stall:
                        server._closing.wait(30)
                except (BrokenPipeError, ConnectionResetError):
                    return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{self.path}"

    def __enter__(self) -> MjpegServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(2)
