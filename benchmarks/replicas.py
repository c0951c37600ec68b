"""Replicas: 200 `gradio_client` sessions across two app processes that share one Postgres and one `chroma run` server
(all on loopback, all started here and stopped at the end).

Each session asks five questions; every other session moves to the other replica after its second question (its
next requests carry the same session, as after a proxy rebalance or a restart), and its third question only makes
sense with the memory of the first two. Prints errors (target 0), lost-memory answers (target 0), p50/p95 seconds
per answer per replica and overall, and each app process's resident memory before and after.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import sqlalchemy as sa

SESSIONS = 200
ARRIVAL_SECONDS = 20.0  # sessions start spread over this time (people do not all arrive in the same millisecond)
THINK_SECONDS = (1.0, 3.0)  # pause before each next question, outside the measured time
ANSWER_TIMEOUT = 180.0
# The third question needs the first two: "with 20 customers" re-uses the spend given first.
QUESTIONS = [
    ("J'ai dépensé 1200 € en publicité et gagné 15 clients. Quel est mon CAC ?", "80"),
    ("30 ventes pour 1000 visiteurs, c'est un bon taux de conversion ?", "3"),
    ("et avec 20 clients, quel CAC ?", "1 200 / 20 = 60"),
    ("What is a good CLV to CAC ratio?", "3"),
    ("ROAS for 8000 revenue on 2000 ad spend?", "4"),
]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _session(number: int, urls: list[str], results: dict, lock: threading.Lock,
             arrival: float = ARRIVAL_SECONDS) -> None:
    from gradio_client import Client

    rng = random.Random(number)
    time.sleep(rng.uniform(0, arrival))
    first = number % 2
    moves = number % 4 in (1, 2)  # half the sessions change replica after their second question
    try:
        # gradio_client's 20 s HTTP timeout would count a slow machine as an error: a browser waits longer.
        options = {"verbose": False, "download_files": False, "ssl_verify": False,
                   "httpx_kwargs": {"timeout": ANSWER_TIMEOUT}}
        clients = [Client(urls[first], **options)]
        if moves:
            other = Client(urls[1 - first], **options)
            other.session_hash = clients[0].session_hash  # the same session, now served by the other replica
            clients.append(other)
    except Exception as exc:
        with lock:
            results["errors"].append(f"connect: {type(exc).__name__}: {exc}")
        return
    history: list = []
    for index, (question, expected) in enumerate(QUESTIONS):
        if index:
            time.sleep(rng.uniform(*THINK_SECONDS))
        on = 1 if moves and index >= 2 else 0
        replica = (first + on) % 2
        began = time.perf_counter()
        try:
            _, history = clients[on].submit(question, history, "fr", api_name="/chat").result(timeout=ANSWER_TIMEOUT)
        except Exception as exc:
            with lock:
                results["errors"].append(f"{type(exc).__name__}: {exc}")
            continue
        took = time.perf_counter() - began
        answer = str(history[-1].get("content")) if history else ""
        with lock:
            results["latency"][replica].append(took)
            if expected not in answer:
                results["lost"].append((number, question, answer[:120]))


def main() -> None:
    """Start Postgres, a Chroma server and two replicas; run the sessions; print the figures."""
    from assistant.db.local_postgres import LocalPostgres, bin_dir
    from assistant.ui.process import app_process, chroma_server, cpu_seconds

    if bin_dir() is None:
        print("skipped: Postgres binaries (initdb, pg_ctl) not found — `make bench` installs Debian's postgresql")
        return
    with tempfile.TemporaryDirectory(prefix="kpi-replicas-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        pg = stack.enter_context(LocalPostgres())
        chroma = stack.enter_context(chroma_server(root / "chroma", root / "chroma.log"))
        env = {"KPI_DATABASE_URL": pg.new_database(f"bench_{uuid.uuid4().hex[:8]}"), "KPI_CHROMA_URL": chroma,
               "KPI_CHROMA_DATABASE": "kpi"}
        apps = [stack.enter_context(app_process(root / name, root / f"{name}.log", engine="offline", extra_env=env))
                for name in ("a", "b")]
        urls = [app.url for app in apps]
        print(f"replicas {urls[0]} and {urls[1]}, Postgres on 127.0.0.1:{pg.port}, Chroma server {chroma}; "
              f"{SESSIONS} sessions x {len(QUESTIONS)} questions, arriving over {ARRIVAL_SECONDS:g} s, "
              f"{THINK_SECONDS[0]:g}-{THINK_SECONDS[1]:g} s between questions; half of them change replica", flush=True)
        for url in urls:  # warm-up: the first answers load lazy parts of the engine; RSS is measured after them
            warm = {"latency": [[], []], "errors": [], "lost": []}
            _session(-1, [url, url], warm, threading.Lock(), arrival=0.0)
        rss_before = [rss_mb(app.pid) for app in apps]
        cpu_before = [cpu_seconds(app.pid) for app in apps]
        results: dict = {"latency": [[], []], "errors": [], "lost": []}
        lock = threading.Lock()
        threads = [threading.Thread(target=_session, args=(n, urls, results, lock)) for n in range(SESSIONS)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=ARRIVAL_SECONDS + ANSWER_TIMEOUT * len(QUESTIONS))
        wall = time.perf_counter() - began
        every = results["latency"][0] + results["latency"][1]
        for index, app in enumerate(apps):
            lat = results["latency"][index]
            cpu = cpu_seconds(app.pid) - cpu_before[index]
            print(f"replica {'AB'[index]}: answers={len(lat)} p50={_median(lat):.3f}s p95={_percentile(lat, 95):.3f}s "
                  f"RSS {rss_before[index]:.0f} MB -> {rss_mb(app.pid):.0f} MB, CPU {cpu:.1f} s "
                  f"({1000 * cpu / max(1, len(lat)):.1f} ms per answer)", flush=True)
        print(f"all: sessions={SESSIONS} answers={len(every)} errors={len(results['errors'])} "
              f"lost-memory answers={len(results['lost'])} p50={_median(every):.3f}s "
              f"p95={_percentile(every, 95):.3f}s wall={wall:.1f}s; {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        engine = sa.create_engine(env["KPI_DATABASE_URL"])
        with engine.connect() as con:
            stored = con.exec_driver_sql("SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0) FROM sessions").one()
        engine.dispose()
        print(f"sessions stored in Postgres: {stored[0]} (2 of them warm-up; {stored[1] / 1024:.0f} KB of JSON); "
              "none in the app processes' memory", flush=True)
        for error in results["errors"][:5]:
            print(f"  error: {error}")
        for number, question, answer in results["lost"][:5]:
            print(f"  lost memory: session {number}, {question!r} -> {answer!r}")


if __name__ == "__main__":
    main()
