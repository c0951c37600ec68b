"""Compare two options on one KPI: each option's figures through the same calculator, then which does better.

The figures are split where both halves complete the calculator ('A: 1 200 € for 15 customers vs B: 1 500 € for
20'); figures given respectively ('1 200 and 1 500 €, 15 and 20 customers') pair one of each. The better
direction is the KPI's declaration (a lower CAC, a higher conversion rate).
"""

from __future__ import annotations

import re

from assistant.offline.calc import candidates, choose, run_and_present
from assistant.offline.compose import result_text, t
from assistant.offline.context import Ctx
from assistant.reader.bind import Figure, compatible
from assistant.reader.fill import fill
from assistant.reader.reading import plain_calculators
from tools.registry import get_tool

_WHICH_KPI = ("Which KPI should I compare them on (CAC, cost per lead, conversion rate, ROI…)? Name it with the "
              "figures of both options, e.g. “compare the CAC: Facebook, spend and customers, vs Instagram, spend "
              "and customers”.",
              "Sur quel KPI dois-je les comparer (CAC, coût par lead, taux de conversion, ROI…) ? Nommez-le avec "
              "les chiffres des deux options, p. ex. « compare le CAC : Facebook, dépenses et clients, contre "
              "Instagram, dépenses et clients ».")


Split = tuple[list[Figure], list[Figure], dict, dict]


def _mirrored(tool: str, left: list[Figure], right: list[Figure]) -> dict | None:
    """The second option written like the first ('900 spent for 1,500 clicks vs 600 for 1,200 clicks'): its
    figures take the inputs of the first option's figures in the same order, when their notation fits."""
    a = fill(tool, left)
    if not a.complete or len(left) != len(right):
        return None
    by_index = {i: name for name, i in a.figure_of.items()}
    names = [by_index.get(f.index) for f in left]
    kinds = get_tool(tool).kinds()
    if None in names or any(compatible(f.num, kinds[n]) is None for f, n in zip(right, names, strict=True)):
        return None
    return {n: f.num.value for f, n in zip(right, names, strict=True)}


def _split(ctx: Ctx, tool: str) -> Split | None:
    """Two groups of figures that each complete `tool` (and their inputs): a cut in text order, else alternate
    figures, else two halves written alike."""
    figs = [f for f in ctx.a.figures if f.index not in ctx.stated.values()]
    cuts = []
    for k in range(1, len(figs)):
        left, right = figs[:k], figs[k:]
        a, b = fill(tool, left), fill(tool, right)
        if a.complete and b.complete:
            cuts.append((abs(len(left) - len(right)), -(a.score + b.score), left, right, a.inputs, b.inputs))
    if cuts:
        cuts.sort(key=lambda c: (c[0], c[1]))
        return cuts[0][2:]
    even, odd = figs[0::2], figs[1::2]  # '1 200 and 1 500 €, 15 and 20 customers'
    if even and odd and fill(tool, even).complete and fill(tool, odd).complete:
        return even, odd, fill(tool, even).inputs, fill(tool, odd).inputs
    half = len(figs) // 2
    if len(figs) % 2 == 0 and half and (mirror := _mirrored(tool, figs[:half], figs[half:])) is not None:
        return figs[:half], figs[half:], fill(tool, figs[:half]).inputs, mirror
    return _shared(tool, figs)


def _shared(tool: str, figs: list[Figure]) -> Split | None:
    """One figure both options share ('5 000 délivrés de chaque côté : A 1 150 ouvertures, B 1 340'): each of the
    two others completes the calculator with it, in the same input. The shared figure is said before or after both
    options, never between them ('500 € for 10 leads vs 800 €' does not give the second option's leads)."""
    if len(figs) != 3:
        return None
    for s in (figs[0], figs[-1]):
        a_fig, b_fig = [f for f in figs if f is not s]
        a, b = fill(tool, [s, a_fig]), fill(tool, [s, b_fig])
        if a.complete and b.complete and a.figure_of.get(_input_of(a, a_fig)) == a_fig.index \
                and _input_of(a, a_fig) == _input_of(b, b_fig):
            return [a_fig], [b_fig], a.inputs, b.inputs
    return None


def _input_of(filling, f: Figure) -> str | None:
    return next((name for name, i in filling.figure_of.items() if i == f.index), None)


def compare(ctx: Ctx) -> None:
    """Two scenarios of one KPI ('Google: 500 € for 10 leads vs LinkedIn: 800 € for 10 leads')."""
    tools = candidates(ctx) or list(plain_calculators())
    split, tool = None, None
    for candidate in tools:
        split = _split(ctx, candidate)
        if split:
            tool = candidate
            break
    if split is None or tool is None:
        g = choose(ctx)
        if g is not None and not g.missing:
            run_and_present(ctx, g)
        else:
            ctx.turn.say(_WHICH_KPI[1 if ctx.lang == "fr" else 0])
        return
    results = []
    for inputs in split[2:]:
        r = ctx.run(tool, inputs)
        if r is None:
            return
        results.append(r)
    labels = _labels(ctx, split[0][0], split[1][0])
    for label, r in zip(labels, results, strict=True):
        ctx.turn.say(f"**{label}** — " + result_text(r, ctx.lang))
    va, vb = results[0].value, results[1].value
    if va is not None and vb is not None and va != vb:
        lower = get_tool(tool).kpi.better == "lower"
        best = labels[0] if (va < vb) == lower else labels[1]
        ctx.turn.say(t("compare_best", ctx.lang, best=best, tool=get_tool(tool).title(ctx.lang),
                       how=t("lower" if lower else "higher", ctx.lang)))


def _labels(ctx: Ctx, first: Figure, second: Figure) -> tuple[str, str]:
    """The names the user gave the two options ('Facebook', 'Google Ads', 'A'), else A and B."""
    text = ctx.a.converted
    names = []
    start = 0
    for fig in (first, second):
        chunk = text[start:fig.num.start]
        words = re.findall(r"\b(?:[A-Z][\w-]*(?: [A-Z][\w-]*)?|[AB])\b", chunk)
        names.append(words[-1] if words else None)
        start = ctx.a.nums[fig.index - 1].end if fig.index else 0
    if names[0] and names[1] and names[0] != names[1]:
        return names[0], names[1]
    return "A", "B"
