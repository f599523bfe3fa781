"""A fault-injecting, bandwidth-limiting TCP proxy on 127.0.0.1 for rehearsing bad networks.

Put it between a station and a hub to drop connections, answer 5xx, add delay,
cut a connection in the middle of an upload, or throttle to a field link's
bandwidth. It counts the bytes it carries each way. Used by the sync tests and
``bench/bench_sync.py``; harmless to run by hand for a field drill.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass


class _TokenBucket:
    """Shapes one direction to ``bytes_per_s`` (shared by every connection)."""

    def __init__(self, bytes_per_s: float | None) -> None:
        self.rate = bytes_per_s
        self._next = time.monotonic()
        self._lock = threading.Lock()

    def take(self, size: int) -> None:
        if not self.rate:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + size / self.rate
            wait = start - now
        if wait > 0:
            time.sleep(wait)


@dataclass
class ProxyCounters:
    bytes_up: int = 0  # client -> upstream
    bytes_down: int = 0  # upstream -> client
    connections: int = 0
    dropped: int = 0
    answered_5xx: int = 0
    cuts: int = 0


class FaultProxy:
    """Forward 127.0.0.1:``port`` to 127.0.0.1:``upstream_port`` with injectable faults."""

    PIECE = 16 * 1024

    def __init__(self, upstream_port: int, *, bandwidth_bytes_per_s: float | None = None) -> None:
        self.upstream_port = upstream_port
        self.counters = ProxyCounters()
        self.latency_s = 0.0
        self._up = _TokenBucket(bandwidth_bytes_per_s)
        self._down = _TokenBucket(bandwidth_bytes_per_s)
        self._lock = threading.Lock()
        self._drop_next = 0
        self._fail_next: list[int] = []
        self._cut_after: int | None = None
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._open: set[socket.socket] = set()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # Faults -------------------------------------------------------------

    def drop_connections(self, count: int = 1) -> None:
        """Close the next ``count`` new connections as soon as they are accepted."""
        with self._lock:
            self._drop_next += count

    def fail_requests(self, count: int = 1, status: int = 503) -> None:
        """Answer the next ``count`` requests with ``status`` instead of forwarding them."""
        with self._lock:
            self._fail_next.extend([status] * count)

    def cut_after(self, bytes_up: int) -> None:
        """Cut the connection carrying the ``bytes_up``-th next client byte (mid-request)."""
        with self._lock:
            self._cut_after = bytes_up

    def clear_faults(self) -> None:
        """Forget every armed fault (the link is healthy again)."""
        with self._lock:
            self._drop_next = 0
            self._fail_next.clear()
            self._cut_after = None

    def disconnect_all(self) -> None:
        """Cut every open connection (a link going down)."""
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            _close(sock)

    @property
    def armed(self) -> bool:
        with self._lock:
            return bool(self._drop_next or self._fail_next or self._cut_after is not None)

    # Lifecycle ----------------------------------------------------------

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        _close(self._listener)
        self.disconnect_all()
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.counters.connections += 1
                drop = self._drop_next > 0
                if drop:
                    self._drop_next -= 1
                    self.counters.dropped += 1
            if drop:
                _close(client)
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True, name="fault-proxy-conn").start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            _close(client)
            return
        upstream.settimeout(None)
        for sock in (client, upstream):  # forward each piece at once, as a router does (no Nagle delay)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            self._open.update((client, upstream))
        state = {"last": "down"}  # a client byte after a response (or first) starts a new request
        threading.Thread(target=self._pump_down, args=(upstream, client, state), daemon=True).start()
        self._pump_up(client, upstream, state)

    def _pump_up(self, client: socket.socket, upstream: socket.socket, state: dict[str, str]) -> None:
        try:
            while True:
                data = client.recv(self.PIECE)
                if not data:
                    break
                with self._lock:
                    status = self._fail_next.pop(0) if state["last"] == "down" and self._fail_next else None
                    cut = self._cut_after
                    if cut is not None and len(data) >= cut:
                        self._cut_after = None
                        self.counters.cuts += 1
                    elif cut is not None:
                        self._cut_after = cut - len(data)
                        cut = None
                state["last"] = "up"
                if status is not None:
                    body = b'{"error":"proxy_fault"}'
                    client.sendall(f"HTTP/1.1 {status} Injected\r\nContent-Type: application/json\r\n"
                                   f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
                    with self._lock:
                        self.counters.answered_5xx += 1
                    break
                if cut is not None:
                    data = data[:cut]
                self._forward(upstream, data, self._up, "bytes_up")
                if cut is not None:
                    break
        except OSError:
            pass
        finally:
            self._forget(client, upstream)

    def _pump_down(self, upstream: socket.socket, client: socket.socket, state: dict[str, str]) -> None:
        try:
            while True:
                data = upstream.recv(self.PIECE)
                if not data:
                    break
                state["last"] = "down"
                self._forward(client, data, self._down, "bytes_down")
        except OSError:
            pass
        finally:
            self._forget(client, upstream)

    def _forward(self, target: socket.socket, data: bytes, bucket: _TokenBucket, counter: str) -> None:
        if self.latency_s:
            time.sleep(self.latency_s)
        bucket.take(len(data))
        target.sendall(data)
        with self._lock:
            setattr(self.counters, counter, getattr(self.counters, counter) + len(data))

    def _forget(self, *sockets: socket.socket) -> None:
        with self._lock:
            for sock in sockets:
                self._open.discard(sock)
        for sock in sockets:
            _close(sock)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
