"""The plan store, on SQLite and on a real Postgres: versions, duplicate, rename, delete, owners isolated, crash
mid-save, kill -9 holding the transaction, concurrent writers, failed saves with clear messages, migrations."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from assistant.db import database_url as url_of
from assistant.db.engine import current_revision, head_revision
from assistant.plan.model import ActionRow, Plan
from assistant.plan.store import PlanStore, PlanStoreError

ROOT = Path(__file__).resolve().parents[2]


def plan(name="Q1 plan", activity="SEA campaign"):
    return Plan(name=name, actions=[ActionRow(activity=activity, kpi="CPL", target="< 3 €")])


@pytest.fixture
def store(database_url):
    return PlanStore(database_url)


def count(store: PlanStore, table: str) -> int:
    with store.engine.connect() as con:
        return con.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar()


def test_the_default_store_is_a_sqlite_file_in_the_data_dir_in_wal_mode_with_foreign_keys(settings):
    store = PlanStore.from_settings(settings)
    assert store.path == (settings.data_dir / "kpi.sqlite3").resolve()
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_kpi_database_url_chooses_the_database_and_postgresql_urls_use_psycopg(settings, monkeypatch, tmp_path):
    monkeypatch.setenv("KPI_DATABASE_URL", "postgresql://kpi:secret@db.internal:5432/kpi")
    from assistant.config import load_settings
    assert url_of(load_settings()) == "postgresql+psycopg://kpi:secret@db.internal:5432/kpi"
    assert url_of(settings.model_copy(update={"database_url": None})).endswith("/data/kpi.sqlite3")


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
    assert count(store, "plan_versions") == 1  # versions went with the plan (foreign key cascade)


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


def test_a_process_killed_in_the_middle_of_a_save_loses_nothing_already_saved(store, database_url):
    script = textwrap.dedent(f"""
        import os
        from assistant.plan.model import ActionRow, Plan
        from assistant.plan.store import PlanStore
        store = PlanStore({database_url!r})
        store.save("alice", Plan(name="Q1 plan", actions=[ActionRow(activity="v1")]))
        store.before_commit = lambda: os._exit(3)   # die after the insert, before the commit
        store.save("alice", Plan(name="Q1 plan", actions=[ActionRow(activity="v2 never committed")]))
        store.save("alice", Plan(name="Other", actions=[]))
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3, proc.stderr
    reopened = PlanStore(database_url)
    assert [v for v, _ in reopened.versions("alice", "Q1 plan")] == [1]
    assert reopened.load("alice", "Q1 plan").actions[0].activity == "v1"
    assert [p.name for p in reopened.list_plans("alice")] == ["Q1 plan"]
    assert reopened.save("alice", plan(activity="v2")) == 2


def test_a_process_sigkilled_while_holding_the_save_transaction_loses_nothing(store, database_url, tmp_path):
    marker = tmp_path / "inside-transaction"
    script = textwrap.dedent(f"""
        import pathlib, time
        from assistant.plan.model import ActionRow, Plan
        from assistant.plan.store import PlanStore
        store = PlanStore({database_url!r})
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
    reopened = PlanStore(database_url, busy_timeout=10)
    assert [v for v, _ in reopened.versions("alice", "Q1 plan")] == [1]
    assert reopened.load("alice", "Q1 plan").actions[0].activity == "v1"
    assert reopened.save("alice", plan(activity="v2")) == 2  # the dead writer's lock is gone


def test_concurrent_writers_in_two_processes_lose_no_save_and_number_versions_without_gaps(store, database_url):
    # Two processes x 4 threads x 15 saves of the same plan, and each thread also creates its own plans.
    script = textwrap.dedent(f"""
        import sys, threading
        from assistant.plan.model import ActionRow, Plan
        from assistant.plan.store import PlanStore
        store = PlanStore({database_url!r}, busy_timeout=30)
        tag, numbers, errors = sys.argv[1], [], []
        def work(t):
            for i in range(15):
                try:
                    numbers.append(store.save("alice", Plan(name="Shared", actions=[ActionRow(activity=tag)])))
                    store.save("alice", Plan(name=f"{{tag}}-{{t}}-{{i}}"))
                except Exception as exc:
                    errors.append(repr(exc))
        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        [t.start() for t in threads]; [t.join() for t in threads]
        print(len(numbers), len(errors), errors[:3])
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, tag], cwd=ROOT, stdout=subprocess.PIPE, text=True)
             for tag in ("a", "b")]
    outputs = [p.communicate(timeout=240)[0].split(maxsplit=2) for p in procs]
    assert [o[:2] for o in outputs] == [["60", "0"], ["60", "0"]], outputs
    assert [v for v, _ in store.versions("alice", "Shared")] == list(range(1, 121))
    assert len(store.list_plans("alice")) == 1 + 120


def test_an_error_before_commit_rolls_the_whole_save_back(store):
    store.save("alice", plan(activity="v1"))

    def boom():
        raise RuntimeError("crash")

    store.before_commit = boom
    with pytest.raises(RuntimeError):
        store.save("alice", plan(name="New plan"))
    store.before_commit = None
    assert [p.name for p in store.list_plans("alice")] == ["Q1 plan"]  # the new plan row was rolled back too


def test_disk_full_gives_a_clear_message_and_keeps_previous_versions(settings):
    store = PlanStore.from_settings(settings)
    store.save("alice", plan(activity="v1"))
    with store.engine.connect() as con:
        pages = con.exec_driver_sql("PRAGMA page_count").scalar()
    store.pragmas = [f"PRAGMA max_page_count = {pages}"]  # a real SQLITE_FULL: the file may not grow
    big = Plan(name="Q1 plan", actions=[ActionRow(activity="x" * 1000, kpi=f"row {n}") for n in range(200)])
    with pytest.raises(PlanStoreError) as err:
        store.save("alice", big)
    assert err.value.text.en.startswith("Save failed: the disk is full. Your previous versions are intact")
    assert err.value.text.fr.startswith("Échec de l'enregistrement : le disque est plein.")
    store.pragmas = []
    assert store.load("alice", "Q1 plan").actions[0].activity == "v1"
    assert len(store.versions("alice", "Q1 plan")) == 1


def test_a_locked_store_gives_a_clear_message(store, database_url):
    store.save("alice", plan(activity="v1"))
    impatient = PlanStore(database_url, busy_timeout=0.1)
    blocker = store.engine.connect().execution_options(write=True)
    trans = blocker.begin()
    if blocker.dialect.name == "sqlite":
        blocker.exec_driver_sql("INSERT INTO plans (owner, name, created_at) VALUES ('x', 'y', 'z')")
    else:
        blocker.exec_driver_sql("LOCK TABLE plans IN ACCESS EXCLUSIVE MODE")
    try:
        with pytest.raises(PlanStoreError, match="the plan store is busy") as err:
            impatient.save("alice", plan(activity="v2"))
        assert "la base des plans est occupée" in err.value.text.fr
    finally:
        trans.rollback()
        blocker.close()
    assert impatient.save("alice", plan(activity="v2")) == 2


def test_an_unreachable_database_server_gives_a_clear_message(postgres_server):
    dead = postgres_server.url("kpi").replace(f":{postgres_server.port}/", ":1/")
    with pytest.raises(PlanStoreError) as err:
        PlanStore(dead)
    assert err.value.text.en.startswith("The database cannot be reached right now. Nothing saved before is lost")
    assert err.value.text.fr.startswith("La base de données est injoignable pour le moment.")


def test_blank_names_are_refused(store):
    store.save("alice", plan())
    with pytest.raises(PlanStoreError, match="may not be blank"):
        store.rename("alice", "Q1 plan", "  ")
    with pytest.raises(ValueError, match="blank"):
        Plan(name="   ")


def test_the_schema_is_at_the_newest_migration_and_processes_starting_together_migrate_once(database_url):
    script = textwrap.dedent(f"""
        from assistant.plan.store import PlanStore
        from assistant.plan.model import Plan
        PlanStore({database_url!r}, busy_timeout=30).save("p", Plan(name="x"))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0], [p.stderr.read()[-800:] for p in procs]
    store = PlanStore(database_url)
    assert current_revision(store.engine) == head_revision()
    assert [v for v, _ in store.versions("p", "x")] == [1, 2, 3]


def test_a_plans_file_from_before_migrations_is_adopted_with_every_plan(settings):
    old = settings.data_dir / "plans.sqlite3"
    old.parent.mkdir(parents=True)
    con = sqlite3.connect(old)
    con.executescript("""
        PRAGMA journal_mode=WAL;
        CREATE TABLE plans (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,
                            created_at TEXT NOT NULL, UNIQUE (owner, name));
        CREATE TABLE plan_versions (id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE, version INTEGER NOT NULL,
            saved_at TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (plan_id, version));
    """)
    con.execute("INSERT INTO plans VALUES (1, 'alice', 'Old plan', '2026-01-01T00:00:00+00:00')")
    con.execute("INSERT INTO plan_versions VALUES (1, 1, 1, '2026-01-01T00:00:00+00:00', ?)",
                (plan(name="Old plan", activity="kept").model_dump_json(),))
    con.commit()
    con.close()
    store = PlanStore.from_settings(settings)
    assert store.load("alice", "Old plan").actions[0].activity == "kept"
    assert not old.exists()
    assert store.save("alice", plan(name="Old plan")) == 2


def test_concurrent_saves_of_a_new_plan_from_threads_create_it_once(store):
    results, errors = [], []

    def save():
        try:
            results.append(store.save("alice", plan(name="Fresh")))
        except PlanStoreError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(results) == list(range(1, 9))
    assert [p.name for p in store.list_plans("alice")] == ["Fresh"]
