"""Deterministic marketing KPI calculators: pure functions, no LLM, no I/O."""
