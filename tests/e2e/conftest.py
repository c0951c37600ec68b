"""Browser end-to-end: the app in a child process, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from assistant.ui.process import running_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("KPI_SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "kpi-e2e-screenshots"))


_TAKEN: list[Path] = []


def pytest_terminal_summary(terminalreporter):
    if _TAKEN:
        terminalreporter.write_line(f"browser screenshots ({len(_TAKEN)}): {SCREENSHOTS}")


@pytest.fixture(scope="session")
def e2e_app(tmp_path_factory):
    """Base URL of the running app (offline engine, data under a temporary folder)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (run `make browser`)")
    root = tmp_path_factory.mktemp("e2e")
    with running_app(root / "data", root / "app.log") as url:
        yield url


# Module scope: Playwright's sync API runs an event loop while it is open, and a later test that opens its own
# (tests/state/test_replicas.py) fails with "Sync API inside the asyncio loop" if this one is still open.
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (run `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, e2e_app):
    """A fresh browser context (its own localStorage, so its own session) on the app."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(e2e_app)
    page.wait_for_selector("#chat-input textarea")
    yield page
    context.close()


@pytest.fixture
def shot(request):
    """shot('step-name') saves a full-page screenshot as <test>-<n>-<step>.png in the printed folder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(page, step: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        _TAKEN.append(path)
        return path

    return take
