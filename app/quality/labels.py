"""What each quality check is called on screen and on the command line: one table, beside the checks.

The names are the checks' ``QualityCheck.name`` values (``app/quality/face.py``, ``finger.py``,
``iris.py``, ``signature.py``); the GUI's live face checklist and ``station quality`` both read them here. A new
check gets its line here in the same change.
"""

from __future__ import annotations

from app.domain.labels import Label

CHECK_LABELS: dict[str, Label] = {
    # face (ISO/IEC 19794-5 token photo)
    "face_count": Label("Jumlah wajah", "Faces"),
    "centring": Label("Posisi tengah", "Centring"),
    "head_size": Label("Ukuran kepala", "Head size"),
    "roll": Label("Kemiringan kepala", "Head tilt"),
    "sharpness": Label("Ketajaman", "Sharpness"),
    "brightness": Label("Kecerahan", "Brightness"),
    "exposure": Label("Bagian silau atau gelap", "Glare or dark areas"),
    "lighting": Label("Cahaya merata", "Even lighting"),
    "background_uniformity": Label("Latar polos", "Plain backdrop"),
    "background_colour": Label("Warna latar", "Backdrop colour"),
    # finger
    "image_size": Label("Ukuran gambar", "Image size"),
    "nfiq2": Label("NFIQ 2", "NFIQ 2"),
    "contrast": Label("Kontras", "Contrast"),
    "foreground": Label("Luas jari", "Finger area"),
    "minutiae": Label("Minusi", "Minutiae"),
    # iris
    "iris_found": Label("Iris ditemukan", "Iris found"),
    "iris_size": Label("Jari-jari iris (px)", "Iris radius (px)"),
    "visible_iris": Label("Iris terlihat", "Visible iris"),
    "score": Label("Skor", "Score"),
    # signature
    "strokes": Label("Jumlah goresan", "Strokes"),
    "ink_length": Label("Panjang tinta", "Ink length"),
    "width": Label("Lebar tanda tangan", "Signature width"),
    "height": Label("Tinggi tanda tangan", "Signature height"),
    "duration": Label("Lama menulis", "Writing time"),
}


def check_label(name: str) -> Label:
    """The operator's name of a check (the raw name only for a check this table does not know yet)."""
    return CHECK_LABELS.get(name, Label(name, name))
