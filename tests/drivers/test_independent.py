"""A missing independent program fails the test in CI and only skips (loudly) elsewhere."""

from __future__ import annotations

import pytest

from tests.drivers import independent


def test_missing_program_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(independent.shutil, "which", lambda name: None)
    monkeypatch.setattr(independent.os.path, "exists", lambda path: False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="xserver-xorg-input-wacom"):
        independent.require_program("isdv4-serial-debugger", "xserver-xorg-input-wacom")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="NOT CHECKED"):
        independent.require_program("isdv4-serial-debugger", "xserver-xorg-input-wacom")


def test_present_program_is_found() -> None:
    assert independent.require_program("sh", "dash").endswith("sh")
