"""Pure e-KTP rules and domain vocabulary: no I/O, no Qt."""
