"""Cameras for the face photo."""
