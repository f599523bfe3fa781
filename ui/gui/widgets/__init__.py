"""Reusable GUI widgets."""
