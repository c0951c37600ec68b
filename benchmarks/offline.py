"""Offline engine: accuracy on the labelled questions and warm answer latency, over the real knowledge base."""

from __future__ import annotations

import statistics
import time

from assistant.config import load_settings
from assistant.eval.offline_eval import QUESTIONS, accuracy, failures_report, load_cases, run_eval


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _clear_text_caches() -> None:
    from assistant.offline import typos
    from knowledge import language

    language.normalize.cache_clear()
    typos._fix.cache_clear()


def main() -> None:
    """Print accuracy (labelled and held-out sets) and warm latency p50/p95 per answer."""
    from knowledge.build import open_knowledge_base

    start = time.perf_counter()
    retriever = open_knowledge_base(load_settings(), progress=None)
    print(f"knowledge base ready in {time.perf_counter() - start:.1f} s")
    sets = [("labelled", load_cases()), ("held-out", load_cases(QUESTIONS.with_name("offline_holdout.yaml"))),
            ("held-out 2", load_cases(QUESTIONS.with_name("offline_holdout2.yaml"))),
            ("QA held-out", load_cases(QUESTIONS.with_name("offline_questions_qa.yaml"))),
            ("QA held-out 2", load_cases(QUESTIONS.with_name("offline_questions_qa2.yaml")))]
    for name, cases in sets:
        results = run_eval(retriever, cases)
        ok = sum(r.ok for r in results)
        print(f"{name} set: accuracy {accuracy(results):.1%} ({ok}/{len(results)} turns; target >= 95 %)")
        report = failures_report(results)
        if report:
            print(report)
    run_eval(retriever)  # warm-up: index, lazy imports
    times = []
    for _ in range(3):
        _clear_text_caches()  # a warm process, but not answers memoised from the previous pass
        times += [r.seconds * 1000 for r in run_eval(retriever)]
    print(f"warm latency per answer over {len(times)} answers: p50 {_percentile(times, 0.5):.1f} ms, "
          f"p95 {_percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms, mean {statistics.mean(times):.1f} ms "
          f"(target p95 <= 50 ms)")


if __name__ == "__main__":
    main()
