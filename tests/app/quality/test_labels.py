"""Every quality check has its operator's name, in both languages, in app/quality/labels.py."""

from __future__ import annotations

import ast
from pathlib import Path

import app.quality
from app.quality.labels import CHECK_LABELS, check_label


def _check_names_in_the_gates() -> set[str]:
    """The ``name`` of every ``QualityCheck(...)`` / ``QualityCheck.judge(...)`` the gates build."""
    names: set[str] = set()
    for path in Path(app.quality.__path__[0]).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            if (called == "QualityCheck" or (owner, called) == ("QualityCheck", "judge")) and isinstance(
                    node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return names


def test_every_check_a_gate_makes_has_a_label() -> None:
    names = _check_names_in_the_gates()
    assert {"face_count", "nfiq2", "iris_found", "strokes"} <= names  # the scan finds the gates' checks
    assert names <= set(CHECK_LABELS), sorted(names - set(CHECK_LABELS))


def test_labels_are_bilingual_and_an_unknown_check_keeps_its_name() -> None:
    for name, label in CHECK_LABELS.items():
        assert label.id.strip() and label.en.strip(), name
    assert check_label("centring").text("id") == "Posisi tengah" and check_label("centring").text("en") == "Centring"
    assert check_label("new_check").text("en") == "new_check"
