"""Property-based fuzzing helpers: hypothesis profiles (quick in the suite, long for ``make fuzz``) and tallies.

Every fuzzed boundary counts its generated cases in a :class:`Tally`: accepted
(valid input taken), refused (the boundary's own clear error) and unhandled
(anything else: a traceback would have reached a person). ``tests/fuzz/conftest.py``
prints the tallies after the run and writes them as JSON to ``$EKTP_FUZZ_REPORT``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings

LONG_RUN = os.environ.get("EKTP_FUZZ") == "1"

settings.register_profile(
    "ektp-quick", deadline=None, database=None, derandomize=False, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                           HealthCheck.function_scoped_fixture],
)
settings.register_profile("ektp-fuzz", parent=settings.get_profile("ektp-quick"), max_examples=2000)


def fuzz_settings(quick: int, long: int) -> settings:
    """``quick`` examples in the normal suite (a few seconds), ``long`` under ``make fuzz`` (EKTP_FUZZ=1)."""
    profile = settings.get_profile("ektp-fuzz" if LONG_RUN else "ektp-quick")
    return settings(profile, max_examples=long if LONG_RUN else quick)


@dataclass
class Tally:
    boundary: str
    tried: int = 0
    accepted: int = 0
    refused: int = 0
    unhandled: int = 0
    samples: list[str] = field(default_factory=list)

    @contextlib.contextmanager
    def case(self, refusals: tuple[type[BaseException], ...]) -> Iterator[None]:
        """One generated case: the boundary must take it or refuse it with one of ``refusals``."""
        self.tried += 1
        try:
            yield
        except refusals:
            self.refused += 1
            return
        except Exception as exc:
            self.unhandled += 1
            if len(self.samples) < 5:
                self.samples.append(f"{type(exc).__name__}: {str(exc)[:160]}")
            raise
        self.accepted += 1

    def fail(self, detail: str) -> None:
        """A case the boundary answered, but wrongly (a 5xx, a traceback on stderr, a leftover file)."""
        self.unhandled += 1
        if len(self.samples) < 5:
            self.samples.append(detail[:200])
        raise AssertionError(detail)


TALLIES: dict[str, Tally] = {}


def tally(boundary: str) -> Tally:
    return TALLIES.setdefault(boundary, Tally(boundary))
