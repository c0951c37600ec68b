"""Retrieval benchmark: recall@1/3/5 and MRR (dense, lexical, hybrid), query latency, full and incremental build.

Run: .venv/bin/python -m benchmarks.retrieval  (builds into a temporary data dir; the real store is not touched)
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "knowledge" / "eval" / "queries.yaml"
MODES = ("dense", "lexical", "hybrid")
KS = (1, 3, 5)
COLD_RUNS = 3  # fresh processes: a cold build can only be measured once per process


def load_queries(section: str = "queries") -> list[dict]:
    """The labelled queries: `queries` (the set the search was tuned on) or `heldout` (never tuned on)."""
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))[section]


def first_rank(found: list[str], expected: list[str]) -> int | None:
    """1-based rank of the first expected id, or None."""
    return next((n for n, entry_id in enumerate(found, start=1) if entry_id in expected), None)


def evaluate(kb, queries: list[dict], mode: str) -> dict[str, dict[str, float]]:
    """recall@k (share of queries with an expected entry in the top k) and MRR@10, overall and per category."""
    ranks: dict[str, list[int | None]] = defaultdict(list)
    for query in queries:
        found = [h.id for h in kb.search(query["q"], k=10, lang=query["lang"], mode=mode)]
        rank = first_rank(found, query["expected"])
        ranks["all"].append(rank)
        ranks[query["cat"]].append(rank)
    table = {}
    for group, values in ranks.items():
        row = {f"R@{k}": sum(1 for r in values if r and r <= k) / len(values) for k in KS}
        row["MRR"] = sum(1 / r for r in values if r) / len(values)
        row["n"] = len(values)
        table[group] = row
    return table


def misses(kb, queries: list[dict], k: int = 3) -> list[str]:
    """Queries whose expected entries are not in the hybrid top k, for reading."""
    lines = []
    for query in queries:
        found = [h.id for h in kb.search(query["q"], k=k, lang=query["lang"])]
        if first_rank(found, query["expected"]) is None:
            lines.append(f"  {query['q']!r}: expected {query['expected']}, got {found}")
    return lines


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def latency(kb, queries: list[dict], cached: bool) -> tuple[float, float]:
    """p50 and p95 in ms of hybrid search, k=5, model loaded; the query-vector cache cleared unless `cached`."""
    from knowledge.embedder import _cached_query_vector

    timings = []
    for _ in range(3):
        for query in queries:
            if not cached:
                _cached_query_vector.cache_clear()
            start = time.perf_counter()
            kb.search(query["q"], k=5, lang=query["lang"])
            timings.append((time.perf_counter() - start) * 1000)
    return percentile(timings, 50), percentile(timings, 95)


def cold_build(entries: str) -> None:
    """One full build in this process, which must not have loaded the model yet: prints wall and CPU seconds."""
    from assistant.config import Settings
    from knowledge.build import build_index

    os.environ["KPI_EMBEDDING_CACHE"] = "off"
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        build_index(Settings(data_dir=Path(tmp) / "data", _env_file=None), Path(entries))
        print(f"{time.perf_counter() - start:.3f} {time.process_time() - cpu:.3f}")


def cold_build_spread(entries: Path, runs: int = COLD_RUNS) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of `runs` cold builds, each in a fresh Python process."""
    code = f"from benchmarks.retrieval import cold_build; cold_build({str(entries)!r})"
    figures = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        wall, cpu = done.stdout.split()[-2:]
        figures.append((float(wall), float(cpu)))
    return figures


def print_table(name: str, table: dict[str, dict[str, float]]) -> None:
    """One block per mode."""
    print(f"{name:8s} " + "  ".join(f"{g}(n={int(r['n'])}): R@1 {r['R@1']:.2f} R@3 {r['R@3']:.2f} "
                                     f"R@5 {r['R@5']:.2f} MRR {r['MRR']:.2f}"
                                     for g, r in table.items() if g == "all"))
    for group, row in sorted(table.items()):
        if group != "all":
            print(f"           {group:10s} n={int(row['n']):2d}  R@1 {row['R@1']:.2f}  R@3 {row['R@3']:.2f}  "
                  f"R@5 {row['R@5']:.2f}  MRR {row['MRR']:.2f}")


def main() -> None:
    """Print every figure."""
    from assistant.config import Settings
    from knowledge.build import build_index
    from knowledge.entries import ENTRIES_DIR
    from knowledge.search import KnowledgeBase

    with tempfile.TemporaryDirectory() as tmp:
        entries = Path(tmp) / "entries"
        shutil.copytree(ENTRIES_DIR, entries)
        settings = Settings(data_dir=Path(tmp) / "data", _env_file=None)

        # The machine is shared: the load average and the CPU time put the wall-clock figures in context.
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        os.environ["KPI_EMBEDDING_CACHE"] = "off"  # full builds below really embed every entry
        start, cpu = time.perf_counter(), time.process_time()
        store, report = build_index(settings, entries)
        cold = time.perf_counter() - start
        print(f"full build, cold (model load included): {cold:.2f} s wall, {time.process_time() - cpu:.2f} s CPU  "
              f"[{report.summary()}]")

        from knowledge.usemodel import encode_threads

        spread = cold_build_spread(entries)
        walls = [wall for wall, _ in spread]
        print(f"full build, cold, {len(spread)} fresh processes: wall min {min(walls):.2f} / median "
              f"{statistics.median(walls):.2f} / max {max(walls):.2f} s, CPU median "
              f"{statistics.median(cpu for _, cpu in spread):.2f} s  [{encode_threads()} encoding threads, "
              f"load average {os.getloadavg()[0]:.2f}]")

        # New directories: Chroma keeps one client per path open in this process, so the old one cannot be removed.
        os.environ["KPI_EMBEDDING_CACHE"] = str(Path(tmp) / "vector-cache")
        settings = Settings(data_dir=Path(tmp) / "data2", _env_file=None)
        start, cpu = time.perf_counter(), time.process_time()
        store, report = build_index(settings, entries)
        print(f"full build, model already loaded:       {time.perf_counter() - start:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU")
        settings = Settings(data_dir=Path(tmp) / "data3", _env_file=None)
        start = time.perf_counter()
        store, report = build_index(settings, entries)
        print(f"full build, vectors in the shared cache: {time.perf_counter() - start:.2f} s wall")

        start = time.perf_counter()
        _, report = build_index(settings, entries)
        print(f"rebuild, nothing changed:               {time.perf_counter() - start:.3f} s  "
              f"[{report.embedded} re-embedded]")

        touched = sorted(entries.glob("*.yaml"))[0]
        data = yaml.safe_load(touched.read_text(encoding="utf-8"))
        data["text"]["en"] += "\n\nEdited for the benchmark."
        touched.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        start = time.perf_counter()
        store, report = build_index(settings, entries)
        print(f"incremental rebuild, one entry edited:  {time.perf_counter() - start:.3f} s  "
              f"[{report.embedded} re-embedded]")

        start = time.perf_counter()
        kb = KnowledgeBase(store)
        print(f"open (records + BM25 in memory):        {(time.perf_counter() - start) * 1000:.0f} ms  "
              f"[{len(kb.records)} records]")

        known = set(kb.entry_ids())
        for query in load_queries() + load_queries("heldout"):
            unknown = [e for e in query["expected"] if e not in known]
            if unknown:
                print(f"WARNING: {query['q']!r} expects unknown entries {unknown}")
        queries = load_queries()
        print(f"\n{len(queries)} labelled queries, the set the search was tuned on (knowledge/eval/queries.yaml)")
        results = {mode: evaluate(kb, queries, mode) for mode in MODES}
        for mode in MODES:
            print_table(mode, results[mode])
        hybrid = results["hybrid"]["all"]["R@3"]
        gain = hybrid - max(results["dense"]["all"]["R@3"], results["lexical"]["all"]["R@3"])
        print(f"hybrid R@3 {hybrid:.3f} (target >= 0.95); gain over the better single retriever {gain * 100:+.1f} "
              f"points (target >= +10 over each: dense {(hybrid - results['dense']['all']['R@3']) * 100:+.1f}, "
              f"lexical {(hybrid - results['lexical']['all']['R@3']) * 100:+.1f})")
        missed = misses(kb, queries)
        if missed:
            print("hybrid misses at k=3:")
            print("\n".join(missed))

        heldout = load_queries("heldout")
        print(f"\n{len(heldout)} held-out queries, written after tuning and never tuned on")
        for mode in MODES:
            print_table(mode, evaluate(kb, heldout, mode))
        missed = misses(kb, heldout)
        if missed:
            print("hybrid misses at k=3:")
            print("\n".join(missed))

        p50, p95 = latency(kb, queries, cached=False)
        print(f"\nload average: {os.getloadavg()[0]:.2f}")
        print(f"hybrid query latency, warm model, new query each time: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
              f"(target p95 <= 30 ms)")
        p50, p95 = latency(kb, queries, cached=True)
        print(f"hybrid query latency, repeated query (vector cached):  p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
