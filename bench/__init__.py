"""Benchmarks: ``python -m bench.<name>``. Results and caches go to bench/results/ (not in git)."""
