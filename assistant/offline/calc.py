"""Calculations: pick the calculator the question is about, gather its inputs, run it, say how it was read."""

from __future__ import annotations

from typing import Any

from assistant.offline.compose import field_list, pitfall_lines, result_text, t, value_text, verdict_text
from assistant.offline.context import META_TOOLS, Ctx
from assistant.offline.decide import asked
from assistant.offline.figures import Gathered, gather, readback, unused_figures
from assistant.reader.bind import compatible
from assistant.reader.fill import Filling, kinds_of, missing_required
from assistant.reader.reading import plain_calculators
from tools.base import KpiResult
from tools.registry import get_tool


def candidates(ctx: Ctx) -> list[str]:
    """The calculators a question may mean: named KPIs and their variants, else every plain calculator."""
    # a KPI whose value the question states ('panier moyen 60 €') is given, not asked
    named = [k for k in ctx.a.kpis if k not in META_TOOLS and k in plain_calculators() and k not in ctx.stated]
    out: list[str] = []
    for k in named:
        for tool in (k, *get_tool(k).kpi.variants):
            if tool not in out and tool in plain_calculators():
                out.append(tool)
    return out


def _key(g: Gathered, order: int, named: bool, ctx: Ctx) -> tuple:
    here_named = {i for name, i in g.here.figure_of.items() if name not in g.here.by_position}
    # figures whose own noun names the input they fill ('120 leads', '9 sales') are the surest reading
    own = sum(1 for name, i in g.here.figure_of.items() if any(
        a.own_noun and a.target == ("field", g.tool, name) for f in ctx.a.figures if f.index == i
        for a in f.attachments))
    return (not g.missing, named, len(here_named), own, len(g.here.used), g.here.score, -len(g.earlier), -order)


def choose(ctx: Ctx, skip: set[int] | None = None, tools: list[str] | None = None) -> Gathered | None:
    """The calculation the question describes: a named KPI the figures complete, else the best complete reading."""
    named = tools if tools is not None else candidates(ctx)
    best: tuple[tuple, Gathered] | None = None
    pool = named or list(plain_calculators())
    for order, tool in enumerate(pool):
        g = gather(ctx, tool, skip, memory=bool(named))
        if not named and not g.missing and not _worded(g):
            continue  # with no KPI named, only a reading every figure of which a word supports
        if not named and g.missing:
            if not _worded(g) or not ctx.mem.messages:
                continue
            g = gather(ctx, tool, skip, memory=True)  # 'j'ai eu 16 nouveaux clients' after '800 € dépensés'
            if g.missing or not g.earlier:
                continue
        named_here = tool in ctx.a.kpis or any(tool in get_tool(k).kpi.variants for k in ctx.a.kpis)
        key = _key(g, order, named_here, ctx)
        if best is None or key > best[0]:
            best = (key, g)
    if best is None:
        return None
    g = best[1]
    general_id = get_tool(g.tool).kpi.unnamed_is
    if not named and general_id:  # revenue against a spend, no KPI named: the return on investment
        general = gather(ctx, general_id, skip, memory=False)
        if not general.missing and general.here.used == g.here.used:
            return general
    if not named or g.missing:  # a named KPI the figures don't complete may still be completed by memory
        return g if named or not g.missing else None
    return g


def _worded(g: Gathered) -> bool:
    """Every input of this reading was named by a word (or derived), none was guessed from its position."""
    return not g.here.by_position and len(g.here.used) >= 1


def present(ctx: Ctx, result: KpiResult, pitfalls: bool = True, title: str | None = None) -> None:
    """Value, formula, verdict with its source, and at most one pitfall from the knowledge base."""
    judged = result.inputs.get("kpi") if result.tool == "kpi_health" else None
    ctx.turn.say(result_text(result, ctx.lang, title=title or (get_tool(judged).title(ctx.lang) if judged else None)))
    ctx.turn.say(verdict_text(result, ctx.lang))
    kpi = judged or result.tool
    if result.tool != "solve_for":
        ctx.mem.remember_kpi(kpi, result.value, result.unit)
    if result.tool not in META_TOOLS:
        for note_ in get_tool(kpi).kpi.notes:  # 'win rate': said to be the opportunity stage's conversion
            if ctx.a.says(note_.when):
                ctx.turn.say(f"_{note_.text.get(ctx.lang)}_")
    if result.tool == "funnel_conversion" and (result.details or {}).get("weakest_step"):
        weak = result.details["weakest_step"]
        ctx.turn.say(t("weakest", ctx.lang, step=f"{weak['from']} → {weak['to']}",
                       rate=value_text(weak["rate_pct"], "%", ctx.lang)))
    if pitfalls and result.tool not in META_TOOLS:
        hits = ctx.search(f"{get_tool(kpi).title(ctx.lang)} pitfalls", k=1, kpi=kpi, kind="pitfall")
        ctx.turn.say(pitfall_lines(ctx.turn, hits, limit=1))


def ask_missing(ctx: Ctx, intent: str, tool_id: str, inputs: dict[str, Any], missing: list[str],
                extra: dict | None = None) -> None:
    """Ask for the missing inputs by their titles, and remember the calculation until they come."""
    plural = len(missing) > 1
    ctx.turn.say(t("ask", ctx.lang, tool=get_tool(tool_id).title(ctx.lang),
                   fields=field_list(tool_id, missing, ctx.lang), are="are" if plural else "is",
                   s="s" if plural else ""))
    ctx.mem.set_pending(intent, tool_id, inputs, missing, extra)


def run_and_present(ctx: Ctx, g: Gathered, intent: str = "compute",
                    extra_inputs: dict | None = None) -> KpiResult | None:
    """Say how the question was read, run the calculator, present the result (or ask for what is missing)."""
    inputs = {**g.inputs, **(extra_inputs or {})}
    if g.missing:
        ctx.turn.say(readback(ctx, g))
        ask_missing(ctx, intent, g.tool, inputs, g.missing)
        return None
    ctx.turn.say(readback(ctx, g))
    if any(ctx.a.nums[i].unit == "currency" for i in g.here.used if i < len(ctx.a.nums)):
        inputs = {**inputs, **get_tool(g.tool).kpi.money_basis}  # '2,4 M€ de pipeline': by value, not count
    result = ctx.run(g.tool, inputs)
    if result is None:
        return None
    aux = {n: ctx.a.nums[i].value for n, i in g.here.figure_of.items()
           if n in get_tool(g.tool).kpi.aux and i < len(ctx.a.nums)}
    if aux and ctx.mem.last:  # 'sent' and 'bounced' behind 'delivered': a later what-if may change one of them
        ctx.mem.last["aux"] = aux
    ctx.mem.clear_pending()
    ctx.used |= set(g.here.used)
    present(ctx, result)
    return result


def funnel(ctx: Ctx) -> bool:
    """'6 000 visiteurs → 240 leads → 48 SQL → 12 clients': each stage named by the word after its count, the
    overall rate and the weakest step."""
    if not ctx.a.stages:
        return False
    result = ctx.run("funnel_conversion", {"stages": [{"name": n, "count": c} for n, c in ctx.a.stages]})
    if result is not None:
        present(ctx, result)
    return True


def structured(ctx: Ctx) -> bool:
    """A cohort's yearly counts (multi-year loyalty) or the criteria a lead meets (lead score), when the question
    names one of them and gives what it takes (assistant.reader.structured)."""
    from assistant.reader.structured import structured_inputs

    given = structured_inputs(ctx.a)
    if given is None:
        return False
    result = ctx.run(*given)
    if result is not None:
        present(ctx, result)
    return True


def _first_named(ctx: Ctx, named: list[str]) -> list[str]:
    """The first KPI named, passing over a name that is also an input's words of another KPI named ('25 % win rate'
    is the velocity's input, not a conversion rate to compute)."""
    fields = {(m.start, m.end, m.target[1]) for m in ctx.a.mentions if m.target[0] == "field"}

    def an_input(k: str) -> bool:
        spans = [(m.start, m.end) for m in ctx.a.mentions if m.target == ("kpi", k)]
        return bool(spans) and all(any((s, e) == (a, b) and t != k and t in ctx.a.kpis for a, b, t in fields)
                                   for s, e in spans)

    order = [k for k in ctx.a.kpis if k in named]
    return [k for k in order if not an_input(k)][:1] or order[:1]


def compute(ctx: Ctx) -> None:
    """Run the calculator the question names (or implies) with the figures given, then the other KPIs it asks."""
    if funnel(ctx) or structured(ctx):
        return
    named = candidates(ctx)
    ask = asked(ctx.a)  # the KPI the question word asks for comes first ('…, a 25 % win rate: what is our velocity?')
    first = [ask.target[1]] if ask is not None and ask.target[0] == "kpi" and ask.target[1] in named else []
    first = first or _first_named(ctx, named)
    # several KPIs named ('taux d'ouverture et CTR ?'): the first one named first, with its variants
    g = choose(ctx, tools=[first[0], *get_tool(first[0]).kpi.variants]) if first else None
    if g is None or g.missing:
        g = choose(ctx) or g
    if g is None:
        _nothing_to_compute(ctx)
        return
    if g.tool == "customer_acquisition_cost" and not g.missing:
        from assistant.offline.judge import judge  # basket and purchases given: the verdict is CLV:CAC's

        judge(ctx, target=g.tool, quiet_if_unjudged=True)
        done = ctx.mem.pending is None
    else:
        done = run_and_present(ctx, g) is not None
    used = set(g.here.used)
    if done:
        for other in [k for k in ctx.a.kpis if k != g.tool and k not in META_TOOLS][:2]:
            more = choose(ctx, tools=[other, *get_tool(other).kpi.variants])  # two questions in one message
            # (not a KPI whose value the first calculation took as an input: '£4,100 to win an account' is the
            # CLV's CAC, not a spend to divide by '3 times a year')
            if more is not None and not more.missing and more.tool != g.tool and not more.here.by_position \
                    and not any(name in g.inputs for name in get_tool(other).kpi.value_is):
                ctx.turn.say(readback(ctx, more))
                second = ctx.run(more.tool, more.inputs)
                if second is not None:
                    present(ctx, second, pitfalls=False)
                    used |= more.here.used
    if ctx.mem.pending is None:
        ctx.turn.say(unused_figures(ctx, used | set(ctx.stated.values())))


def _nothing_to_compute(ctx: Ctx) -> None:
    """No calculator fits: note a stated value or figures named by their words (kept for the next messages),
    ask which KPI for bare figures, or give guidance."""
    if ctx.stated:
        note(ctx)
        return
    if _of_the_last(ctx):  # 'ah, j'avais oublié : 480 bounces': one more figure of the last calculation
        from assistant.offline.whatif import what_if

        what_if(ctx)
        return
    loose = _loose_figures(ctx)
    if loose:
        ctx.turn.say(t("loose", ctx.lang, items=", ".join(loose)))
        return
    if ctx.a.figures:
        ctx.turn.say(t("which_kpi", ctx.lang))
        return
    last = ctx.mem.last
    if last:  # 'and for last month?': the same calculation, new figures asked for
        ask_missing(ctx, "compute", last["tool"], {}, missing_required(last["tool"], {}))
        return
    from assistant.offline.guidance import guidance

    guidance(ctx)


def _of_the_last(ctx: Ctx) -> bool:
    """Every figure of the message is named by the words of an input, or of a figure behind one, of the last
    calculation."""
    last = ctx.mem.last
    if not last or not ctx.a.figures:
        return False
    tool = last["tool"]
    names = {*last["inputs"], *get_tool(tool).kpi.aux}

    def names_one(f) -> bool:  # the strongest words of the figure name one of them
        best = f.best(("field",))
        return best is not None and any(a.target[:2] == ("field", tool) and a.target[2] in names
                                        and a.score >= best.score - 0.05 for a in f.attachments)

    return all(f.num.implicit or names_one(f) for f in ctx.a.figures)


def _loose_figures(ctx: Ctx) -> list[str]:
    """'Dépenses marketing = 800 €' for each figure whose words clearly name an input (kept in memory)."""
    out = []
    order = {t: i for i, t in enumerate(plain_calculators())}
    for f in ctx.a.figures:
        best = f.best(("field", "other"))
        if best is None or best.target[0] != "field" or f.num.implicit:
            continue
        # among equally good readings, the first calculator's ('dépensé' is a marketing spend before an ad spend)
        close = [a for a in f.attachments if a.target[0] == "field" and a.score >= best.score - 0.1]
        best = min(close, key=lambda a: order.get(a.target[1], 99))
        tool, name = best.target[1], best.target[2]
        if compatible(f.num, kinds_of(tool).get(name, "number")) is None:
            continue
        unit = (f.num.currency or "EUR") if f.num.unit == "currency" else f.num.unit
        out.append(f"{get_tool(tool).field_title(name, ctx.lang)} = {value_text(f.num.value, unit, ctx.lang)}")
    return out


def note(ctx: Ctx) -> None:
    """'My CAC is 80 €': remember it, and judge it when a rule can."""
    from assistant.offline.judge import judge

    for kpi, idx in ctx.stated.items():
        n = ctx.a.nums[idx]
        unit = n.currency if n.unit == "currency" else n.unit
        ctx.mem.remember_kpi(kpi, n.value, unit, stated=True)
        ctx.turn.say(t("noted", ctx.lang, tool=get_tool(kpi).title(ctx.lang), value=value_text(n.value, unit,
                                                                                              ctx.lang)))
    judge(ctx, quiet_if_unjudged=True)
    if ctx.a.has("advise"):  # 'my conversion is 0.5 %, what should I fix first?': the figure, then the advice
        from assistant.offline.guidance import guidance

        guidance(ctx)


def followup(ctx: Ctx) -> None:
    """The user answers the question the engine asked: fill the missing inputs and finish the calculation."""
    pending = ctx.mem.pending
    if pending["intent"] == "health":
        from assistant.offline.judge import judge

        judge(ctx, target=pending["tool"])
        return
    tool_id = pending["tool"]
    inputs = dict(pending["inputs"])
    missing = list(pending["missing"])
    here = ctx.a.fill(tool_id, positional=False)
    for name in here.inputs:  # what was asked, and any other input the answer names ('… et 80 % de marge')
        if name in missing or name not in inputs:
            inputs[name] = here.inputs[name]
    kinds = kinds_of(tool_id)
    left = [f for f in ctx.a.figures if f.index not in here.used]
    for name in [m for m in missing if m not in inputs]:  # '15': the figure answers the question asked
        fits = [f for f in left if compatible(f.num, kinds[name]) is not None]
        if fits:
            inputs[name] = fits[0].num.value
            left.remove(fits[0])
    extra = pending.get("extra") or {}
    if pending["intent"] == "solve":
        from assistant.offline.solve import run_solve

        still = [f for f in missing_required(tool_id, inputs) if f != extra["field"]]
        if still:
            ask_missing(ctx, "solve", tool_id, inputs, still, extra)
            return
        run_solve(ctx, tool_id, inputs, extra["field"], extra["target"])
        return
    g = Gathered(tool=tool_id, here=here, inputs=inputs)
    run_and_present(ctx, g, pending["intent"])


def show_verdict(ctx: Ctx, result: KpiResult) -> None:
    """A verdict line alone (what-ifs and solves show the new value's verdict)."""
    ctx.turn.say(verdict_text(result, ctx.lang))


def recalculate(ctx: Ctx, tool: str, inputs: dict[str, Any]) -> None:
    """The calculation again with the values the user corrected in the read-back (no question to read)."""
    g = Gathered(tool=tool, here=Filling(tool), inputs=dict(inputs), earlier=dict.fromkeys(inputs, "edited"))
    run_and_present(ctx, g)
