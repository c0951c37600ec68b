"""Shared paths of the example files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dataset.kpis import build_kpi_table
from assistant.dataset.load import load_path

EXAMPLES = Path(__file__).resolve().parents[2] / "knowledge" / "examples"


@pytest.fixture
def fr_table():
    return build_kpi_table(load_path(EXAMPLES / "marketing_sample.csv"))


@pytest.fixture
def en_table():
    return build_kpi_table(load_path(EXAMPLES / "marketing_sample_en.csv"))
