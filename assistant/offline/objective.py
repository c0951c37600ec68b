"""Objectives and targets in the chat: 'how do I write a SMART objective for my conversion rate?' and 'what target
for MQL→SQL?', answered from the user's figures (this message, then the conversation's) with the shared
`assistant.selection.objectives` (the plan tab's SMART check and suggested targets)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from assistant.offline.compose import pick, value_text
from assistant.offline.context import META_TOOLS, Ctx
from assistant.offline.decide import values_of
from assistant.offline.figures import gather
from assistant.offline.selection import read_situation
from assistant.plan.wizard import CHANNEL_TITLES
from assistant.reader.bind import Figure
from assistant.selection.kpis import get as get_kpi
from assistant.selection.objectives import (
    EXAMPLE_STEP_PCT,
    default_deadline,
    read_deadline,
    smart_objective,
    smart_without_kpi,
    target_guidance,
)
from knowledge.language import normalize
from tools.registry import get_tool

TEXTS = {
    "counts_now": ("**In your figures**: with {volume} {whole}, {baseline} is {now} {part}",
                   "**Avec vos chiffres** : sur {volume} {whole}, {baseline} représente {now} {part}"),
    "counts_target": ("; {target} means {then} {part} from the same {whole}.",
                      " ; {target} en représente {then} avec le même volume."),
    "measured": ("**How it is measured**: {formula}, from {source}, over the same period each time.",
                 "**Comment le mesurer** : {formula}, depuis {source}, sur la même période à chaque fois."),
    "measured_formula": ("**How it is measured**: {formula}, over the same period each time.",
                         "**Comment le mesurer** : {formula}, sur la même période à chaque fois."),
}


_tx = partial(pick, TEXTS)  # a template of this module's table in the user's language, filled in


def today() -> dt.date:
    """The date deadlines count from (a function, so tests can fix it)."""
    return dt.date.today()


def _kpi(ctx: Ctx) -> str | None:
    """The KPI the objective is for: the first one named ('target' names the reverse solve, not a KPI), else the one
    the conversation is about."""
    for k in ctx.a.kpis:
        if k not in META_TOOLS and _known(k):
            return k
    last = ctx.mem.last_kpi
    return last if last and _known(last) else None


def _known(kpi: str) -> bool:
    try:
        get_kpi(kpi)
    except KeyError:
        return False
    return True


def _own_figures(ctx: Ctx, kpi: str) -> list[Figure]:
    """Figures that are values of the KPI ('my conversion rate is 1.5 %', 'from 1.5 % to 2 %', 'reach 2 %')."""
    return values_of(ctx.a, kpi)


def _is_goal(f: Figure) -> bool:
    """'to 2 %', 'reach 60 €', 'atteindre 3 %': where the user wants to get to."""
    return f.score_for(("cue", "goal_value")) > 0


def _change(ctx: Ctx, kpi: str) -> float | None:
    """A relative change for a KPI not counted in % ('cut my CAC by 20 %'), said with a change word, signed by it
    ('80 % of my price' is no change)."""
    if get_tool(kpi).kpi.result == "%":
        return None  # '+20 %' on a rate could be points or relative: the user is asked for the target instead
    pct = next((f for f in ctx.a.figures if f.num.unit == "%"), None)
    if pct is None or not (ctx.a.has("down") or ctx.a.has("up")):
        return None
    return -pct.num.value if ctx.a.has("down") else pct.num.value


def _baseline_and_target(ctx: Ctx, kpi: str) -> tuple[float | None, float | None, set[int]]:
    """(baseline, target, numbers used) from this message's own figures, the baseline else from the conversation
    (a value stated or computed before, or computed now from the inputs given)."""
    own = _own_figures(ctx, kpi)
    baseline = target = None
    if len(own) >= 2:  # 'from 1.5 % to 2 %'
        baseline, target = own[0].num.value, own[1].num.value
    elif own and _is_goal(own[0]) and own[0].index not in ctx.stated.values():
        target = own[0].num.value
    elif own:
        baseline = own[0].num.value
    used = {f.index for f in own}
    if baseline is None:
        baseline = ctx.mem.kpi(kpi)
    if baseline is None and kpi in _calculators():
        g = gather(ctx, kpi, skip=used)
        if not g.missing:
            result = ctx.run(kpi, g.inputs)
            baseline = result.value if result else None
            used |= g.here.used
    return baseline, target, used


def _calculators() -> set[str]:
    from assistant.reader.reading import plain_calculators

    return set(plain_calculators())


def _volumes(ctx: Ctx, kpi: str, baseline: float | None, target: float | None) -> None:
    """For a rate with its denominator known ('2 000 visitors a month'): what the baseline and the target mean in
    counts, each computed by the reverse solve (how the objective is measured, in the user's own units)."""
    decl = get_tool(kpi).kpi
    if decl.result != "%" or not decl.ratio or baseline is None:
        return
    part, whole = decl.ratio
    g = gather(ctx, kpi)
    volume = g.inputs.get(whole, ctx.mem.field(whole))
    if not volume:
        return
    counts = []
    for value in (baseline, target):
        if value is None:
            continue
        r = ctx.run("solve_for", {"tool": kpi, "inputs": {whole: volume, part: 0}, "field": part, "target": value})
        if r is None or r.value is None:
            return
        counts.append(r.value)
    lang, spec = ctx.lang, get_tool(kpi)
    words = {"whole": _lower(spec.field_title(whole, lang)), "part": _lower(spec.field_title(part, lang))}
    line = _tx("counts_now", lang, volume=value_text(volume, None, lang), baseline=value_text(baseline, "%", lang),
               now=value_text(counts[0], None, lang), **words)
    if len(counts) == 2:
        line += _tx("counts_target", lang, target=value_text(target, "%", lang), then=value_text(counts[1], None, lang),
                    **words)
    else:
        line += "."
    ctx.turn.say(line)


def _lower(s: str) -> str:
    return s[0].lower() + s[1:] if len(s) > 1 and s[1].islower() else s


def objective(ctx: Ctx) -> None:
    """A SMART objective from the user's figures: baseline → target, deadline, how it is measured, each letter
    checked, with the knowledge entries cited. Without a target, a first draft that takes the articles' example
    step (+15 % over the next quarter) and says so; without a KPI, the frame and which KPI to name."""
    kpi = _kpi(ctx)
    lang = ctx.lang
    if kpi is None:
        for block in smart_without_kpi(lang).render(ctx.turn.cite):
            ctx.turn.say(block)
        return
    ctx.mem.discussed(kpi)
    baseline, target, _ = _baseline_and_target(ctx, kpi)
    change = None if target is not None else _change(ctx, kpi)
    deadline = read_deadline(ctx.a.question, lang, today())
    drafted = target is None and change is None and baseline is not None
    if drafted:  # no target said: the articles' example step, said as such, for the user to change
        change = -EXAMPLE_STEP_PCT if get_tool(kpi).kpi.better == "lower" else EXAMPLE_STEP_PCT
        deadline = deadline or default_deadline(today())
    said = read_situation(normalize(ctx.a.question))  # the business objective and the channel, when said
    channel = _lower(CHANNEL_TITLES[said.channels[0]].get(lang)) if len(said.channels) == 1 else ""
    answer = smart_objective(kpi, baseline, target, deadline, lang, change_pct=change, segment=ctx.segment,
                             today=today(), drafted=drafted, objective=said.objective or "", channel=channel)
    if answer.record is not None:
        ctx.turn.record(answer.record)
    for block in answer.render(ctx.turn.cite):
        ctx.turn.say(block)
    if baseline is not None and answer.record is not None:
        _volumes(ctx, kpi, baseline, answer.record.value)
    measured = _measured(kpi, lang)
    if measured:
        ctx.turn.say(measured)


def _measured(kpi: str, lang: str) -> str:
    """How the objective is measured: the KPI's formula and where its figures come from (its declaration)."""
    decl = get_tool(kpi).kpi
    if decl.formula is None:
        return ""
    source = decl.data_source.get(lang) if decl.data_source else ""
    formula = decl.formula.get(lang)
    return _tx("measured", lang, formula=formula, source=source) if source else \
        _tx("measured_formula", lang, formula=formula)


def target(ctx: Ctx) -> None:
    """What target to aim at: the sourced range with its source (for the user's segment), or the plain statement
    that none is sourced and how to set one from the baseline (the user's own value when known)."""
    kpi = _kpi(ctx)
    if kpi is None:
        from assistant.offline.guidance import guidance

        guidance(ctx)
        return
    ctx.mem.discussed(kpi)
    baseline, _, _ = _baseline_and_target(ctx, kpi)
    answer = target_guidance(kpi, ctx.lang, ctx.search, segment=ctx.segment, baseline=baseline)
    for block in answer.render(ctx.turn.cite):
        ctx.turn.say(block)
