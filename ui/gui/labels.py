"""The operators' names of statuses and kinds on screen: ``app.domain.labels`` through Qt's translator.

The Indonesian names are the source strings of the "Labels" context; their English
comes from the same table (``scripts/build_translations.py`` writes it into
``station_en.qm``), so a language switch re-reads them like every other string.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication

from app.domain import labels as names

CONTEXT = "Labels"


def tr_label(label: names.Label) -> str:
    return QCoreApplication.translate(CONTEXT, label.id)


def shown(value: enum.Enum) -> str:
    """Any stored status or kind (queue state, centre status, role, site kind…) as the operator reads it."""
    return tr_label(names.label(value))


def position(modality: str, slug: str) -> str:
    return tr_label(names.capture_position(modality, slug))


def colour(label: names.Label) -> str:
    return names.TONE_COLOURS[label.tone]


def language_words(id_text: str, en_text: str) -> str:
    """A sentence built from bilingual service text, in the current GUI language."""
    return en_text if QCoreApplication.translate(CONTEXT, "id") == "en" else id_text
