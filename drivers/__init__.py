"""Device drivers: cameras, fingerprint scanners, iris scanners, signature pads.

This layer knows devices and bytes. It imports neither ``app`` nor Qt.
"""
