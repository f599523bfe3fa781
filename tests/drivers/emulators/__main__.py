"""Run every device emulator at once, to try the real backends by hand (GUI, ``station capture``, ``selfcheck``).

    .venv/bin/python -m tests.drivers.emulators /tmp/emulated-devices

Starts an ISDV4 pad and an R30x module on ptys (``<folder>/ttyS-pad``,
``<folder>/ttyUSB-finger``), an SBI service on 127.0.0.1 (port 4501 when free)
with a CA written to ``<folder>/sbi-ca.pem``, and an MJPEG camera on 127.0.0.1;
writes ``<folder>/station.toml`` pointing at them and runs until Ctrl+C.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from pathlib import Path

import tomli_w

from tests.drivers.emulators.camera import MjpegServer
from tests.drivers.emulators.isdv4 import Isdv4Emulator
from tests.drivers.emulators.r30x import R30xEmulator
from tests.drivers.emulators.sbi import SbiEmulator, make_identity


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sbi-port", type=int, default=4501)
    args = parser.parse_args(argv)
    folder: Path = args.folder
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_identity("Emulated device-provider CA", ca=True)
    (folder / "sbi-ca.pem").write_bytes(ca.pem())
    try:
        sbi = SbiEmulator(ca=ca, port=args.sbi_port)
    except OSError:
        sbi = SbiEmulator(ca=ca)  # the usual port is taken: any free one
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.ExitStack() as stack:
        pad = stack.enter_context(Isdv4Emulator(folder / "ttyS-pad"))
        finger = stack.enter_context(R30xEmulator(folder / "ttyUSB-finger"))
        stack.enter_context(sbi)
        camera = stack.enter_context(MjpegServer(fps=15))
        trust = str(folder / "sbi-ca.pem")
        config = {"devices": {
            "camera": {"backend": "opencv", "source": camera.url},
            "fingerprint": {"backend": "r30x", "port": finger.port},
            "iris": {"backend": "sbi", "port": sbi.port, "trust_store": trust},
            "signature": {"backend": "isdv4", "port": pad.port},
        }}
        (folder / "station.toml").write_text(tomli_w.dumps(config))
        print(f"emulators running; configuration: {folder / 'station.toml'}", flush=True)
        print(f"  signature isdv4 {pad.port}\n  fingerprint r30x {finger.port}\n"
              f"  SBI (finger/iris/face) 127.0.0.1:{sbi.port}, trust store {trust}\n  camera {camera.url}", flush=True)
        print("try: .venv/bin/station selfcheck --config " + str(folder / "station.toml") + "   (Ctrl+C stops)", flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
