"""Fingerprint scanners: single-finger modules and slap scanners."""
