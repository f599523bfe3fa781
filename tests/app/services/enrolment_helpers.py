"""Helpers and fixtures for the enrolment tests: people, a visit, synthetic applicants, images, reports."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from app.bootstrap import Station
from app.domain.enums import Modality, Role
from app.quality.report import QualityCheck, QualityReport

PASSWORD = "rahasia-panjang-123"


def report(modality: Modality, score: float, passed: bool) -> QualityReport:
    """A quality report as a gate would return it (tests decide pass/fail directly)."""
    return QualityReport(modality, passed, score, (QualityCheck("score", passed, score, 40),))


@dataclass
class People:
    officer_id: int
    supervisor_id: int
    visit_id: int
    site_id: int


def make_people(station: Station) -> People:
    officer = station.operators.create_operator("petugas1", "Petugas Satu", Role.OFFICER, PASSWORD)
    supervisor = station.operators.create_operator("spv1", "Supervisor Satu", Role.SUPERVISOR, PASSWORD)
    site = station.sites.create_site("SMA Negeri 99 Contoh", "school", region_code="357301")
    visit = station.sites.open_visit(site.id, operator_ids=[officer.id])
    return People(officer.id, supervisor.id, visit.id, site.id)


def add_applicant(station: Station, nik: str, name: str, site_id: int) -> int:
    return station.applicants.add_manual(nik, name, site_id=site_id).id


def face_image() -> np.ndarray:
    image = np.full((400, 300, 3), 200, np.uint8)
    image[100:300, 80:220] = (90, 120, 160)
    return image


def iris_image(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(40, 200, (480, 640), dtype=np.uint8)


@pytest.fixture
def people(station: Station) -> People:
    return make_people(station)


@pytest.fixture
def applicant_id(station: Station, people: People) -> int:
    return add_applicant(station, "3573014503080001", "Siti Contoh", people.site_id)
