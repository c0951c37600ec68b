"""Fixtures of the reader tests: one intent model for the session (the real sentence encoder)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def intents():
    """The intent model over the shipped encoder (example vectors cached across runs)."""
    from assistant.offline.engine import shared_intent_model

    return shared_intent_model()
