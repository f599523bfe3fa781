"""The hub processes what it receives: verify, decode, deduplicate, set the status (workers)."""
