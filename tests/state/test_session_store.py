"""Sessions live in the database (SQLite and a real Postgres): any process continues them, they expire, and each
keeps at most one upload, deleted with it."""

from __future__ import annotations

import pytest

from assistant.dataset.kpis import KpiTable
from assistant.dataset.report import EXAMPLES
from assistant.db import create_db_engine, upgrade
from assistant.offline.engine import OfflineEngine
from assistant.session import MAX_KEPT_MESSAGES, Session
from assistant.session_store import SessionStore
from assistant.ui.app_factory import _parse_upload


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def engine(database_url):
    eng = create_db_engine(database_url)
    upgrade(eng)
    return eng


def count(engine, table):
    with engine.connect() as con:
        return con.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar()


def test_a_conversation_started_in_one_process_continues_in_another(engine):
    # Two stores on one database stand for two replicas: the second knows the figures given to the first.
    first, second = SessionStore(engine), SessionStore(create_db_engine(engine.url))
    offline = OfflineEngine(retriever=None)
    session = first.open("b" * 32, "b" * 32)
    reply = offline.answer("J'ai dépensé 1200 € en publicité et gagné 15 clients. Quel est mon CAC ?", session)
    assert "80" in reply.answer
    session.history = [{"role": "user", "content": "CAC ?"}, {"role": "assistant", "content": reply.answer}]
    first.save(session)
    again = second.open("b" * 32, "b" * 32)
    assert again.history == session.history and again.state == session.state
    follow = offline.answer("et avec 20 clients ?", again)
    assert "60" in follow.answer  # 1200 / 20: the spend came from the turn answered by the other store


def test_a_session_expires_after_its_idle_time_and_its_upload_goes_with_it(engine):
    clock = Clock()
    store = SessionStore(engine, ttl_hours=1, parse_upload=_parse_upload, clock=clock)
    session = store.open("c" * 32, "c" * 32)
    session.add("user", "hello")
    store.keep_upload(session, EXAMPLES / "marketing_sample.csv", table=None)
    clock.now += 3000
    assert store.open("c" * 32, "c" * 32).messages[0].content == "hello"  # 50 min idle: still there
    clock.now += 700
    assert store.open("c" * 32, "c" * 32).messages == []  # past one hour: a new, empty session
    assert store.sweep() == 1
    assert count(engine, "sessions") == 0 and count(engine, "session_uploads") == 0


def test_one_upload_per_session_replaced_by_the_next_and_rebuilt_by_another_process(engine):
    store = SessionStore(engine, parse_upload=_parse_upload)
    session = store.open("d" * 32, "d" * 32)
    store.keep_upload(session, EXAMPLES / "marketing_sample.csv", table="parsed here")
    store.keep_upload(session, EXAMPLES / "marketing_sample_en.csv", table="parsed here")
    assert count(engine, "session_uploads") == 1
    other = SessionStore(create_db_engine(engine.url), parse_upload=_parse_upload)
    table = other.open("d" * 32, "d" * 32).dataset
    assert isinstance(table, KpiTable) and table.source_name == "marketing_sample_en.csv"
    assert other.open("d" * 32, "d" * 32).dataset is table  # parsed once per process, then cached


def test_a_session_id_is_never_opened_by_another_owner(engine):
    store = SessionStore(engine)
    mine = store.open("e" * 32, "user:alice")
    mine.add("user", "secret figures")
    store.save(mine)
    theirs = store.open("e" * 32, "user:bob")
    assert theirs.messages == [] and theirs.id != "e" * 32


def test_a_long_conversation_keeps_its_newest_messages_only(engine):
    store = SessionStore(engine)
    session = Session(id="f" * 32, owner="f" * 32)
    for n in range(MAX_KEPT_MESSAGES + 50):
        session.add("user", str(n))
    store.save(session)
    kept = store.open("f" * 32, "f" * 32).messages
    assert len(kept) == MAX_KEPT_MESSAGES and kept[-1].content == str(MAX_KEPT_MESSAGES + 49)
