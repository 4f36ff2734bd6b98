"""Benchmarks of clientgen against its peers: `nox -s bench` writes docs/benchmarks.md."""
