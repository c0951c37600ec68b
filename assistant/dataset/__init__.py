"""Bring your own numbers: load a CSV/XLSX of marketing data, compute KPIs from sums, chart them, flag anomalies."""
