"""``--compare DIR``: the same measurement run against another checkout's code, side by side.

A benchmark measures a tree by running its own measuring code (this file's
script, or a ``-c`` snippet) in a subprocess whose working directory and
``PYTHONPATH`` are that tree, so the other checkout's ``app``/``ui``/``drivers``
are the ones imported. The subprocess prints its result as JSON on its last line.
A script that is itself that subprocess imports this module only in its comparing
path: the compared tree may be older and have no ``bench/compare.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def run_in_tree(tree: Path, argv: Sequence[str], *, env: Mapping[str, str] | None = None,
                timeout: float | None = None) -> Any:
    """``python ARGV`` with ``tree`` as working directory and import path; returns the JSON of its last output line.

    ``env`` is added to this process's environment.

    Raises:
        SystemExit: the measurement failed (with the end of its output).
    """
    environment = {**os.environ, **(env or {}), "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, *argv], cwd=tree, env=environment, capture_output=True, text=True,
                          check=False, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"measurement in {tree} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
