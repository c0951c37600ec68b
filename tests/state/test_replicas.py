"""Two app processes on different ports sharing one real Postgres, with a login: a user logged in on one is logged in
on the other, a plan saved through one is listed and opened through the other, a conversation continues on the
other, and another user sees none of it."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest
from gradio_client import Client

from assistant.ui.process import app_process
from assistant.users import UsersFile

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
PASSWORDS = {"alice": "alice-password-1", "bob": "bob-password-22"}


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, postgres_server):
    root = tmp_path_factory.mktemp("replicas")
    users = UsersFile(root / "users.txt")
    for name, password in PASSWORDS.items():
        users.add(name, password)
    env = {"KPI_DATABASE_URL": postgres_server.new_database(f"replicas_{uuid.uuid4().hex[:8]}"),
           "KPI_USERS_FILE": str(users.path)}
    with ExitStack() as stack:
        apps = [stack.enter_context(app_process(root / name / "data", root / f"{name}.log", extra_env=env))
                for name in ("a", "b")]
        yield [app.url for app in apps]


def _login(url: str, name: str) -> str:
    """POST the login form; returns the Cookie header the app set."""
    body = urllib.parse.urlencode({"username": name, "password": PASSWORDS[name]}).encode()
    with urllib.request.urlopen(urllib.request.Request(f"{url}/login", data=body), timeout=30) as resp:  # noqa: S310
        return "; ".join(c.split(";", 1)[0] for c in resp.headers.get_all("set-cookie"))


def _config_status(url: str, cookie: str | None) -> int:
    req = urllib.request.Request(f"{url}/config", headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 (loopback)
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def test_a_login_made_on_one_replica_is_valid_on_the_other_and_nothing_is_served_without_one(replicas):
    a, b = replicas
    cookie = _login(a, "alice")
    assert _config_status(b, cookie) == 200
    assert _config_status(b, None) == 401 and _config_status(a, "access-token-x=forged") == 401


def test_a_conversation_started_on_one_replica_continues_on_the_other_for_that_user_only(replicas):
    a, b = replicas
    on_a = Client(a, auth=("alice", PASSWORDS["alice"]), verbose=False, download_files=False)
    on_b = Client(b, auth=("alice", PASSWORDS["alice"]), verbose=False, download_files=False)
    on_b.session_hash = on_a.session_hash  # the same client, its next request routed to the other replica
    _, history = on_a.predict("J'ai dépensé 1200 € en publicité et gagné 15 clients. Quel est mon CAC ?", [], "fr",
                              api_name="/chat")
    assert "80 €" in str(history[-1]["content"])
    _, history = on_b.predict("et avec 20 clients ?", history, "fr", api_name="/chat")
    assert "1 200 / 20 = 60" in str(history[-1]["content"])  # B knew the spend given to A
    bob = Client(b, auth=("bob", PASSWORDS["bob"]), verbose=False, download_files=False)
    bob.session_hash = on_a.session_hash  # even on the same page id, another user has another conversation
    _, theirs = bob.predict("et avec 20 clients ?", [], "fr", api_name="/chat")
    assert "1 200 / 20" not in str(theirs[-1]["content"])


@pytest.mark.browser
def test_a_plan_saved_through_one_replica_is_listed_and_opened_through_the_other(replicas, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (run `make browser`)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)  # two apps and a browser on a shared 2-core machine

    from tests.e2e.conftest import CHROMIUM_ARGS

    a, b = replicas
    plan_name = f"Plan équipe {uuid.uuid4().hex[:6]}"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            alice = browser.new_context().new_page()
            alice.set_default_timeout(60_000)
            _browser_login(alice, a, "alice")
            alice.get_by_role("tab", name="Plan de KPI").click()
            alice.fill("#plan-name textarea, #plan-name input", plan_name)
            alice.click("#plan-propose")
            expect(alice.locator("#plan-kpis")).to_contain_text("CAC")
            alice.click("#plan-save")
            expect(alice.locator("#plan-list input")).to_have_value(plan_name)

            alice.goto(b)  # the other replica: the login cookie is shared, no second login
            alice.wait_for_selector("#chat-input textarea")
            alice.get_by_role("tab", name="Plan de KPI").click()
            alice.click("#plan-refresh")
            expect(alice.locator("#plan-list input")).to_have_value(plan_name)
            alice.click("#plan-open")
            expect(alice.locator("#plan-message")).to_contain_text(plan_name)
            expect(alice.locator("#plan-kpis")).to_contain_text("CAC")
            alice.screenshot(path=str(tmp_path / "replica-b-opened.png"), full_page=True)

            bob = browser.new_context().new_page()
            bob.set_default_timeout(60_000)
            _browser_login(bob, b, "bob")
            bob.get_by_role("tab", name="Plan de KPI").click()
            bob.click("#plan-refresh")
            bob.locator("#plan-list").click()
            expect(bob.get_by_role("option", name=plan_name)).to_have_count(0)
        finally:
            browser.close()


def _browser_login(page, url: str, name: str) -> None:
    page.goto(url)
    page.get_by_label("username").fill(name)
    page.get_by_label("password").fill(PASSWORDS[name])
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("#chat-input textarea")
