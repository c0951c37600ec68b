"""Who owns plans and sessions: the login, else the browser id, else the API client's own id — never shared."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.identity import new_browser_id, owner_of, session_id_of


def request(username=None, session_hash=None):
    return SimpleNamespace(username=username, session_hash=session_hash)


def test_a_logged_in_user_owns_their_plans_whatever_the_browser():
    assert owner_of(new_browser_id(), request("alice")) == owner_of(None, request("alice")) == "user:alice"


def test_without_login_the_browser_id_is_the_owner():
    browser = new_browser_id()
    assert owner_of(browser, request(session_hash="x")) == browser


def test_clients_that_skip_the_page_load_each_get_their_own_owner():
    one, two = owner_of(None, request(session_hash="abc")), owner_of(None, request(session_hash="def"))
    assert one != two and owner_of(None, request(session_hash="abc")) == one
    assert owner_of("anonymous", None) != owner_of("anonymous", None)  # no id at all: a fresh one each time
    assert "anonymous" not in {one, two}


def test_a_user_on_two_browsers_has_two_chat_sessions_and_one_set_of_plans():
    b1, b2 = new_browser_id(), new_browser_id()
    s1, s2 = (session_id_of("user:alice", b, request("alice")) for b in (b1, b2))
    assert s1 != s2 and session_id_of("user:bob", b1, request("bob")) != s1
    assert session_id_of(b1, b1, request()) == b1
