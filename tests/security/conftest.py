"""One app server for the security suite (offline engine, data under a temporary folder), and its RSS at the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ui.process import AppProcess, app_process


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@pytest.fixture(scope="session")
def attacked_app(tmp_path_factory):
    """The app, started once; after the suite its resident memory is printed (the issue asks for the figure)."""
    root = tmp_path_factory.mktemp("security")
    with app_process(root / "data", root / "app.log") as app:
        yield app
        print(f"\n[security] app server RSS after the suite: {rss_mb(app.pid):.0f} MB")


__all__ = ["AppProcess", "rss_mb"]
