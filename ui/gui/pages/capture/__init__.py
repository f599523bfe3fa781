"""The capture steps: face, fingerprints, iris, signature, then review."""
