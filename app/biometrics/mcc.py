"""Minutia Cylinder-Code (MCC) words: the duplicate pre-filter's local descriptor.

After Cappelli, Ferrara and Maltoni, "Minutia Cylinder-Code: a new
representation and matching technique for fingerprint recognition" (IEEE TPAMI
32(12), 2010) and "Fingerprint indexing based on Minutia Cylinder-Code" (IEEE
TPAMI 33(5), 2011). Each minutia gets a cylinder: a grid of ``NS``×``NS`` cells
of radius ``RADIUS`` around it, turned to the minutia's direction, with
``ND`` direction sections; a cell holds how strongly neighbouring minutiae at
that place and relative direction contribute (spatial and directional
Gaussians), and is binarised. The cylinder is invariant to where the finger
lay on the glass and how it was turned.

As in the indexing paper the binary cylinders are hashed by locality-sensitive
hashing: ``TABLES`` fixed random choices of ``BITS`` cell bits each. Two
cylinders of the same place on the same finger mostly agree bit for bit, so
they often share a hash word; a template becomes the bag of its cylinders'
words, and the pre-filter ranks stored templates by the similarity of those
bags (words shared by many stored templates count less). Bozorth3 still makes
every decision.

What is stored per template (``biometric_templates.prefilter``, beside the
pair histogram) is the bag: one byte per word (counts above 255 are capped).
"""

from __future__ import annotations

import functools

import numpy as np

RADIUS = 70.0  # cylinder radius in pixels at 500 ppi (the papers' R)
NS = 8  # cells across the cylinder's base
ND = 6  # direction sections
SIGMA_S = 28.0 / 3.0  # spatial Gaussian (pixels)
SIGMA_D = 2.0 * np.pi / 9.0  # directional Gaussian (radians)
CELL_ON = 0.30  # a cell's bit is set above this (contributions are 1.0 at a neighbour on the cell centre)
MIN_NEIGHBOURS = 2  # a cylinder with fewer neighbouring minutiae says nothing about the finger
MIN_BITS = 6  # nor one with almost no set cells
TABLES = 12  # hash functions (the papers' L)
BITS = 6  # cell bits per hash (the papers' h): words are 0..63 (on real synthetic prints 12×6 ranked as well as 6×8)
WORDS = TABLES * (1 << BITS)  # the bag's length
_HASH_SEED = 20110501


@functools.lru_cache(maxsize=1)
def _geometry() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell centres in a minutia's own frame (valid cells only), section centres, and the hash bit choices."""
    step = 2 * RADIUS / NS
    offsets = (np.arange(NS) - (NS - 1) / 2) * step
    u, v = np.meshgrid(offsets, offsets, indexing="ij")
    inside = np.hypot(u, v) <= RADIUS
    centres = np.column_stack([u[inside], v[inside]]).astype(np.float32)  # (cells, 2)
    sections = (-np.pi + (np.arange(ND) + 0.5) * 2 * np.pi / ND).astype(np.float32)
    bits = len(centres) * ND
    rng = np.random.default_rng(_HASH_SEED)
    choices = np.stack([rng.choice(bits, BITS, replace=False) for _ in range(TABLES)])  # (TABLES, BITS)
    return centres, sections, choices


def _wrap(angle: np.ndarray) -> np.ndarray:
    return (angle + np.pi) % (2 * np.pi) - np.pi


def cylinders(minutiae: np.ndarray) -> np.ndarray:
    """The valid binary cylinders of (n, 3) x, y, angle-radians minutiae, as an (m, cells·ND) bool array."""
    centres, sections, _ = _geometry()
    count = len(minutiae)
    width = len(centres) * ND
    if count < MIN_NEIGHBOURS + 1:
        return np.zeros((0, width), dtype=bool)
    xy = minutiae[:, :2].astype(np.float32)
    theta = minutiae[:, 2].astype(np.float32)
    delta = xy[None, :, :] - xy[:, None, :]  # (centre m, neighbour t, 2)
    distance = np.hypot(delta[..., 0], delta[..., 1])
    near = (distance <= RADIUS + 3 * SIGMA_S) & ~np.eye(count, dtype=bool)
    m, t = np.nonzero(near)
    if len(m) == 0:
        return np.zeros((0, width), dtype=bool)
    cos, sin = np.cos(theta[m]), np.sin(theta[m])
    du, dv = delta[m, t, 0], delta[m, t, 1]
    local = np.column_stack([cos * du + sin * dv, -sin * du + cos * dv])  # neighbour in the centre's frame
    squared = (local[:, 0:1] - centres[None, :, 0]) ** 2 + (local[:, 1:2] - centres[None, :, 1]) ** 2
    spatial = np.exp(squared * np.float32(-0.5 / SIGMA_S ** 2))  # (pairs, cells)
    turn = _wrap(theta[t] - theta[m])
    directional = np.exp(_wrap(turn[:, None] - sections[None, :]) ** 2 * np.float32(-0.5 / SIGMA_D ** 2))
    # Per centre, sum over its neighbours of spatial ⊗ directional: one batched matrix product, neighbours padded.
    per_centre = np.bincount(m, minlength=count)
    slot = np.arange(len(m)) - np.repeat(np.cumsum(per_centre) - per_centre, per_centre)
    padded_spatial = np.zeros((count, int(per_centre.max()), len(centres)), dtype=np.float32)
    padded_directional = np.zeros((count, int(per_centre.max()), ND), dtype=np.float32)
    padded_spatial[m, slot] = spatial
    padded_directional[m, slot] = directional
    value = np.matmul(padded_spatial.transpose(0, 2, 1), padded_directional).reshape(count, width)
    neighbours = np.bincount(m[distance[m, t] <= RADIUS], minlength=count)
    bits = value >= CELL_ON
    valid = (neighbours >= MIN_NEIGHBOURS) & (bits.sum(axis=1) >= MIN_BITS)
    return bits[valid]


def words(minutiae: np.ndarray) -> np.ndarray:
    """Each valid cylinder's hash word per table, an (m, TABLES) uint8 array."""
    bits = cylinders(minutiae)
    _, _, choices = _geometry()
    weights = (1 << np.arange(BITS)).astype(np.int64)
    return (bits[:, choices].astype(np.int64) @ weights).astype(np.uint8)  # (m, TABLES)


def bag(minutiae: np.ndarray) -> np.ndarray:
    """Word counts of all cylinders over all tables, a (WORDS,) uint8 vector (capped at 255)."""
    found = words(minutiae)
    offsets = (np.arange(TABLES) << BITS)[None, :]
    counts = np.bincount((found.astype(np.int64) + offsets).ravel(), minlength=WORDS)
    return np.minimum(counts, 255).astype(np.uint8)
