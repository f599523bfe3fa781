"""Every backend in drivers/registry.py runs its family's contract suite somewhere under tests/drivers."""

from __future__ import annotations

import importlib
from pathlib import Path

from drivers.registry import BACKENDS, backend_class
from tests.drivers.contracts import DeviceContract


def _contract_suites() -> list[type[DeviceContract]]:
    """Import every test module under tests/drivers and collect the contract subclasses it defines."""
    found: list[type[DeviceContract]] = []
    root = Path(__file__).resolve().parents[2]
    for path in sorted(Path(__file__).resolve().parent.rglob("test_*.py")):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DeviceContract) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_every_registered_backend_has_a_contract_suite() -> None:
    covered = {(suite.family, suite.backend) for suite in _contract_suites()}
    missing = sorted(set(BACKENDS) - covered)
    assert not missing, f"backends without a contract-suite subclass in tests/drivers: {missing}"


def test_every_contract_suite_names_a_registered_backend_of_its_family() -> None:
    for suite in _contract_suites():
        assert (suite.family, suite.backend) in BACKENDS, suite.__qualname__
        assert backend_class(suite.family, suite.backend).family == suite.family
