"""Load: the app on the offline engine, 1 then 50 concurrent `gradio_client` sessions of 10 chat questions each.

Prints errors (target 0), p50/p95 seconds per answer, and p95 at 50 sessions ÷ p95 at 1 session (target ≤ 10),
all measured in this one run against one app process on loopback.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

SESSIONS = 50
SINGLE_REPEATS = 3
QUESTIONS_PER_SESSION = 10
ANSWER_TIMEOUT = 120.0  # seconds; a slower answer counts as an error
THINK_SECONDS = (1.0, 3.0)  # realistic variant only: a person reads the answer and types the next question
QUESTIONS = [
    "J'ai dépensé 1200 € en marketing et gagné 15 clients : quel est mon CAC ?",
    "30 ventes pour 1000 visiteurs, c'est un bon taux de conversion ?",
    "I spent 500 on a campaign that brought 1500 in sales. What is my ROI?",
    "What is a good CLV to CAC ratio?",
    "Notre churn : 12 clients perdus sur 400 ce mois-ci. Est-ce grave ?",
    "How many KPIs should a small team track?",
    "CLV de 900 € et CAC de 300 €, est-ce sain ?",
    "Email campaign: 4200 delivered, 1050 opens. Open rate?",
    "Quels KPI suivre pour une PME B2B qui démarre ?",
    "ROAS for 8000 revenue on 2000 ad spend?",
]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _session(url: str, latencies: list[float], errors: list[str], start: threading.Barrier | None,
             think: random.Random | None = None) -> None:
    """One user: its own client (its own server-side session), ten questions in a row, history kept. With `think`,
    a pause of THINK_SECONDS (drawn from it) before each question, outside the measured time; the first question
    comes after 0 to THINK_SECONDS[1] s."""
    from gradio_client import Client

    try:
        # Plain HTTP on loopback: no TLS, so no certificate store to load for each of the client's requests
        # (gradio_client opens a new HTTP client per request, and loading the CA bundle dominated its CPU time).
        client = Client(url, verbose=False, download_files=False, ssl_verify=False)
    except Exception as exc:  # counted, not raised: the figure is the error count
        errors.append(f"connect: {type(exc).__name__}: {exc}")
        if start:
            start.abort()
        return
    if start:
        start.wait()
    history: list = []
    for number, question in enumerate(QUESTIONS[:QUESTIONS_PER_SESSION]):
        if think is not None:  # people arrive spread out rather than all in the same millisecond
            time.sleep(think.uniform(*THINK_SECONDS) if number else think.uniform(0, THINK_SECONDS[1]))
        began = time.perf_counter()
        try:
            _, history, *_ = client.submit(question, history, "fr", api_name="/chat").result(timeout=ANSWER_TIMEOUT)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        latencies.append(time.perf_counter() - began)
        last = history[-1] if history else {}
        if last.get("role") != "assistant":
            errors.append(f"no answer to {question!r}")


def _run(url: str, sessions: int, think: bool = False) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    barrier = threading.Barrier(sessions) if sessions > 1 else None
    threads = [threading.Thread(target=_session, args=(url, latencies, errors, barrier,
                                                       random.Random(number) if think else None))
               for number in range(sessions)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=ANSWER_TIMEOUT * QUESTIONS_PER_SESSION)
    return latencies, errors, time.perf_counter() - began


def _run_single(url: str, repeats: int) -> tuple[list[float], list[str], float]:
    """One session at a time, `repeats` times: enough answers for a p95 that is not just the slowest of ten."""
    latencies: list[float] = []
    errors: list[str] = []
    began = time.perf_counter()
    for _ in range(repeats):
        _session(url, latencies, errors, None)
    return latencies, errors, time.perf_counter() - began


def _report(label: str, latencies: list[float], errors: list[str], wall: float) -> float:
    p50, p95 = statistics.median(latencies) if latencies else float("nan"), _percentile(latencies, 95)
    print(f"{label}: answers={len(latencies)} errors={len(errors)} p50={p50:.3f}s p95={p95:.3f}s "
          f"max={max(latencies, default=float('nan')):.3f}s wall={wall:.1f}s "
          f"throughput={len(latencies) / wall:.1f} answers/s", flush=True)
    for error in errors[:5]:
        print(f"  error: {error}")
    return p95


def main() -> None:
    """Start the app, run 1 session then 50, print the figures."""
    from assistant.ui.process import app_process, cpu_seconds

    with tempfile.TemporaryDirectory(prefix="kpi-load-") as tmp:
        root = Path(tmp)
        with app_process(root / "data", root / "app.log", engine="offline") as app:
            url = app.url
            print(f"app on {url} (offline engine); {QUESTIONS_PER_SESSION} questions per session", flush=True)
            _run(url, 1)  # warm-up: first answers load lazy parts of the engine
            p95_one = _report("1 session (x3, one after the other)", *_run_single(url, SINGLE_REPEATS))
            cpu, server_cpu, load = time.process_time(), cpu_seconds(app.pid), os.getloadavg()[0]
            latencies, errors, wall = _run(url, SESSIONS)
            p95_many = _report(f"{SESSIONS} sessions", latencies, errors, wall)
            server_cpu = cpu_seconds(app.pid) - server_cpu
            print(f"p95 at {SESSIONS} sessions / p95 at 1 session = {p95_many / p95_one:.2f} (target <= 10)")
            # The server's CPU per answer is the figure least disturbed by other work on the machine: one Python
            # process (one GIL) serves every request, so it bounds the throughput at about 1 / (CPU per answer).
            print(f"context: {os.cpu_count()} CPUs; load average {load:.1f} before the 50-session run; during it "
                  f"the server used {server_cpu:.1f} s CPU ({1000 * server_cpu / max(1, len(latencies)):.1f} ms "
                  f"per answer) and this client process {time.process_time() - cpu:.1f} s")
            print(f"realistic variant (not the target figure): {SESSIONS} sessions arriving within "
                  f"{THINK_SECONDS[1]:g} s and pausing {THINK_SECONDS[0]:g}-{THINK_SECONDS[1]:g} s before each next "
                  "question, as people reading the answer", flush=True)
            p95_think = _report(f"{SESSIONS} sessions with think time", *_run(url, SESSIONS, think=True))
            print(f"p95 with think time / p95 at 1 session = {p95_think / p95_one:.2f}")


if __name__ == "__main__":
    main()
