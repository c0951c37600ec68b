"""The labelled set (accuracy ≥ 95 %), and every figure of every answer traced to the user, a tool or an entry."""

from pathlib import Path

from assistant.eval.offline_eval import accuracy, failures_report, load_cases, run_eval
from assistant.eval.provenance import unexplained
from assistant.offline.decide import INTENTS
from assistant.offline.engine import OfflineEngine
from assistant.session import Session

EVAL_DIR = Path(__file__).resolve().parents[2] / "assistant" / "eval"
HOLDOUTS = (EVAL_DIR / "offline_holdout.yaml", EVAL_DIR / "offline_holdout2.yaml",
            EVAL_DIR / "offline_questions_qa.yaml", EVAL_DIR / "offline_questions_qa2.yaml")


def test_labelled_set_is_large_and_balanced():
    cases = load_cases()
    turns = [t for c in cases for t in c["turns"]]
    assert len(turns) >= 100
    fr = sum(c["id"].startswith("fr-") for c in cases)
    en = sum(c["id"].startswith("en-") for c in cases)
    assert fr == en
    labels = {i for t in turns for i in (t["intent"] if isinstance(t["intent"], list) else [t["intent"]])}
    assert labels <= set(INTENTS)
    assert {"compute", "health", "explain", "select", "plan", "followup", "what_if", "solve", "out_of_scope",
            "greeting", "guidance", "compare", "note"} <= labels


def test_labelled_set_accuracy_is_at_least_95_percent(retriever):
    results = run_eval(retriever)
    assert accuracy(results) >= 0.95, failures_report(results)


def test_held_out_sets_accuracy_is_at_least_90_percent(retriever):
    results = [r for path in HOLDOUTS for r in run_eval(retriever, load_cases(path))]
    assert accuracy(results) >= 0.90, failures_report(results)


def test_every_set_on_its_own_scores_at_least_95_percent(retriever):
    for path in HOLDOUTS:
        results = run_eval(retriever, load_cases(path))
        assert accuracy(results) >= 0.95, f"{path.name}\n{failures_report(results)}"


def test_the_checker_flags_an_invented_figure():
    assert unexplained("Your CAC is 80 €, well under the usual 120 €.", ["I spent 1200 and got 15"],
                       [{"value": 80}]) == ["120"]
    assert unexplained("Ratio 14,29 months", [], [{"value": 14.2857}]) == []


def test_every_figure_in_every_answer_comes_from_the_user_a_tool_or_a_cited_entry(retriever):
    engine = OfflineEngine(retriever)
    problems = []
    for path in (None, *HOLDOUTS):
        for case in load_cases(path) if path else load_cases():
            session = Session()
            said: list[str] = []
            for turn in case["turns"]:
                said.append(turn["q"])
                reply = engine.answer(turn["q"], session)
                cited = [retriever.get(s.id, reply.language) for s in reply.sources]
                texts = said + [h.text + " " + h.title for h in cited if h] + [s.source for s in reply.sources]
                results = [c.result for c in reply.tool_calls] + [c.arguments for c in reply.tool_calls]
                results += [reply.reading.model_dump()] if reply.reading else []
                bad = unexplained(reply.answer, texts, results)
                if bad:
                    problems.append(f"{case['id']}: {turn['q']!r} -> {bad}")
    assert not problems, "\n".join(problems)


def test_blind_sets_stay_answered_fully_right_with_no_figure_from_nowhere(retriever):
    """The blind sets (written without sight of the code) join the regression tests once their first run is
    recorded: each stays at or above its floor, and no answer states a figure from nowhere."""
    from assistant.eval.blind import failures, load_blind, run_blind

    engine = OfflineEngine(retriever)

    def cited(reply):
        return [h.text + " " + h.title for h in (retriever.get(s.id, reply.language) for s in reply.sources) if h]

    # floors a little under each set's score when it joined (first runs: B 75.2 %, C 80.0 %, D 78.3 %, E 77.4 %,
    # G 78.3 %, H 77.4 %, I 84.3 %, J 84.3 %; F, the headline, 87.8 %; K-N, the LLM checks', 84.8-91.2 %; O-V,
    # 73.5-91.2 %; W, the last, 94.1 %)
    floors = {"blind_a.yaml": 0.85, "llm_blind.yaml": 0.85, "blind_b.yaml": 0.80, "blind_c.yaml": 0.85,
              "blind_d.yaml": 0.85, "blind_e.yaml": 0.85, "blind_g.yaml": 0.85, "blind_h.yaml": 0.85,
              "blind_i.yaml": 0.85, "blind_j.yaml": 0.85, "blind_f.yaml": 0.85, "blind_k.yaml": 0.80,
              "blind_l.yaml": 0.85, "blind_m.yaml": 0.85, "blind_n.yaml": 0.85,
              **{f"blind_{x}.yaml": 0.85 for x in "opqrstuvw"}}
    for name, floor in floors.items():
        results = run_blind(engine.answer, load_blind(EVAL_DIR / name), cited,
                            lambda s: s.state.get("offline", {}).get("last_intent"))
        ok = sum(r.ok for r in results) / len(results)
        assert ok >= floor, f"{name}: {ok:.1%}\n{failures(results)}"
        assert not [r for r in results if r.invented], failures(results)
