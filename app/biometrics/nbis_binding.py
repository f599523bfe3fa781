"""A shim around nbis-py's generated (UniFFI) binding: bytes go into Rust in one copy.

The generated ``NbisExtractor.extract_minutiae`` and ``load_iso_19794_2_2005``
lower their ``bytes`` argument through ``_UniffiRustBufferBuilder.write``,
which stores it into the Rust buffer one byte at a time in Python (about 20 ms
for a 100 KB PNG, twice per scan). Here the same buffer (a big-endian i32
length, then the bytes, allocated by Rust's own allocator so Rust may free it)
is filled with one ``ctypes.memmove`` and handed to the same FFI function.

The shim reaches into the binding's private names, so it is checked against
the version it was written for (``TESTED_VERSION``, pinned in pyproject.toml).
If the binding changes shape the binding's own (slow) methods are used and
``FAST_PATH`` is False; ``tests/app/biometrics/test_nbis_binding.py`` fails
loudly on that, so an upgrade cannot silently lose the fast path.
"""

from __future__ import annotations

import ctypes
import logging
import struct
from importlib import metadata
from typing import Any

import nbis

log = logging.getLogger(__name__)

TESTED_VERSION = "0.1.3"  # nbis-py; the shim was read against and tested with this binding
_LENGTH = struct.Struct(">i")

try:
    from nbis import nbis as _generated
except ImportError:  # pragma: no cover - a binding without the generated module
    _generated = None

_REQUIRED = ("_UniffiRustBuffer", "_UniffiLib", "_uniffi_rust_call_with_error", "_UniffiConverterTypeNbisError",
             "Minutiae", "NbisExtractor")
_FUNCTIONS = ("uniffi_nbis_fn_method_nbisextractor_extract_minutiae",
              "uniffi_nbis_fn_method_nbisextractor_load_iso_19794_2_2005", "ffi_nbis_rustbuffer_alloc")


def installed_version() -> str | None:
    try:
        return metadata.version("nbis-py")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return None


def binding_problems() -> list[str]:
    """What does not look as the shim expects (empty when the fast path is safe to use)."""
    if _generated is None:
        return ["nbis.nbis (the generated module) is missing"]
    problems = [f"nbis.nbis.{name} is missing" for name in _REQUIRED if not hasattr(_generated, name)]
    if problems:
        return problems
    lib = _generated._UniffiLib
    problems += [f"libnbis has no {name}" for name in _FUNCTIONS if not hasattr(lib, name)]
    buffer_fields = [name for name, _ in getattr(_generated._UniffiRustBuffer, "_fields_", [])]
    if buffer_fields != ["capacity", "len", "data"]:
        problems.append(f"RustBuffer fields changed: {buffer_fields}")
    if not hasattr(_generated.Minutiae, "_make_instance_") or not hasattr(nbis.NbisExtractor, "_uniffi_clone_pointer"):
        problems.append("object handle helpers (_make_instance_, _uniffi_clone_pointer) are missing")
    version = installed_version()
    if version != TESTED_VERSION:
        problems.append(f"nbis-py {version} installed, the shim was tested with {TESTED_VERSION}")
    return problems


_PROBLEMS = binding_problems()
FAST_PATH = not _PROBLEMS
if not FAST_PATH:
    log.warning("nbis shim disabled, using the binding's own byte copy: %s", "; ".join(_PROBLEMS))


def _lower_bytes(data: bytes) -> Any:
    """A Rust-owned buffer holding ``data`` as UniFFI serialises bytes (i32 length, then the bytes)."""
    payload = _LENGTH.pack(len(data)) + bytes(data)
    buffer = _generated._UniffiRustBuffer.alloc(len(payload))
    ctypes.memmove(buffer.data, payload, len(payload))
    buffer.len = len(payload)
    return buffer


def _call(extractor: nbis.NbisExtractor, function_name: str, data: bytes) -> nbis.Minutiae:
    function = getattr(_generated._UniffiLib, function_name)
    pointer = _generated._uniffi_rust_call_with_error(
        _generated._UniffiConverterTypeNbisError, function, extractor._uniffi_clone_pointer(),
        _lower_bytes(data))
    return _generated.Minutiae._make_instance_(pointer)


def extract_minutiae(extractor: nbis.NbisExtractor, image: bytes) -> nbis.Minutiae:
    """``extractor.extract_minutiae(image)`` without the per-byte copy.

    Raises:
        nbis.NbisError: the image could not be read or processed (as the binding raises).
    """
    if not FAST_PATH:
        return extractor.extract_minutiae(image)
    return _call(extractor, "uniffi_nbis_fn_method_nbisextractor_extract_minutiae", image)


def load_iso_19794_2_2005(extractor: nbis.NbisExtractor, template: bytes) -> nbis.Minutiae:
    """``extractor.load_iso_19794_2_2005(template)`` without the per-byte copy.

    Raises:
        nbis.NbisError: not a template the binding can read.
    """
    if not FAST_PATH:
        return extractor.load_iso_19794_2_2005(template)
    return _call(extractor, "uniffi_nbis_fn_method_nbisextractor_load_iso_19794_2_2005", template)
