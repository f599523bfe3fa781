"""Fuzz tests of every input boundary; prints how many cases each tried and how many were unhandled."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support.fuzz import LONG_RUN, TALLIES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLIES:
        return
    terminalreporter.section(f"fuzzed boundaries ({'long run' if LONG_RUN else 'quick run'})")
    for name in sorted(TALLIES):
        t = TALLIES[name]
        terminalreporter.write_line(f"{name:<28} tried {t.tried:>7}  accepted {t.accepted:>6}  "
                                    f"refused {t.refused:>7}  unhandled {t.unhandled}")
        for sample in t.samples:
            terminalreporter.write_line(f"    {sample}")
    report = os.environ.get("EKTP_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps({name: {k: v for k, v in vars(t).items()} for name, t in TALLIES.items()},
                                           indent=2), encoding="utf-8")
