"""Independent check: the linuxwacom ``isdv4-serial-debugger`` decodes the same points our driver decodes.

The debugger refuses a pty (its TIOCGSERIAL ioctl fails), so a tiny LD_PRELOAD
shim, compiled here with gcc, answers that one ioctl. It runs under
``stdbuf -oL`` so each PEN line arrives as it is printed.
"""

from __future__ import annotations

import os
import re
import selectors
import subprocess
import time
from pathlib import Path

import pytest

from drivers.signature.isdv4 import Isdv4SignaturePad
from tests.drivers.emulators.isdv4 import DEFAULT_QUERY, Isdv4Emulator, scripted_signature
from tests.drivers.independent import require_program

SHIM_SOURCE = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/serial.h>

/* Pretend every tty is a serial port: TIOCGSERIAL succeeds with zeroed data. */
int ioctl(int fd, unsigned long request, ...)
{
    static int (*real_ioctl)(int, unsigned long, ...);
    va_list args;
    void *arg;
    va_start(args, request);
    arg = va_arg(args, void *);
    va_end(args);
    if (request == TIOCGSERIAL) {
        memset(arg, 0, sizeof(struct serial_struct));
        return 0;
    }
    if (!real_ioctl)
        real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
    return real_ioctl(fd, request, arg);
}
"""

PEN_LINE = re.compile(r"^PEN\s+\d+:\s*(\d+)/\s*(\d+) \| pressure:\s*(\d+) \|\s+(\d+)/\s*(\d+) \|(.*)\|$")


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gcc = require_program("gcc", "gcc")
    folder = tmp_path_factory.mktemp("shim")
    source = folder / "fake_tiocgserial.c"
    source.write_text(SHIM_SOURCE)
    library = folder / "fake_tiocgserial.so"
    subprocess.run([gcc, "-shared", "-fPIC", "-o", str(library), str(source), "-ldl"], check=True)
    return library


def run_debugger(port: str, shim: Path, wanted: int, timeout: float = 15.0) -> list[str]:
    debugger = require_program("isdv4-serial-debugger", "xserver-xorg-input-wacom")
    stdbuf = require_program("stdbuf", "coreutils")
    env = {**os.environ, "LD_PRELOAD": str(shim)}
    process = subprocess.Popen(
        [stdbuf, "-oL", debugger, port], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
    )
    lines: list[str] = []
    buffer = b""
    selector = selectors.DefaultSelector()
    assert process.stdout is not None
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while sum(line.startswith("PEN") for line in lines) < wanted and time.monotonic() < deadline:
            if not selector.select(timeout=0.2):
                if process.poll() is not None:
                    break
                continue
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                break
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            lines.extend(part.decode(errors="replace") for part in complete)
    finally:
        selector.close()
        process.kill()
        process.wait()
        process.stdout.close()
    return lines


def test_debugger_and_driver_decode_the_same_points(tmp_path: Path, shim: Path) -> None:
    script = scripted_signature(25)
    # The script repeats: the debugger parses one packet per read(), so the stream must keep flowing.
    with Isdv4Emulator(tmp_path / "ttyS-pad", script=script, repeat=True) as emu:
        lines = run_debugger(emu.port, shim, wanted=len(script))
        assert any(f"x max: {DEFAULT_QUERY.x_max} y max {DEFAULT_QUERY.y_max}" in line for line in lines), lines
        assert any(f"version: {DEFAULT_QUERY.version}" in line for line in lines), lines
        debugger_points = []
        for line in lines:
            match = PEN_LINE.match(line)
            if match:
                flags = match.group(6)
                debugger_points.append(
                    (int(match.group(1)), int(match.group(2)), int(match.group(3)), "t" in flags, "p" in flags)
                )
        assert len(debugger_points) >= len(script), lines
        debugger_points = debugger_points[: len(script)]

        with Isdv4SignaturePad(port=emu.port) as pad:
            pad.start()
            driver_points = []
            while len(driver_points) < len(script):
                point = pad.wait_point(timeout=5.0)
                driver_points.append((point.x, point.y, point.pressure, point.tip, point.proximity))
    assert driver_points == debugger_points
