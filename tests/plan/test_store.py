"""The plan store: versions, duplicate, rename, delete, owners isolated, WAL, crash mid-save, failed saves."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from assistant.plan.model import ActionRow, Plan
from assistant.plan.store import PlanStore, PlanStoreError

ROOT = Path(__file__).resolve().parents[2]


def plan(name="Q1 plan", activity="SEA campaign"):
    return Plan(name=name, actions=[ActionRow(activity=activity, kpi="CPL", target="< 3 €")])


@pytest.fixture
def store(settings):
    return PlanStore.from_settings(settings)


def test_store_lives_under_data_dir_in_wal_mode_with_foreign_keys(store, settings):
    assert store.path == settings.data_dir / "plans.sqlite3"
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store._connect() as c:
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_each_save_adds_a_version_and_any_version_reopens(store):
    assert store.save("alice", plan(activity="v1")) == 1
    assert store.save("alice", plan(activity="v2")) == 2
    assert [v for v, _ in store.versions("alice", "Q1 plan")] == [1, 2]
    assert store.load("alice", "Q1 plan").actions[0].activity == "v2"
    assert store.load("alice", "Q1 plan", version=1).actions[0].activity == "v1"
    with pytest.raises(PlanStoreError, match="has no version 7"):
        store.load("alice", "Q1 plan", version=7)
    [summary] = store.list_plans("alice")
    assert (summary.name, summary.versions) == ("Q1 plan", 2)


def test_duplicate_rename_and_delete(store):
    store.save("alice", plan(activity="v1"))
    store.save("alice", plan(activity="v2"))
    store.duplicate("alice", "Q1 plan", "Q2 plan")
    assert store.load("alice", "Q2 plan").actions[0].activity == "v2"
    assert store.load("alice", "Q2 plan").name == "Q2 plan"
    assert [v for v, _ in store.versions("alice", "Q2 plan")] == [1]
    with pytest.raises(PlanStoreError, match="already exists"):
        store.duplicate("alice", "Q1 plan", "Q2 plan")
    store.rename("alice", "Q1 plan", "Spring plan")
    assert store.load("alice", "Spring plan", version=1).name == "Spring plan"
    with pytest.raises(PlanStoreError, match="No plan named 'Q1 plan'"):
        store.load("alice", "Q1 plan")
    store.delete("alice", "Spring plan")
    assert [p.name for p in store.list_plans("alice")] == ["Q2 plan"]
    with sqlite3.connect(store.path) as con:  # versions went with the plan (foreign key cascade)
        assert con.execute("SELECT COUNT(*) FROM plan_versions").fetchone()[0] == 1


def test_one_owner_never_sees_or_touches_another_owners_plans(store):
    store.save("alice", plan(activity="alice's"))
    store.save("bob", plan(activity="bob's"))  # same name, other owner: a separate plan
    assert store.load("bob", "Q1 plan").actions[0].activity == "bob's"
    assert store.load("alice", "Q1 plan").actions[0].activity == "alice's"
    store.save("alice", plan(name="Secret"))
    assert [p.name for p in store.list_plans("bob")] == ["Q1 plan"]
    for op in (lambda: store.load("bob", "Secret"), lambda: store.delete("bob", "Secret"),
               lambda: store.rename("bob", "Secret", "Mine"), lambda: store.duplicate("bob", "Secret", "Copy"),
               lambda: store.versions("bob", "Secret")):
        with pytest.raises(PlanStoreError, match="No plan named 'Secret'"):
            op()
    assert store.load("alice", "Secret").name == "Secret"


def test_a_process_killed_in_the_middle_of_a_save_loses_nothing_already_saved(store):
    script = textwrap.dedent(f"""
        import os
        from assistant.plan.model import ActionRow, Plan
        from assistant.plan.store import PlanStore
        store = PlanStore({str(store.path)!r})
        store.save("alice", Plan(name="Q1 plan", actions=[ActionRow(activity="v1")]))
        store.before_commit = lambda: os._exit(3)   # die after the insert, before the commit
        store.save("alice", Plan(name="Q1 plan", actions=[ActionRow(activity="v2 never committed")]))
        store.save("alice", Plan(name="Other", actions=[]))
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3, proc.stderr
    reopened = PlanStore(store.path)
    assert [v for v, _ in reopened.versions("alice", "Q1 plan")] == [1]
    assert reopened.load("alice", "Q1 plan").actions[0].activity == "v1"
    assert [p.name for p in reopened.list_plans("alice")] == ["Q1 plan"]
    assert reopened.save("alice", plan(activity="v2")) == 2


def test_a_process_sigkilled_while_holding_the_save_transaction_loses_nothing(store, tmp_path):
    marker = tmp_path / "inside-transaction"
    script = textwrap.dedent(f"""
        import pathlib, time
        from assistant.plan.model import ActionRow, Plan
        from assistant.plan.store import PlanStore
        store = PlanStore({str(store.path)!r})
        store.save("alice", Plan(name="Q1 plan", actions=[ActionRow(activity="v1")]))
        def hold():
            pathlib.Path({str(marker)!r}).write_text("x")
            time.sleep(60)
        store.before_commit = hold
        store.save("alice", Plan(name="Q1 plan", actions=[ActionRow(activity="v2 never committed")]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "the child never reached the transaction"
            time.sleep(0.05)
        proc.kill()  # SIGKILL: no cleanup, no rollback by the child
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    reopened = PlanStore(store.path, busy_timeout=2)
    assert [v for v, _ in reopened.versions("alice", "Q1 plan")] == [1]
    assert reopened.load("alice", "Q1 plan").actions[0].activity == "v1"
    assert reopened.save("alice", plan(activity="v2")) == 2  # the dead writer's lock is gone


def test_an_error_before_commit_rolls_the_whole_save_back(store):
    store.save("alice", plan(activity="v1"))

    def boom():
        raise RuntimeError("crash")

    store.before_commit = boom
    with pytest.raises(RuntimeError):
        store.save("alice", plan(name="New plan"))
    store.before_commit = None
    assert [p.name for p in store.list_plans("alice")] == ["Q1 plan"]  # the new plan row was rolled back too


def test_disk_full_gives_a_clear_message_and_keeps_previous_versions(store):
    store.save("alice", plan(activity="v1"))
    with store._connect() as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    store.pragmas = [f"PRAGMA max_page_count = {pages}"]  # a real SQLITE_FULL: the file may not grow
    big = plan(activity="x" * 200_000)
    with pytest.raises(PlanStoreError) as err:
        store.save("alice", big)
    assert err.value.text.en.startswith("Save failed: the disk is full. Your previous versions are intact")
    assert err.value.text.fr.startswith("Échec de l'enregistrement : le disque est plein.")
    store.pragmas = []
    assert store.load("alice", "Q1 plan").actions[0].activity == "v1"
    assert len(store.versions("alice", "Q1 plan")) == 1


def test_a_locked_store_gives_a_clear_message(store):
    store.save("alice", plan(activity="v1"))
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    store.busy_timeout = 0.1
    try:
        with pytest.raises(PlanStoreError, match="the plan store is busy"):
            store.save("alice", plan(activity="v2"))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.save("alice", plan(activity="v2")) == 2


def test_blank_names_are_refused(store):
    store.save("alice", plan())
    with pytest.raises(PlanStoreError, match="may not be blank"):
        store.rename("alice", "Q1 plan", "  ")
    with pytest.raises(ValueError, match="blank"):
        Plan(name="   ")
