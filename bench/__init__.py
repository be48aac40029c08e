"""Benchmarks: run by hand at full size, and in CI with small sizes."""
