"""The app started once for these tests, in a child process on a free loopback port, offline engine."""

from __future__ import annotations

import pytest

from assistant.ui.process import running_app


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """(base URL, data dir) of a running app whose data lives under a temporary folder."""
    root = tmp_path_factory.mktemp("app")
    with running_app(root / "data", root / "app.log") as url:
        yield url, root / "data"
