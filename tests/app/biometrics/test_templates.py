"""Templates: NBIS extraction, the ISO/IEC 19794-2 layout the binding reads, the pre-filter descriptor."""

from __future__ import annotations

import numpy as np
import pytest

from app.biometrics.templates import (
    DESCRIPTOR_SIZE,
    TemplateExtractor,
    pair_descriptor,
    parse_iso_minutiae,
    write_iso_template,
)
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint


@pytest.fixture(scope="module")
def extractor() -> TemplateExtractor:
    return TemplateExtractor()


def test_extracted_template_parses_and_matches_itself(extractor: TemplateExtractor) -> None:
    template = extractor.extract(synthesize_fingerprint(5, FingerPosition.RIGHT_INDEX))
    assert template is not None
    minutiae = parse_iso_minutiae(template)
    assert minutiae.shape[1] == 3 and len(minutiae) >= 8
    assert (minutiae[:, 0] < 320).all() and (minutiae[:, 1] < 400).all()
    loaded = extractor.load(template)
    assert loaded.compare(extractor.load(template)) > 100


def test_written_templates_load_into_bozorth(extractor: TemplateExtractor) -> None:
    original = extractor.extract(synthesize_fingerprint(6, FingerPosition.LEFT_INDEX))
    minutiae = parse_iso_minutiae(original)
    rewritten = write_iso_template(minutiae, 320, 400)
    assert np.allclose(parse_iso_minutiae(rewritten)[:, :2], minutiae[:, :2])
    assert extractor.load(rewritten).compare(extractor.load(original)) > 100


def test_blank_image_gives_no_template(extractor: TemplateExtractor) -> None:
    assert extractor.extract(np.full((400, 320), 255, np.uint8)) is None


def test_descriptor_is_unit_length_and_rotation_free() -> None:
    rng = np.random.default_rng(3)
    minutiae = np.column_stack([rng.uniform(0, 300, 40), rng.uniform(0, 380, 40), rng.uniform(0, 2 * np.pi, 40)])
    angle = 0.4
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    turned = minutiae.copy()
    turned[:, :2] = minutiae[:, :2] @ rotation.T + 50
    turned[:, 2] = np.mod(minutiae[:, 2] + angle, 2 * np.pi)
    a, b = pair_descriptor(minutiae.astype(np.float32)), pair_descriptor(turned.astype(np.float32))
    assert a.shape == (DESCRIPTOR_SIZE,) and abs(float(np.linalg.norm(a)) - 1) < 1e-5
    assert float(a @ b) > 0.95


def test_garbage_is_not_a_template() -> None:
    with pytest.raises(ValueError):
        parse_iso_minutiae(b"not a template at all")


def test_stored_descriptor_round_trips_and_older_ones_are_stale(extractor: TemplateExtractor) -> None:
    from app.biometrics.templates import describe, descriptor_bytes, stored_descriptor

    template = extractor.extract(synthesize_fingerprint(8, FingerPosition.RIGHT_INDEX))
    computed = describe(template)
    stored = stored_descriptor(descriptor_bytes(template))
    assert np.allclose(stored.pairs, computed.pairs) and (stored.cylinders == computed.cylinders).all()
    assert np.allclose(computed.pairs, pair_descriptor(parse_iso_minutiae(template)))
    assert stored_descriptor(None) is None
    assert stored_descriptor(b"stale") is None
    assert stored_descriptor(computed.pairs.astype(np.float32).tobytes()) is None  # the release before MCC


def test_tiny_images_never_reach_nbis(extractor: TemplateExtractor) -> None:
    # NBIS aborts the whole process on images a few pixels high; they must be refused before it.
    assert extractor.extract(np.zeros((10, 400), np.uint8)) is None
    assert extractor.extract(np.zeros((10, 10), np.uint8)) is None


def test_unreadable_templates_raise_value_error(extractor: TemplateExtractor) -> None:
    with pytest.raises(ValueError):
        extractor.load(b"FMR\0 20\0" + bytes(40))


@pytest.mark.parametrize(("subject", "position", "quality"), [
    (41, FingerPosition.RIGHT_INDEX, "good"), (42, FingerPosition.LEFT_THUMB, "fair"),
    (43, FingerPosition.RIGHT_LITTLE, "poor")])
def test_nfiq2_gate_minutiae_give_the_same_template(extractor: TemplateExtractor, subject, position, quality) -> None:
    from app.quality.finger import assess_finger

    pixels = synthesize_fingerprint(subject, position, quality=quality)
    report = assess_finger(pixels, position)
    assert report.template is not None
    fresh = TemplateExtractor()  # nothing reused: a second extraction as before
    assert report.template.template == fresh.extract(pixels)
    assert extractor.extract(pixels, report.template) == report.template.template


def test_a_template_found_in_other_pixels_is_not_reused(extractor: TemplateExtractor) -> None:
    from app.biometrics.templates import ExtractedTemplate, image_digest

    pixels = synthesize_fingerprint(44, FingerPosition.RIGHT_MIDDLE)
    other = synthesize_fingerprint(45, FingerPosition.RIGHT_MIDDLE)
    stale = ExtractedTemplate(image_digest(other), b"FMR\0 not this finger")
    assert extractor.extract(pixels, stale) == extractor.extract(pixels)
    assert image_digest(pixels) != image_digest(pixels[:, :-1])
