"""Benchmarks: `make bench` prints the figures the issues ask for. Figures, not pass/fail: machines are noisy."""
