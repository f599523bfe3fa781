"""Hypothesis strategies shared by the fuzz tests: wrong JSON types, broken encodings, truncations, byte damage."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=2**63 - 2, max_value=2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=40)
           | st.sampled_from(["", "0", "-1", "1e309", "\ud800", "NaN", "null", "9" * 50, "x" * 300]))
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=10)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path inside nested dicts/lists (for replacing one field)."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(paths(child, (*prefix, index)))
    return found


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """A deep copy of ``value`` with the item at ``path`` set to ``new`` (or removed when new is ``...``)."""
    copy = json.loads(json.dumps(value))
    target = copy
    for key in path[:-1]:
        target = target[key]
    if new is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return copy


@st.composite
def wrong_field(draw: st.DrawFn, valid: dict[str, Any]) -> Any:
    """``valid`` with one field (at any depth) replaced by junk, removed, or an unknown key added."""
    choice = draw(st.sampled_from(["replace", "remove", "extra", "whole"]))
    if choice == "whole":
        return draw(JSON_VALUES)
    if choice == "extra":
        return {**valid, draw(st.text(min_size=1, max_size=10)): draw(JSON_VALUES)}
    path = draw(st.sampled_from(paths(valid)))
    return replaced(valid, path, ... if choice == "remove" else draw(JSON_VALUES))


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


@st.composite
def damaged_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` truncated, with bytes flipped, inserted or removed, or with invalid UTF-8 spliced in."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "utf8"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            data[at:at] = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00"]))
    return bytes(data)


@st.composite
def json_bodies(draw: st.DrawFn, valid: dict[str, Any]) -> bytes:
    """What a careless or hostile client might send where ``valid`` belongs."""
    kind = draw(st.sampled_from(["wrong_field", "wrong_field", "damaged", "random", "huge", "deep", "valid"]))
    if kind == "wrong_field":
        return _dump(draw(wrong_field(valid)))
    if kind == "damaged":
        return draw(damaged_bytes(_dump(valid)))
    if kind == "random":
        return draw(st.binary(max_size=200))
    if kind == "huge":
        key = draw(st.sampled_from(sorted(valid)))
        return _dump({**valid, key: "x" * draw(st.integers(60_000, 200_000))})
    if kind == "deep":
        depth = draw(st.integers(30, 5000))
        return b"[" * depth + b"]" * draw(st.integers(0, depth))
    return _dump(valid)
