"""Users for a team install: the hashed users file, `kpi user`, the trusted proxy header, shared login tokens."""

from __future__ import annotations

import stat
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from assistant.cli import app as kpi
from assistant.db import create_db_engine, upgrade
from assistant.ui.login import SharedTokens, launch_options, trusted_header_user
from assistant.users import UserError, UsersFile


def test_a_user_added_to_the_file_logs_in_with_their_password_only(tmp_path):
    users = UsersFile(tmp_path / "users.txt")
    users.add("alice", "correct horse battery")
    text = users.path.read_text()
    assert "alice:$argon2id$" in text and "correct horse" not in text  # only the hash is stored
    assert stat.S_IMODE(users.path.stat().st_mode) == 0o600
    assert users.verify("alice", "correct horse battery")
    assert not users.verify("alice", "wrong password!")
    assert not users.verify("mallory", "correct horse battery")
    assert UsersFile(users.path).names() == ["alice"]


def test_bad_names_short_passwords_and_duplicates_are_refused_in_both_languages(tmp_path):
    users = UsersFile(tmp_path / "users.txt")
    with pytest.raises(UserError) as err:
        users.add("alice:admin", "long enough password")
    assert "1-64 letters" in err.value.text.en and "1 à 64 lettres" in err.value.text.fr
    with pytest.raises(UserError, match="at least 10 characters"):
        users.add("alice", "short")
    users.add("alice", "long enough password")
    with pytest.raises(UserError, match="already exists"):
        users.add("alice", "another long password")
    users.add("alice", "another long password", replace=True)
    assert users.verify("alice", "another long password")
    users.remove("alice")
    assert users.names() == [] and not users.verify("alice", "another long password")


def test_kpi_user_add_list_and_remove(tmp_path, monkeypatch):
    monkeypatch.setenv("KPI_USERS_FILE", str(tmp_path / "team-users.txt"))
    runner = CliRunner()
    added = runner.invoke(kpi, ["user", "add", "bob", "--password-stdin"], input="bob's long password\n")
    assert added.exit_code == 0, added.output
    assert runner.invoke(kpi, ["user", "list"]).output == "bob\n"
    assert UsersFile(tmp_path / "team-users.txt").verify("bob", "bob's long password")
    refused = runner.invoke(kpi, ["user", "add", "eve", "--password-stdin"], input="short\n")
    assert refused.exit_code == 2 and "at least 10 characters" in refused.output
    assert runner.invoke(kpi, ["user", "remove", "bob"]).exit_code == 0
    assert runner.invoke(kpi, ["user", "list"]).output == ""


def test_login_is_off_without_users_on_with_a_users_file_and_a_trusted_header_replaces_it(settings):
    assert launch_options(settings) == {}
    UsersFile(settings.users_path).add("alice", "long enough password")
    options = launch_options(settings)
    assert options["auth"]("alice", "long enough password") and not options["auth"]("alice", "nope")
    header = settings.model_copy(update={"trusted_user_header": "X-Forwarded-User"})
    assert set(launch_options(header)) == {"auth_dependency"}


def _request(peer, **headers):
    return SimpleNamespace(client=SimpleNamespace(host=peer), headers=headers)


def test_the_trusted_header_names_the_user_only_from_a_trusted_proxy(settings):
    user = trusted_header_user(settings.model_copy(update={"trusted_user_header": "X-Forwarded-User",
                                                           "trusted_proxies": ["10.0.0.5"]}))
    assert user(_request("10.0.0.5", **{"X-Forwarded-User": "alice"})) == "alice"
    assert user(_request("10.0.0.6", **{"X-Forwarded-User": "alice"})) is None  # not the proxy: refused (401)
    assert user(_request("10.0.0.5")) is None  # the proxy sent no user: refused
    assert user(_request("10.0.0.5", **{"X-Forwarded-User": "bad name;"})) is None


def test_login_tokens_are_shared_hashed_and_expire(database_url):
    engine = create_db_engine(database_url)
    upgrade(engine)
    now = [1000.0]
    tokens, elsewhere = SharedTokens(engine, 1, clock=lambda: now[0]), SharedTokens(engine, 1, clock=lambda: now[0])
    tokens["secret-token"] = "alice"
    assert elsewhere.get("secret-token") == "alice" and elsewhere.get(None) is None
    with engine.connect() as con:
        assert "secret-token" not in str(con.exec_driver_sql("SELECT * FROM login_tokens").all())
    for key in list(elsewhere.keys()):  # Gradio's logout deletes every token of the user this way
        if elsewhere[key] == "alice":
            del elsewhere[key]
    assert tokens.get("secret-token") is None
    tokens["other"] = "bob"
    now[0] += 3601
    assert tokens.get("other") is None and len(tokens) == 0


def test_the_server_keeps_the_ui_state_of_at_most_page_state_capacity_pages(settings):
    from assistant.ui.login import launch_with_login

    class FakeDemo:
        def launch(self, **kwargs):
            self.kwargs = kwargs

        def block_thread(self):
            pass

    demo = FakeDemo()
    launch_with_login(demo, settings.model_copy(update={"page_state_capacity": 300}), server_port=1)
    assert demo.kwargs["state_session_capacity"] == 300 and demo.kwargs["prevent_thread_lock"] is True
