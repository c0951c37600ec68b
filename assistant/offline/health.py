"""Health questions: 'is my CAC healthy?' — judged with the registry's rules (kpi_health, clv_cac_ratio)."""

from __future__ import annotations

from assistant.offline.actions import finish, present
from assistant.offline.compose import field_list, first_sentences, pitfall_lines, t, value_text
from assistant.offline.context import FIELD_OF_KPI, Ctx
from assistant.offline.cues import HEALTH
from assistant.offline.slots import map_numbers, missing_required
from assistant.offline.tool_choice import choose_tool
from assistant.offline.wording import period_of, readable_health
from tools.health_tool import UNITS as HEALTH_UNITS
from tools.registry import get_tool

NO_THRESHOLD = ("I have no sourced threshold to judge **{title}** offline, so I will not call a value good or bad; "
                "here is what the knowledge base says about it.",
                "Je n'ai pas de seuil sourcé pour juger **{title}** hors ligne : je ne qualifierai donc pas une valeur "
                "de bonne ou de mauvaise ; voici ce qu'en dit la base de connaissances.")
ROAS_AS_ROI = ("A ROAS of {roas} is an ROI of {roi} when ad spend is the only cost: that is what I judge.",
               "Un ROAS de {roas} correspond à un ROI de {roi} si la publicité est le seul coût : c'est ce que je "
               "juge.")
CLV_TOOLS = ("clv_simple", "clv_b2b", "clv_margin_churn")


def _benchmark_query(kpi: str, lang: str) -> str:
    # Worded like a user's question: it ranks the KPI's benchmark entry above entries that merely mention the KPI.
    return f"{get_tool(kpi).title(lang)}: is it healthy? thresholds, good value"


def _known_value(ctx: Ctx, kpi: str) -> float | None:
    """The KPI's value from this question (stated) or from memory."""
    if kpi in ctx.stated:
        return ctx.a.nums[ctx.stated[kpi]].value
    return ctx.mem.kpi(kpi)


def _clv(ctx: Ctx) -> float | None:
    for k in CLV_TOOLS:
        v = _known_value(ctx, k)
        if v is not None:
            return v
    return ctx.mem.field("clv")


def _price(ctx: Ctx) -> float | None:
    """An average price given in this question ('I sell at 100 €') or remembered."""
    a = ctx.a
    inputs, _, _ = map_numbers("customer_acquisition_cost", a.nums, a.tokens, set(ctx.stated.values()),
                               only={"average_price"}, positional=False)
    if "average_price" in inputs:
        ctx.mem.remember_fields(inputs)
        return inputs["average_price"]
    if "average_order_value" in ctx.stated:  # "un panier moyen de 320 €"
        return ctx.a.nums[ctx.stated["average_order_value"]].value
    return ctx.mem.field("average_price") or ctx.mem.field("average_basket")


def _target(ctx: Ctx) -> str | None:
    """The KPI being judged: CLV:CAC when both sides are named, else the one named closest before the health cue."""
    kpis = ctx.a.kpis
    if "clv_cac_ratio" in kpis:
        return "clv_cac_ratio"
    if kpis:
        if any(k in CLV_TOOLS for k in kpis) and "customer_acquisition_cost" in kpis:
            return kpis[-1]
        cue = HEALTH.search(ctx.a.norm)
        before = [k for k, start, _ in ctx.a.mentions if cue and start < cue.start()]
        return before[-1] if before else kpis[0]
    pending = ctx.mem.pending
    return pending["tool"] if pending else ctx.mem.last_kpi


def health(ctx: Ctx, quiet_if_unjudged: bool = False, target: str | None = None) -> None:
    """Judge the KPI the user asks about, asking for the figures the rule needs when they are missing."""
    kpi = target or _target(ctx)
    if kpi is None:
        ctx.turn.say(t("no_rule", ctx.lang))
        return
    value = _known_value(ctx, kpi)
    if value is None and kpi != "clv_cac_ratio" and _compute_then_judge(ctx, kpi):
        return
    if _judge_clv_cac(ctx, kpi):
        return
    if value is None and kpi not in HEALTH_UNITS and kpi not in CLV_TOOLS:
        if not quiet_if_unjudged:  # no rule could judge it anyway: say so and give what the sources say
            ctx.turn.say(NO_THRESHOLD[1 if ctx.lang == "fr" else 0].format(title=get_tool(kpi).title(ctx.lang)))
            hits = ctx.search(_benchmark_query(kpi, ctx.lang), k=2, kpi=kpi)
            ctx.turn.say(pitfall_lines(ctx.turn, hits, limit=2))
        return
    if value is None:
        if not quiet_if_unjudged:
            _ask_for_value(ctx, kpi)
        return
    _judge_value(ctx, kpi, value, quiet_if_unjudged)


def _compute_then_judge(ctx: Ctx, kpi: str) -> bool:
    """'I spent 1 200 € for 15 customers and sell at 100 €, is my CAC healthy?': the tool computes and judges."""
    tool_id, inputs = choose_tool(ctx, skip=set(ctx.stated.values()))
    if tool_id != kpi or missing_required(kpi, inputs):
        return False
    if kpi == "customer_acquisition_cost" and _price(ctx) is not None:
        inputs["average_price"] = _price(ctx)
    finish(ctx, "health", kpi, inputs)
    return True


def _judge_clv_cac(ctx: Ctx, kpi: str) -> bool:
    """CAC or CLV judged together, as the CLV:CAC ratio, when both are known (this turn or earlier)."""
    cac, clv = _known_value(ctx, "customer_acquisition_cost"), _clv(ctx)
    if kpi not in ("customer_acquisition_cost", "clv_cac_ratio", *CLV_TOOLS) or cac is None or clv is None:
        return False
    result = ctx.run("clv_cac_ratio", {"clv": clv, "cac": cac})
    if result is not None:
        ctx.mem.clear_pending()
        present(ctx, result)
    return True


def _judge_value(ctx: Ctx, kpi: str, value: float, quiet: bool) -> None:
    """A known value judged by kpi_health, with the benchmark entry behind the rule."""
    if kpi == "roas" and value is not None:  # judged as its equivalent ROI, as a computed ROAS is
        roi = round((value - 1) * 100, 2)
        ctx.turn.say(ROAS_AS_ROI[1 if ctx.lang == "fr" else 0].format(roas=value_text(value, "ratio", ctx.lang),
                                                                       roi=value_text(roi, "%", ctx.lang)))
        kpi, value = "marketing_roi", roi
    if kpi not in HEALTH_UNITS:
        if not quiet:
            ctx.turn.say(NO_THRESHOLD[1 if ctx.lang == "fr" else 0].format(title=get_tool(kpi).title(ctx.lang)))
            hits = ctx.search(_benchmark_query(kpi, ctx.lang), k=1, kpi=kpi)
            ctx.turn.say(pitfall_lines(ctx.turn, hits, limit=1))
        return
    context: dict = {}
    if kpi == "customer_acquisition_cost":
        price = _price(ctx)
        if price is None:
            if not quiet:
                _ask(ctx, kpi, ["average_price"], also_clv=True)
            return
        context["average_price"] = price
    if kpi == "churn_rate" and period_of(ctx.a.norm):
        context["period"] = period_of(ctx.a.norm)  # the churn rule is monthly; other periods are compounded
    args = {"kpi": kpi, "value": value, "segment": ctx.segment, "context": context}
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
        ctx.turn.say(t("no_rule", ctx.lang))  # a rule for another segment was already explained above
    hits = ctx.search(_benchmark_query(kpi, ctx.lang), k=1, kpi=kpi, kind="benchmark")
    ctx.turn.say(pitfall_lines(ctx.turn, hits, limit=1))


def _ask_for_value(ctx: Ctx, kpi: str) -> None:
    """'Is my CAC healthy?' alone: ask for the KPI (or what computes it) and what the rule compares it with."""
    spec = get_tool(kpi)
    required = [f for f in missing_required(kpi, {})]
    fields = field_list(kpi, required, ctx.lang) if required else f"**{spec.title(ctx.lang)}**"
    extra = []
    if kpi == "customer_acquisition_cost":
        extra = ["average_price"]
    lead = (f"la valeur de votre **{spec.title('fr')}** (ou {fields})" if ctx.lang == "fr"
            else f"your **{spec.title('en')}** value (or {fields})")
    if extra:
        lead += (" et votre " if ctx.lang == "fr" else " and your ") + field_list(kpi, extra, ctx.lang)
        lead += (" (ou votre CLV)" if ctx.lang == "fr" else " (or your CLV)")
    ctx.turn.say(t("ask_health", ctx.lang, tool=spec.title(ctx.lang), fields=lead, them="them", les="ces chiffres"))
    ctx.mem.set_pending("health", kpi, {}, required + extra, {"value": None})
    for hit in ctx.search(_benchmark_query(kpi, ctx.lang), k=1, kpi=kpi, kind="benchmark"):
        n = ctx.turn.cite(hit)  # meanwhile, what the sources say a healthy value looks like
        ctx.turn.say(f"**{hit.title}** — {first_sentences(hit.text, 420)} [{n}]")


def _ask(ctx: Ctx, kpi: str, fields: list[str], also_clv: bool = False) -> None:
    spec = get_tool(kpi)
    lead = field_list(kpi, fields, ctx.lang)
    if also_clv:
        lead += " (ou votre CLV)" if ctx.lang == "fr" else " (or your CLV)"
    ctx.turn.say(t("ask_health", ctx.lang, tool=spec.title(ctx.lang), fields=lead, them="it", les="ce chiffre"))
    ctx.mem.set_pending("health", kpi, {}, fields, {"value": _known_value(ctx, kpi)})


def health_followup(ctx: Ctx) -> None:
    """The user answers a health question back: a price, the KPI value, or the inputs that compute it."""
    pending = ctx.mem.pending or {}
    kpi = pending.get("tool")
    a = ctx.a
    stated_value = (pending.get("extra") or {}).get("value")
    inputs, _, used = map_numbers(kpi, a.nums, a.tokens, set(ctx.stated.values()), positional=False)
    price_given = "average_price" in inputs
    if price_given:
        ctx.mem.remember_fields({"average_price": inputs.pop("average_price")})
    free = [i for i, n in enumerate(a.nums) if i not in used and i not in ctx.stated.values()]
    if kpi not in ctx.stated and stated_value is None and free and missing_required(kpi, inputs):
        ctx.stated[kpi] = free[0]  # "It's 80 €": the value asked for
    elif stated_value is not None and kpi not in ctx.stated:
        ctx.mem.remember_kpi(kpi, stated_value)
    if not missing_required(kpi, inputs):
        ctx.stated.pop(kpi, None)
        if kpi == "customer_acquisition_cost" and ctx.mem.field("average_price"):
            inputs["average_price"] = ctx.mem.field("average_price")
        finish(ctx, "health", kpi, inputs)
        return
    if kpi in FIELD_OF_KPI and kpi in ctx.stated:
        ctx.mem.remember_kpi(kpi, a.nums[ctx.stated[kpi]].value)
    health(ctx, target=kpi)
