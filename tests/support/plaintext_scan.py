"""Scan every file under a folder for anything readable that encryption at rest must hide.

Image and record formats are found by their signatures (JPEG, PNG, WSQ, JPEG 2000,
ANSI/NIST-ITL, ISO/IEC 19794-2 ``FMR`` templates, a plaintext SQLite file, a PEM
private key), at the start of a file and anywhere inside it (long signatures only
there, so random ciphertext does not match by chance); the caller adds the
synthetic NIKs, names and key bytes it knows. Used by the at-rest tests and by the
SIGKILL test of the audit/clean-up work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Checked at offset 0 only: short magic numbers.
FILE_START_SIGNATURES: dict[str, bytes] = {
    "JPEG": b"\xff\xd8\xff",
    "PNG": b"\x89PNG",
    "WSQ": b"\xff\xa0\xff",
    "JPEG 2000 codestream": b"\xff\x4f\xff\x51",
    "JPEG 2000 (JP2)": b"\x00\x00\x00\x0cjP  ",
    "ANSI/NIST-ITL": b"1.001:",
    "SQLite (plaintext)": b"SQLite format 3\x00",
    "JSON/text": b"{\"",
}

# Checked anywhere: long enough that ciphertext matches with odds below 2^-32 per position.
EMBEDDED_SIGNATURES: dict[str, bytes] = {
    "PNG": b"\x89PNG\r\n\x1a\n",
    "JPEG (JFIF)": b"JFIF\x00",
    "JPEG (Exif)": b"Exif\x00\x00",
    "JPEG (quantisation table)": b"\xff\xd8\xff\xdb\x00\x43",
    # WSQ: start of image, then the NIST comment (length below 256) or the transform table (always 58 bytes);
    # four bytes alone matched ciphertext by chance in a many-megabyte SQLCipher WAL
    "WSQ": b"\xff\xa0\xff\xa8\x00",
    "WSQ (tables)": b"\xff\xa0\xff\xa4\x00\x3a",
    "WSQ (NIST comment)": b"NIST_COM",
    "JPEG 2000 (JP2)": b"\x00\x00\x00\x0cjP  \r\n\x87\n",
    "JPEG 2000 codestream": b"\xff\x4f\xff\x51\x00",
    "ANSI/NIST-ITL": b"1.001:",
    "ISO 19794-2 template (FMR)": b"FMR\x00 20\x00",
    "SQLite (plaintext)": b"SQLite format 3\x00",
    "PEM private key": b"PRIVATE KEY-----",
}


@dataclass(frozen=True)
class Finding:
    path: Path
    what: str
    offset: int

    def __str__(self) -> str:
        return f"{self.path} @ {self.offset}: {self.what}"


def scan_for_plaintext(root: Path, needles: Iterable[str | bytes] = (), *,
                       skip: Iterable[str] = ()) -> list[Finding]:
    """Every readable trace under ``root``: signatures, and each needle (UTF-8 and UTF-16-LE for text).

    ``skip`` names files (relative to ``root``) known to be configuration, e.g. ``config/station.toml``.
    """
    patterns: list[tuple[str, bytes]] = list(EMBEDDED_SIGNATURES.items())
    for needle in needles:
        if isinstance(needle, str):
            patterns.append((f"text {needle!r}", needle.encode("utf-8")))
            patterns.append((f"text {needle!r} (UTF-16)", needle.encode("utf-16-le")))
        else:
            patterns.append((f"bytes {needle[:4].hex()}…", needle))
    skipped = {Path(name) for name in skip}
    findings: list[Finding] = []
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        if path.relative_to(root) in skipped:
            continue
        data = path.read_bytes()
        for what, signature in FILE_START_SIGNATURES.items():
            if data.startswith(signature) and not (what == "JSON/text" and _is_keyring(path)):
                findings.append(Finding(path, what, 0))
        for what, pattern in patterns:
            offset = data.find(pattern)
            if offset >= 0:
                findings.append(Finding(path, what, offset))
    return findings


def _is_keyring(path: Path) -> bool:
    """The keyring is JSON on purpose: wrapped keys, salts and counters (checked by the needles)."""
    return path.name == "keyring.json"
