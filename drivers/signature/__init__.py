"""Signature pads."""
