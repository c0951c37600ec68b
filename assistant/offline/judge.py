"""'Is my CAC healthy?': a verdict from a sourced rule, using everything the user said (this turn and before).

With a basket and a purchase count given, a CAC is judged by CLV:CAC (the rule that needs no price); with a
price, by the CAC-to-price rule; context words (B2B/B2C, launch, per month) reach the rule. A KPI with no
sourced threshold gets no verdict, said by name, with what the knowledge base says about it.
"""

from __future__ import annotations

from assistant.offline.calc import candidates, choose, present, run_and_present
from assistant.offline.compose import field_list, pitfall_lines, t, value_text
from assistant.offline.context import Ctx
from assistant.offline.figures import gather, readback, unused_figures
from assistant.offline.wording import readable_health
from assistant.reply import ReadBack
from tools.health import RULES
from tools.registry import get_tool

NO_THRESHOLD = ("I have no sourced threshold to judge **{title}** offline, so I will not call a value good or bad; "
                "here is what the knowledge base says about it.",
                "Je n'ai pas de seuil sourcé pour juger **{title}** hors ligne : je ne qualifierai donc pas une valeur "
                "de bonne ou de mauvaise ; voici ce qu'en dit la base de connaissances.")
ROAS_AS_ROI = ("A ROAS of {roas} is an ROI of {roi} when ad spend is the only cost: that is what I judge.",
               "Un ROAS de {roas} correspond à un ROI de {roi} si la publicité est le seul coût : c'est ce que je "
               "juge.")
ASK_CAC = ("To judge **{tool}** I need what a customer brings: your average price, or your CLV (or basket and "
           "purchases per customer).",
           "Pour juger **{tool}**, il me faut ce que rapporte un client : votre prix moyen, ou votre CLV (ou le "
           "panier moyen et le nombre d'achats par client).")
ASK_VALUE = ("To judge **{tool}** I need its value, or {fields}. Can you give them?",
             "Pour juger **{tool}**, il me faut sa valeur, ou {fields}. Pouvez-vous me les donner ?")
ASK_PRICE = ("…and your {price} (or your CLV), to compare it with.",
             "…et votre {price} (ou votre CLV), pour le comparer.")
CLV_TOOLS = ("clv_simple", "clv_b2b", "clv_margin_churn")
JUDGED = frozenset(r.kpi for r in RULES)


def _i(ctx: Ctx) -> int:
    return 1 if ctx.lang == "fr" else 0


def _query(kpi: str, lang: str) -> str:
    return f"{get_tool(kpi).title(lang)}: is it healthy? thresholds, good value"


def judged_kpi(ctx: Ctx) -> str | None:
    """The KPI being judged: CLV:CAC when both sides are named, else the one named last before the health words."""
    kpis = set(candidates(ctx)) | set(ctx.stated)
    named = [k for k in ctx.a.kpis if k in kpis]
    if "clv_cac_ratio" in named or ({"customer_acquisition_cost"} <= set(named) and set(named) & set(CLV_TOOLS)):
        return "clv_cac_ratio"
    if named:
        cue = min((m.start for m in ctx.a.cues("health")), default=None)
        before = [m.target[1] for m in ctx.a.mentions if m.target[0] == "kpi" and m.target[1] in named
                  and cue is not None and m.start < cue]
        return before[-1] if before else named[0]
    if ctx.stated:
        return next(iter(ctx.stated))
    pending = ctx.mem.pending
    if pending:
        return pending["tool"]
    if len([f for f in ctx.a.figures if not f.num.implicit]) >= 2:
        return None  # 'we spent $1,500 and it brought in $6,000, a good return?': its own calculation, not the last KPI
    return ctx.mem.last_kpi


def known_value(ctx: Ctx, kpi: str) -> float | None:
    """The KPI's value stated in this question, or remembered."""
    if kpi in ctx.stated:
        return ctx.a.nums[ctx.stated[kpi]].value
    return ctx.mem.kpi(kpi)


def _clv_known(ctx: Ctx) -> bool:
    """A CLV is stated, remembered, or computable from this message's own figures."""
    if any(k in ctx.stated for k in CLV_TOOLS) or any(ctx.mem.kpi(k) is not None for k in CLV_TOOLS):
        return True
    if "clv" in ctx.a.fill("clv_cac_ratio", set(ctx.used), positional=False).inputs:
        return True
    g = choose(ctx, tools=list(CLV_TOOLS))
    return g is not None and not g.missing and not g.here.by_position and bool(set(g.here.inputs) - {"cac"})


def _clv(ctx: Ctx) -> tuple[float | None, bool]:
    """A CLV stated, computable from this message's figures (basket × purchases), or remembered; and whether it
    was computed (and shown) now."""
    for k in CLV_TOOLS:
        if k in ctx.stated:
            return ctx.a.nums[ctx.stated[k]].value, False
    said = ctx.a.fill("clv_cac_ratio", set(ctx.used), positional=False).inputs.get("clv")
    if said is not None:  # 'un client me rapporte 1 000 € sur sa durée de vie'
        return said, False
    g = choose(ctx, tools=list(CLV_TOOLS))
    if g is not None and not g.missing and not g.here.by_position and set(g.here.inputs) - {"cac"}:
        result = ctx.run(g.tool, {k: v for k, v in g.inputs.items() if k != "cac"})
        if result is not None and result.value is not None:
            ctx.used |= set(g.here.used)
            ctx.turn.say(readback(ctx, g))
            present(ctx, result, pitfalls=False)
            return result.value, True
    for k in CLV_TOOLS:
        if ctx.mem.kpi(k) is not None:
            return ctx.mem.kpi(k), False
    return None, False


def judge(ctx: Ctx, quiet_if_unjudged: bool = False, target: str | None = None) -> None:
    """Judge the KPI the user asks about with every fact given, asking for what the rule still needs."""
    kpi = target or judged_kpi(ctx)
    if kpi is None:
        _judge_unnamed(ctx, quiet_if_unjudged)
        return
    if target is not None and kpi not in ctx.stated and ctx.mem.pending and ctx.mem.pending["intent"] == "health":
        _value_from_answer(ctx, kpi)  # 'It's 80 € and I sell at 800 €': the value asked for
    value = known_value(ctx, kpi) if kpi in ctx.stated else None
    if value is None and kpi != "clv_cac_ratio":
        if _compute_and_judge(ctx, kpi, quiet_if_unjudged):
            return
        value = known_value(ctx, kpi)
    if kpi in ("customer_acquisition_cost", "clv_cac_ratio", *CLV_TOOLS) and _judge_ratio(ctx, kpi):
        return
    if value is None and kpi not in JUDGED and kpi not in CLV_TOOLS and kpi != "roas":
        if not quiet_if_unjudged:  # no rule could judge it anyway: say so, with what the sources say
            ctx.turn.say(NO_THRESHOLD[_i(ctx)].format(title=get_tool(kpi).title(ctx.lang)))
            ctx.turn.say(pitfall_lines(ctx.turn, ctx.search(_query(kpi, ctx.lang), k=1, kpi=kpi), limit=1))
        return
    if value is None:
        if not quiet_if_unjudged:
            _ask_for_value(ctx, kpi)
        return
    _judge_value(ctx, kpi, value, quiet_if_unjudged)


def _judge_unnamed(ctx: Ctx, quiet: bool) -> None:
    """No KPI named: the calculation the figures make, judged ('costs us 420 to acquire and brings 1 890')."""
    g = choose(ctx)
    if g is not None and not g.missing:
        result = run_and_present(ctx, g, "health")
        if result is not None and result.verdict is None:
            _judge_after(ctx, g.tool, result.value, quiet)
        if result is not None:
            ctx.turn.say(unused_figures(ctx, set(g.here.used) | set(ctx.stated.values())))
    elif not quiet:
        ctx.turn.say(t("no_rule", ctx.lang))


def _compute_and_judge(ctx: Ctx, kpi: str, quiet: bool) -> bool:
    """The KPI computed from the figures given, then judged with every fact: True when it was computed."""
    g = gather(ctx, kpi, memory=True) if kpi in candidates(ctx) or ctx.a.figures else None
    if g is None or g.missing or not (g.here.used or not ctx.a.figures):
        return False
    with_clv = kpi == "customer_acquisition_cost" and _clv_known(ctx)
    price = _price(ctx) if kpi == "customer_acquisition_cost" and not with_clv else None
    if with_clv:
        g.inputs.pop("average_price", None)  # judged by CLV:CAC below, not by the price rule
    result = run_and_present(ctx, g, "health", {"average_price": price} if price is not None else None)
    if result is None:
        return True
    if with_clv:  # basket and purchases given: CLV:CAC says more than the price rule
        _judge_ratio(ctx, kpi)
    elif result.verdict is None:
        _judge_after(ctx, kpi, result.value, quiet)
    if not with_clv:  # a figure the calculation did not use is named, not silently dropped
        ctx.turn.say(unused_figures(ctx, set(g.here.used) | set(ctx.stated.values())))
    return True


def _value_from_answer(ctx: Ctx, kpi: str) -> None:
    """In an answer to 'give me the value', the figure no input word claims is the KPI's value."""
    price = ctx.a.fill("customer_acquisition_cost", positional=False).inputs.get("average_price")
    for f in ctx.a.figures:
        if f.num.value == price or any(a.target[0] == "field" and a.target[1] == kpi for a in f.attachments):
            continue
        ctx.a.stated[kpi] = f.index
        return


def _judge_after(ctx: Ctx, kpi: str, value: float | None, quiet: bool) -> None:
    """A computed KPI whose calculator gave no verdict: the CLV:CAC ratio, or the health rules with context."""
    if value is None:
        return
    if kpi in ("customer_acquisition_cost", *CLV_TOOLS) and _judge_ratio(ctx, kpi):
        return
    _judge_value(ctx, kpi, value, quiet)


def _price(ctx: Ctx) -> float | None:
    """An average price or basket given in this question ('I sell at 100 €') or remembered."""
    here = ctx.a.fill("customer_acquisition_cost")
    if "average_price" in here.inputs:
        ctx.mem.remember_fields({"average_price": here.inputs["average_price"]})
        return here.inputs["average_price"]
    if "average_order_value" in ctx.stated:
        return ctx.a.nums[ctx.stated["average_order_value"]].value
    return ctx.mem.field("average_price") or ctx.mem.kpi("average_order_value")


def _judge_ratio(ctx: Ctx, kpi: str) -> bool:
    """CAC or CLV judged together, as the CLV:CAC ratio, when both are known (this turn or earlier)."""
    said = ctx.a.fill("clv_cac_ratio", set(ctx.used), positional=False)
    if not said.missing and said.used:  # 'costs us 420 to acquire and brings in 1 890 over their lifetime'
        g = gather(ctx, "clv_cac_ratio")
        run_and_present(ctx, g, "health")
        return True
    cac = known_value(ctx, "customer_acquisition_cost")
    if cac is None and kpi == "clv_cac_ratio":  # 'je paie 45 € pour acquérir un client' with a basket and purchases
        cac = said.inputs.get("cac")
    clv, _ = _clv(ctx) if cac is not None or kpi in CLV_TOOLS else (None, False)
    if cac is None or clv is None:
        if kpi == "clv_cac_ratio":
            g = choose(ctx, tools=["clv_cac_ratio"])
            if g is not None and not g.missing:
                run_and_present(ctx, g, "health")
                return True
        return False
    base = ctx.mem.last  # the user's calculation stays the base of a what-if ('what if we had got 40 customers?')
    result = ctx.run("clv_cac_ratio", {"clv": clv, "cac": cac})
    if result is not None:
        ctx.mem.clear_pending()
        present(ctx, result)
        if base and base["tool"] == "customer_acquisition_cost" and kpi == "customer_acquisition_cost":
            ctx.mem.set_last(base["tool"], base["inputs"])
    return True


def _judge_value(ctx: Ctx, kpi: str, value: float, quiet: bool) -> None:
    """A known value judged by kpi_health with the context it needs, with the benchmark entry behind the rule."""
    i = _i(ctx)
    stated = kpi in ctx.stated and ctx.a.nums[ctx.stated[kpi]].value == value  # this message's own value
    if kpi == "roas":  # judged as its equivalent ROI, as a computed ROAS is
        roi = round((value - 1) * 100, 2)
        ctx.turn.say(ROAS_AS_ROI[i].format(roas=value_text(value, "ratio", ctx.lang), roi=value_text(roi, "%",
                                                                                                  ctx.lang)))
        kpi, value = "marketing_roi", roi
    if kpi not in JUDGED:
        if not quiet:
            ctx.turn.say(NO_THRESHOLD[i].format(title=get_tool(kpi).title(ctx.lang)))
            ctx.turn.say(pitfall_lines(ctx.turn, ctx.search(_query(kpi, ctx.lang), k=1, kpi=kpi), limit=1))
        return
    context: dict = {}
    if kpi == "customer_acquisition_cost":
        price = _price(ctx)
        if price is None:
            if not quiet:
                ctx.turn.say(ASK_CAC[i].format(tool=get_tool(kpi).title(ctx.lang)))
                ctx.mem.set_pending("health", kpi, {}, ["average_price"], {"value": value})
            return
        context["average_price"] = price
        if ctx.currency:
            context["currency"] = ctx.currency  # 'CAC 120 GBP is above the price 95 GBP', not EUR
    if kpi == "churn_rate" and ctx.period:
        context["period"] = ctx.period
    if kpi == "marketing_roi" and ctx.phase:
        context["phase"] = ctx.phase
    args = {"kpi": kpi, "value": value, "segment": ctx.rule_segment(), "context": context}
    if kpi == "marketing_roi" and kpi in ctx.stated and ctx.a.nums[ctx.stated[kpi]].unit == "ratio":
        args["roi_as_multiple"] = True  # "an ROI of 3x"
    result = ctx.run("kpi_health", args)
    if result is None:
        return
    ctx.mem.clear_pending()
    if result.verdict is None and quiet:
        return
    present(ctx, readable_health(result, ctx.segment, ctx.lang), pitfalls=False)
    if result.verdict is None and not any("segment" in w.en or "context" in w.en for w in result.warnings):
        ctx.turn.say(t("no_rule", ctx.lang))
    if stated and not context.get("average_price") and ctx.turn.reading is None:
        # the other figures of the message are named, not silently dropped ('tourne depuis 8 ans')
        ctx.turn.reading = ReadBack(tool="kpi_health", title=get_tool("kpi_health").title(ctx.lang))
        ctx.turn.say(unused_figures(ctx, set(ctx.stated.values())))
    hits = ctx.search(_query(kpi, ctx.lang), k=1, kpi=kpi, kind="benchmark")
    ctx.turn.say(pitfall_lines(ctx.turn, hits, limit=1))


def _ask_for_value(ctx: Ctx, kpi: str) -> None:
    """'Is my CAC healthy?' alone: ask for the KPI (or what computes it), with what the sources call healthy."""
    spec = get_tool(kpi)
    required = [n for n in spec.kinds() if spec.input_model.model_fields[n].is_required()]
    fields = field_list(kpi, required, ctx.lang) if required else f"**{spec.title(ctx.lang)}**"
    ctx.turn.say(ASK_VALUE[_i(ctx)].format(tool=spec.title(ctx.lang), fields=fields))
    if kpi == "customer_acquisition_cost":  # the rule compares it with what a customer brings
        ctx.turn.say(ASK_PRICE[_i(ctx)].format(price=field_list(kpi, ["average_price"], ctx.lang)))
    ctx.mem.set_pending("health", kpi, {}, required, {"value": None})
    hits = ctx.search(_query(kpi, ctx.lang), k=1, kpi=kpi, kind="benchmark")
    ctx.turn.say(pitfall_lines(ctx.turn, hits, limit=1))
