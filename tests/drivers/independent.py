"""Finding the independent programs that check our emulators: fail in CI, skip loudly elsewhere."""

from __future__ import annotations

import os
import shutil

import pytest


def require_program(name: str, package: str) -> str:
    """The path of ``name``; in CI (CI=true) a missing program FAILS the test, it never skips."""
    path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
    if path:
        return path
    message = f"independent program {name!r} not found: install the Debian package {package!r} (scripts/setup.sh does)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(f"!!! NOT CHECKED AGAINST AN INDEPENDENT PROGRAM — {message}")
    raise AssertionError  # unreachable; pytest.skip raises
