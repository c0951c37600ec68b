"""Offline engine: accuracy on every question set (blind sets first: their first runs are the honest figures),
warm answer latency, and the engine's size before and after the reader (lines, regular expressions, word lists).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import time
from pathlib import Path

from assistant.config import load_settings
from assistant.eval.blind import load_blind, run_blind, summary
from assistant.eval.offline_eval import QUESTIONS, accuracy, failures_report, load_cases, run_eval
from assistant.offline.engine import OfflineEngine

EVAL = QUESTIONS.parent
ROOT = Path(__file__).resolve().parents[1]
# Blind sets: written by helpers who never saw the code; the first run of each, before any change it prompted.
BLIND = [("blind set A (dev since its first run)", "blind_a.yaml", "64/101 (63.4 %) on the previous engine"),
         ("LLM blind set, offline engine", "llm_blind.yaml", None),
         ("blind set B (the issue's second set: headline)", "blind_b.yaml",
          "91/121 (75.2 %), 2 answers with figures from nowhere"),
         ("blind set C (third set, written after set B's fixes)", "blind_c.yaml", "92/115 (80.0 %), none invented"),
         ("blind set D (fourth set, written after set C's fixes)", "blind_d.yaml", "90/115 (78.3 %), none invented"),
         ("blind set E (fifth set, written beside D, run after D's fixes)", "blind_e.yaml",
          "89/115 (77.4 %), none invented"),
         ("blind set G (seventh set, written after E's fixes)", "blind_g.yaml",
          "90/115 (78.3 %), 1 flagged (a number in words, an eval false alarm)"),
         ("blind set H (eighth set, written beside G, run first)", "blind_h.yaml",
          "89/115 (77.4 %), 1 flagged (a number in words, an eval false alarm)"),
         ("blind set I (ninth set, written after G and H's fixes)", "blind_i.yaml", "97/115 (84.3 %), none invented"),
         ("blind set J (tenth set, written beside I)", "blind_j.yaml", "97/115 (84.3 %), none invented"),
         ("blind set F (the headline: written sixth, kept unopened, run last)", "blind_f.yaml",
          "101/115 (87.8 %), none invented"),
         ("blind set K (33 one-turn cases, the LLM check's)", "blind_k.yaml", "28/33 (84.8 %), none invented"),
         ("blind set L (34 one-turn cases, the LLM check's)", "blind_l.yaml", "30/34 (88.2 %), none invented"),
         ("blind set M (34 one-turn cases, written after L's fixes)", "blind_m.yaml", "30/34 (88.2 %), none invented"),
         ("blind set N (34 one-turn cases, written after M's fixes)", "blind_n.yaml", "31/34 (91.2 %), none invented"),
         ("blind set P (34 one-turn cases, written after N's fixes)", "blind_p.yaml", "29/34 (85.3 %), none invented"),
         ("blind set Q (34 one-turn cases, after P's fixes)", "blind_q.yaml", "31/34 (91.2 %), none invented"),
         ("blind set R (34 one-turn cases, after Q's fixes)", "blind_r.yaml", "31/34 (91.2 %), none invented"),
         ("blind set S (34 one-turn cases, after R's fixes)", "blind_s.yaml", "29/34 (85.3 %), none invented"),
         ("blind set T (34 one-turn cases, beside S)", "blind_t.yaml", "29/34 (85.3 %), none invented"),
         ("blind set U (34 one-turn cases, consultants, after S and T's fixes)", "blind_u.yaml",
          "25/34 (73.5 %), none invented"),
         ("blind set V (34 one-turn cases, small businesses, beside U)", "blind_v.yaml",
          "26/34 (76.5 %), none invented"),
         ("blind set O (34 one-turn cases, after U and V's fixes)", "blind_o.yaml", "29/34 (85.3 %), none invented"),
         ("blind set W (34 one-turn cases, the last, after O's fixes)", "blind_w.yaml",
          "32/34 (94.1 %), none invented")]
TUNED = [("labelled", "offline_questions.yaml"), ("held-out", "offline_holdout.yaml"),
         ("held-out 2", "offline_holdout2.yaml"), ("QA held-out", "offline_questions_qa.yaml"),
         ("QA held-out 2", "offline_questions_qa2.yaml")]
# The engine before the reader (commit 77c814b, assistant/offline): measured with `engine_size` below.
BEFORE = {"lines": 3211, "regex": 87, "lists": 78}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def engine_size(paths: list[Path]) -> dict[str, int]:
    """Lines, regular expressions compiled or used, and module-level word lists of the Python files under paths."""
    texts = [p.read_text(encoding="utf-8") for root in paths for p in sorted(root.rglob("*.py"))]
    return {
        "lines": sum(t.count("\n") for t in texts),
        "regex": sum(len(re.findall(r"re\.(?:compile|search|match|sub|findall|finditer|fullmatch|split)\(|_rx\(", t))
                     for t in texts),
        "lists": sum(len(re.findall(r"frozenset\(|^\s*[A-Z_]+\s*[:=].*(?:\(|\[|\{)\s*$|^\s*[A-Z_]+\s*=\s*\(\"|= \{\"",
                                    t, re.M)) for t in texts),
    }


def _data_size() -> str:
    import yaml

    kpis = sorted((ROOT / "tools" / "kpis").glob("*.yaml"))
    reader = [ROOT / "assistant" / "reader" / "lexicon.yaml", ROOT / "assistant" / "reader" / "examples.yaml"]

    def phrases(data) -> int:
        if isinstance(data, str):
            return 1
        if isinstance(data, dict):
            return sum(phrases(v) for k, v in data.items() if k not in ("formula", "data_source", "explain", "text"))
        if isinstance(data, list):
            return sum(phrases(v) for v in data)
        return 0

    n_kpi = sum(phrases(yaml.safe_load(p.read_text(encoding="utf-8"))) for p in kpis)
    n_reader = sum(phrases(yaml.safe_load(p.read_text(encoding="utf-8"))) for p in reader)
    return f"{len(kpis)} declaration files ({n_kpi} phrases and facts), reader lexicon and examples ({n_reader})"


def main() -> None:
    """Print accuracy per set and warm latency p50/p95 per answer."""
    from knowledge.build import open_knowledge_base

    start = time.perf_counter()
    retriever = open_knowledge_base(load_settings(), progress=None)
    engine = OfflineEngine(retriever)
    engine.intents  # noqa: B018 - loads the intent model before timing anything
    print(f"knowledge base and intent model ready in {time.perf_counter() - start:.1f} s")

    def cited(reply):
        hits = [retriever.get(s.id, reply.language) for s in reply.sources]
        return [h.text + " " + h.title for h in hits if h]

    def intent(session):
        return session.state.get("offline", {}).get("last_intent")

    for name, file, first in BLIND:
        path = EVAL / file
        if not path.exists():
            continue
        results = run_blind(engine.answer, load_blind(path), cited, intent)
        print(f"{name}: {summary(results)}" + (f"\n  first run: {first}" if first else ""))
    for name, file in TUNED:
        results = run_eval(retriever, load_cases(EVAL / file))
        ok = sum(r.ok for r in results)
        print(f"{name} set: accuracy {accuracy(results):.1%} ({ok}/{len(results)} turns)")
        report = failures_report(results)
        if report:
            print(report)
    run_eval(retriever)  # warm-up
    times, cpu = [], []
    for _ in range(3):
        runs = run_eval(retriever)
        times += [r.seconds * 1000 for r in runs]
        cpu += [r.cpu_seconds * 1000 for r in runs]
    print(f"warm latency per answer over {len(times)} answers: p50 {_percentile(times, 0.5):.1f} ms, "
          f"p95 {_percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms, mean {statistics.mean(times):.1f} ms "
          f"(target p95 <= 50 ms)")
    print(f"CPU time per answer (what a busy machine does not inflate): p50 {_percentile(cpu, 0.5):.1f} ms, "
          f"p95 {_percentile(cpu, 0.95):.1f} ms; load average {os.getloadavg()[0]:.1f} during the run")
    now = engine_size([ROOT / "assistant" / "offline", ROOT / "assistant" / "reader"])
    print(f"engine size, before the reader (assistant/offline): {BEFORE['lines']} lines, {BEFORE['regex']} regular "
          f"expressions, {BEFORE['lists']} word lists")
    print(f"engine size now (assistant/offline + assistant/reader): {now['lines']} lines, {now['regex']} regular "
          f"expressions, {now['lists']} word lists; data: {_data_size()}")
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    if rev.returncode == 0:
        print(f"(measured at commit {rev.stdout.strip()})")


if __name__ == "__main__":
    main()
