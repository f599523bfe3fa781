"""Iris scanners."""
