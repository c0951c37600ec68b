"""The offline engine: answers KPI questions with rules, the registry's tools and the knowledge base, no LLM.

One turn goes: `intents.analyse` (language, numbers, named KPIs) -> `intents.classify` (one intent) -> a handler
(`actions` compute/note, `health`, `whatif`, `solve`, `compare`, `guidance` explain/select/plan/advice) which runs
tools through `context.Ctx.run` and composes the answer with `compose`. `memory` keeps figures across turns in
session.state["offline"]. Entry point: `engine.OfflineEngine`.
"""
