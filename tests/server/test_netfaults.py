"""The fault proxy forwards like a router: no Nagle delay on the sockets it pumps."""

from __future__ import annotations

import socket
import threading

from server.netfaults import FaultProxy


def _echo_server() -> tuple[socket.socket, threading.Thread]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            while data := conn.recv(4096):
                conn.sendall(data)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, thread


def test_proxy_forwards_with_tcp_nodelay_on_both_legs() -> None:
    listener, thread = _echo_server()
    with FaultProxy(listener.getsockname()[1]) as proxy, socket.create_connection(("127.0.0.1", proxy.port)) as conn:
        conn.sendall(b"ping")
        assert conn.recv(4) == b"ping"
        with proxy._lock:
            legs = list(proxy._open)
        assert len(legs) == 2
        assert all(leg.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for leg in legs)
    listener.close()
    thread.join(timeout=5)
