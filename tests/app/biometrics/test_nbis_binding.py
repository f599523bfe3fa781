"""The nbis shim: one copy into Rust, the same results as the generated binding, and loud when the binding changes."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import cv2
import nbis
import pytest
from PIL import Image

from app.biometrics import nbis_binding
from app.biometrics.templates import encode_for_nbis, template_of
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def extractor() -> nbis.NbisExtractor:
    return nbis.new_nbis_extractor(nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=False, ppi=500.0))


def test_the_binding_has_the_shape_the_shim_was_written_for() -> None:
    assert nbis_binding.binding_problems() == []
    assert nbis_binding.FAST_PATH, "nbis-py changed: re-read its generated binding and update the shim"


def test_the_pinned_nbis_version_is_the_tested_one() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = [re.fullmatch(r"nbis-py==(\S+)", d) for d in dependencies]
    assert [m.group(1) for m in pins if m] == [nbis_binding.TESTED_VERSION]


def test_fast_extraction_equals_the_generated_binding(extractor: nbis.NbisExtractor) -> None:
    pixels = synthesize_fingerprint(21, FingerPosition.RIGHT_THUMB)
    png = cv2.imencode(".png", pixels)[1].tobytes()
    slow = extractor.extract_minutiae(png)
    fast = nbis_binding.extract_minutiae(extractor, png)
    assert fast.to_iso_19794_2_2005() == slow.to_iso_19794_2_2005()
    assert fast.compare(slow) == slow.compare(slow)


def test_uncompressed_pgm_gives_the_template_png_gave(extractor: nbis.NbisExtractor) -> None:
    pixels = synthesize_fingerprint(22, FingerPosition.LEFT_RING, quality="fair")
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")  # what the template extractor used to send
    from_png = template_of(extractor.extract_minutiae(buffer.getvalue()))
    assert template_of(nbis_binding.extract_minutiae(extractor, encode_for_nbis(pixels))) == from_png


def test_fast_load_round_trips_a_template(extractor: nbis.NbisExtractor) -> None:
    minutiae = nbis_binding.extract_minutiae(extractor, encode_for_nbis(synthesize_fingerprint(23, FingerPosition.LEFT_INDEX)))
    record = minutiae.to_iso_19794_2_2005()
    loaded = nbis_binding.load_iso_19794_2_2005(extractor, record)
    assert loaded.to_iso_19794_2_2005() == record


def test_errors_come_through_as_the_bindings_own(extractor: nbis.NbisExtractor) -> None:
    with pytest.raises(nbis.NbisError):
        nbis_binding.extract_minutiae(extractor, b"not an image")
    with pytest.raises(nbis.NbisError):
        nbis_binding.load_iso_19794_2_2005(extractor, b"FMR\0 junk")
    with pytest.raises(nbis.NbisError):
        nbis_binding.extract_minutiae(extractor, b"")
