"""Explain a KPI or a concept from the knowledge base: one KPI, several side by side, or the one just discussed."""

from __future__ import annotations

import re
from functools import partial

from assistant.offline.compose import field_list, first_sentences, pick, pitfall_lines, t
from assistant.offline.context import META_TOOLS, Ctx
from assistant.reader.fill import missing_required
from tools.registry import get_tool

_WHY = re.compile(r"\bwhy\b|\bpourquoi\b")
TEXTS = {
    "give_figures": ("Give me your figures and I will compute it: {fields}.",
                     "Donnez-moi vos chiffres et je le calcule : {fields}."),
    "nothing_found": ("I found nothing on that in the knowledge base.",
                      "Je n'ai rien trouvé à ce sujet dans la base de connaissances."),
    "about_last": ("About **{title}**, the KPI we were just discussing:",
                   "À propos de **{title}**, le KPI dont nous venons de parler :"),
}


_tx = partial(pick, TEXTS)  # a template of this module's table in the user's language, filled in


def _kpis_asked(ctx: Ctx) -> tuple[list[str], bool]:
    """The KPIs the question names, or ('why?', 'explique-moi') the one the conversation was about."""
    kpis: list[str] = []
    for k in ctx.a.kpis:  # one of each: 'retention' names two ways of computing it, not two KPIs
        if k not in META_TOOLS and not any(k in get_tool(o).kpi.variants for o in kpis):
            kpis.append(k)
    if kpis or any(m.target[0] == "field" for m in ctx.a.mentions):
        return kpis, False
    last = ctx.mem.last_kpi
    return ([last], True) if last and last not in META_TOOLS else ([], False)


def explain(ctx: Ctx) -> None:
    """A KPI or a concept, from its knowledge entries, with the inputs needed to compute it."""
    kpis, from_memory = _kpis_asked(ctx)
    why = _WHY.search(ctx.a.norm) is not None
    if len(kpis) == 1:
        ctx.mem.discussed(kpis[0])
    if len(kpis) >= 2:
        _side_by_side(ctx, kpis[:3])
    elif kpis and from_memory:
        _about_last(ctx, kpis[0], why)
    elif kpis and not why:  # "why is retention cheaper than acquisition?" asks about an idea, not a definition
        _one_kpi(ctx, kpis[0])
    else:
        _concept(ctx)


def _one_kpi(ctx: Ctx, kpi: str) -> None:
    spec = get_tool(kpi)
    title = spec.title(ctx.lang)
    query = f"{title} {ctx.a.question}"
    hits = ctx.search(query, k=1, kpi=kpi, kind="definition") or ctx.search(query, k=1, kpi=kpi)
    ctx.turn.say(f"**{title}** — {spec.description(ctx.lang)}")
    for hit in hits:
        n = ctx.turn.cite(hit)
        ctx.turn.say(f"{first_sentences(hit.text, 700)} [{n}]")
    ctx.turn.say(pitfall_lines(ctx.turn, ctx.search(f"{title} pitfalls", k=1, kpi=kpi, kind="pitfall"), limit=1))
    _give_figures(ctx, kpi)


def _side_by_side(ctx: Ctx, kpis: list[str]) -> None:
    """'ROI vs ROAS': each KPI's own definition, so the difference is visible (not only the first one's)."""
    for kpi in kpis:
        spec = get_tool(kpi)
        title = spec.title(ctx.lang)
        # the KPI's own title only: the whole question names the other KPI too and would fetch its entry
        hits = ctx.search(f"{title} definition formula", k=1, kpi=kpi, kind="definition") or \
            ctx.search(title, k=1, kpi=kpi)
        ctx.turn.say(f"**{title}** — {spec.description(ctx.lang)}")
        for hit in hits:
            n = ctx.turn.cite(hit)
            ctx.turn.say(f"{first_sentences(hit.text, 450)} [{n}]")


def _about_last(ctx: Ctx, kpi: str, why: bool) -> None:
    """A bare 'why?' or 'explain' after a calculation or a verdict: the entries on that KPI, not a decline."""
    spec = get_tool(kpi)
    title = spec.title(ctx.lang)
    ctx.turn.say(_tx("about_last", ctx.lang, title=title))
    if not why:
        _one_kpi(ctx, kpi)
        return
    # after a verdict, 'why?' asks what makes a value good or bad: the reference points come first
    first = ctx.search(f"{title} good benchmark", k=1, kpi=kpi, kind="benchmark") \
        if ctx.mem.last_intent == "health" else []
    hits = first + [h for h in ctx.search(f"{title} {ctx.a.question}", k=2, kpi=kpi)
                    if h.id not in {f.id for f in first}]
    for hit in hits[:2]:
        n = ctx.turn.cite(hit)
        ctx.turn.say(f"**{hit.title}** — {first_sentences(hit.text, 500)} [{n}]")
    if not hits:
        _one_kpi(ctx, kpi)


def _concept(ctx: Ctx) -> None:
    hits = ctx.search(ctx.a.question, k=2)
    if not hits:
        ctx.turn.say(_tx("nothing_found", ctx.lang))
        ctx.turn.say(t("limits", ctx.lang))
        return
    n = ctx.turn.cite(hits[0])
    ctx.turn.say(f"**{hits[0].title}**\n\n{first_sentences(hits[0].text, 900)} [{n}]")
    if len(hits) > 1:  # a second entry quoted, not only named: the answer rarely lives in one entry
        n = ctx.turn.cite(hits[1])
        ctx.turn.say(f"**{hits[1].title}** — {first_sentences(hits[1].text, 400)} [{n}]")


def _give_figures(ctx: Ctx, kpi: str) -> None:
    required = missing_required(kpi, {})
    if required:
        ctx.turn.say(_tx("give_figures", ctx.lang, fields=field_list(kpi, required, ctx.lang)))
