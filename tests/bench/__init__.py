"""Benchmark kit: `python3 tests/bench/run.py` (see README, "Benchmarks"). Not collected by pytest."""
