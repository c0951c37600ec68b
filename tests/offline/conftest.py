"""Fixtures of the offline engine tests: the real curated entries behind a keyword retriever, a fresh engine."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from assistant.offline.engine import OfflineEngine
from assistant.session import Session


def _load(name: str, file: str):
    # Test folders are not packages: load helpers under unique names so other folders' helpers cannot shadow them.
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(file))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


offline_fakes = _load("offline_fakes", "fakes.py")


@pytest.fixture(scope="session")
def retriever():
    """Keyword search over the real knowledge entries (no index build)."""
    return offline_fakes.KeywordRetriever()


@pytest.fixture
def engine(retriever) -> OfflineEngine:
    """The offline engine over that retriever."""
    return OfflineEngine(retriever)


@pytest.fixture
def session() -> Session:
    """A fresh conversation."""
    return Session()
