"""Fingerprint minutiae templates and the station's local duplicate check."""
