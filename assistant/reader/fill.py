"""One calculator's inputs from the figures of a question: words first, then the declared derivations and
sequences, then (for figures no word names) their order."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

from assistant.reader.bind import Figure, compatible, fits, nearer_word
from tools.base import Text
from tools.registry import get_tool

_OPS = {"minus": lambda a, b: a - b, "plus": lambda a, b: a + b, "times": lambda a, b: a * b,
        "percent_of": lambda a, b: a * b / 100}


@dataclass
class Filling:
    """A calculator's inputs read from the question, and where each came from."""

    tool: str
    inputs: dict[str, float] = field(default_factory=dict)
    figure_of: dict[str, int] = field(default_factory=dict)  # input or auxiliary figure -> number index
    by_position: set[str] = field(default_factory=set)  # inputs no word named
    derived: list[tuple[str, Text]] = field(default_factory=list)  # (input, explanation)
    sums: dict[str, list[int]] = field(default_factory=dict)  # input -> the numbers added up into it
    score: float = 0.0

    @property
    def used(self) -> set[int]:
        """Indexes of the numbers this filling uses."""
        return set(self.figure_of.values()) | {i for parts in self.sums.values() for i in parts}

    @property
    def missing(self) -> list[str]:
        """Required inputs still without a value, in schema order."""
        return missing_required(self.tool, self.inputs)

    @property
    def complete(self) -> bool:
        """Every required input has a value."""
        return not self.missing


@functools.cache
def required_fields(tool: str) -> list[str]:
    """Numeric inputs the calculator cannot run without."""
    spec = get_tool(tool)
    fields = spec.input_model.model_fields
    return [n for n in spec.kinds() if fields[n].is_required()]


def missing_required(tool: str, inputs: dict[str, Any]) -> list[str]:
    """Required inputs not in `inputs`."""
    return [n for n in required_fields(tool) if n not in inputs]


@functools.cache
def kinds_of(tool: str) -> dict[str, str]:
    """Kind of every input and auxiliary figure of a calculator."""
    spec = get_tool(tool)
    return {**spec.kinds(), **{n: f.kind for n, f in spec.kpi.aux.items()}}


PAIR = 5.0  # "X out of Y" says which is the part and which the whole more surely than nearby words


def _pair_scores(tool: str, figures: list[Figure], pairs: list[tuple[int, int, bool]],
                 named: bool) -> dict[tuple[int, str], float]:
    ratio = get_tool(tool).kpi.ratio
    if not ratio or not pairs:
        return {}
    num, den = ratio
    by_index = {f.index: f for f in figures}
    out = {}
    for a, b, strict in pairs:
        fa, fb = by_index.get(a), by_index.get(b)
        if fa is None or fb is None:
            continue
        if not any(f.score_for(("field", tool, n)) > 0 for f in (fa, fb) for n in (num, den)):
            continue  # no word of this calculator on either figure: the pair is someone else's
        money_part = kinds_of(tool).get(num) == "money"  # '3 200 € pour 64 leads': a spend for a count
        if not named and not (money_part and _own_noun_names(fb, tool, den)
                              and not any(x.own_noun for x in fa.attachments)) and not (
                strict and _specific_word(fa, fb, tool, (num, den))):
            continue  # unnamed KPI: '3 200 € pour 64 leads' (the whole's noun, a bare part), or 'X left out of Y'
            # (a word only this KPI's inputs use) says which
        kinds = kinds_of(tool)
        as_written = compatible(fa.num, kinds[num]) is not None and compatible(fb.num, kinds[den]) is not None
        reversed_ok = compatible(fb.num, kinds[num]) is not None and compatible(fa.num, kinds[den]) is not None
        if not (as_written or reversed_ok):
            continue
        # '150 visiteurs pour 3 ventes', '1.5M impressions for 9 750 €': the words and notations say which is
        # the part and which the whole, whatever the order
        worded = (fa.score_for(("field", tool, den)) > fa.score_for(("field", tool, num))
                  and fb.score_for(("field", tool, num)) > fb.score_for(("field", tool, den)))
        swapped = reversed_ok and (not as_written or (worded and not strict))
        part, whole = (b, a) if swapped else (a, b)
        if not strict and any(_worded_elsewhere(figures, x, field, tool) for x, field in ((part, num), (whole, den))):
            continue  # '€400 on ads, 2 sales for €900': the ad spend is already said; this pair is a price
        # '300 on tools for 15 customers': the part's own noun says it is something else; in 'X sur Y <verb>' the
        # words after the whole describe the part ('60 clients sur 300 ont racheté')
        if _own_noun_elsewhere(by_index[part], tool, num) or (
                not strict and _own_noun_elsewhere(by_index[whole], tool, den)):
            continue
        if any(_noun_of_another(f, tool) for f in (fa, fb)):
            continue  # '30 sales on 1 000 visits' next to a CAC: 'visits' names none of the CAC's inputs
        out[(part, num)] = PAIR
        out[(whole, den)] = PAIR
    return out


def _worded_elsewhere(figures: list[Figure], index: int, name: str, tool: str) -> bool:
    """Another figure's own words name this input strongly, while this figure has no word for it."""
    me = next(f for f in figures if f.index == index)
    if me.score_for(("field", tool, name)) > 0:
        return False
    return any(f.index != index and a.target == ("field", tool, name) and a.score >= 2.5 and a.specific >= 0.85
               for f in figures for a in f.attachments)


def _own_noun_elsewhere(f: Figure, tool: str, name: str) -> bool:
    # only a specific noun contradicts ('tools'); a generic one ('customers') may be the part or the whole
    own = [a for a in f.attachments if a.own_noun and a.target[0] == "field" and a.target[1] == tool
           and a.specific >= 1.0]
    return bool(own) and not any(a.target[2] == name for a in own)


def _noun_of_another(f: Figure, tool: str) -> bool:
    """The figure's own noun names inputs of other calculators only (a noun only one kind of input has)."""
    own = [a for a in f.attachments if a.own_noun and a.target[0] == "field" and a.specific >= 1.0]
    return bool(own) and not any(a.target[1] == tool for a in own)


def _specific_word(fa: Figure, fb: Figure, tool: str, names: tuple[str, str]) -> bool:
    return any(a.target == ("field", tool, n) and a.specific >= 1.0 for f in (fa, fb) for a in f.attachments
               for n in names)


def _own_noun_names(f: Figure, tool: str, name: str) -> bool:
    return any(a.own_noun and a.target == ("field", tool, name) for a in f.attachments)


def _candidates(tool: str, figures: list[Figure], skip: set[int], pairs: list[tuple[int, int, bool]] | None = None,
                named: bool = True, toks=None) -> list[tuple[float, int, str, float]]:
    kinds = kinds_of(tool)
    paired = _pair_scores(tool, figures, pairs or [], named)
    out = []
    for f in figures:
        if f.index in skip:
            continue
        # '30 sales reps' is a headcount, whatever else its words could name; an amount or a rate counts no people
        other = f.best(("other",)) if f.num.unit not in ("currency", "%") else None
        own = [a for a in f.attachments if a.target == ("kpi", tool)]
        # 'un CAC de 80 €' is the CAC itself, not one of its inputs — unless an input's words stand nearer
        own_value = max((a.score for a in own if not nearer_word(f, a, toks)), default=0.0)
        if f.num.unit is None and any(a.own_noun and a.target[:2] == ("field", tool) for a in f.attachments):
            own_value = 0.0  # 'on perd 12 abonnés': a bare count with its own noun is a count, not the rate
        for name, kind in kinds.items():
            worded = f.score_for(("field", tool, name))
            cue = max(worded, paired.get((f.index, name), 0.0))
            bonus = compatible(f.num, kind)
            if cue <= 0 or bonus is None:
                continue
            own_noun = any(a.own_noun and a.target == ("field", tool, name) for a in f.attachments)
            # another thing counted wins over the input's words, unless only the input's word is the figure's noun
            # ('84 ventes sur ma boutique' are sales, '30 sales reps' people)
            if (other and other.score > cue + 0.05 and (other.own_noun or not own_noun)) or (
                    own_value > cue + 0.05 and not own_noun):
                continue
            out.append((cue + bonus, f.index, name, cue))
    return sorted(out, key=lambda c: (-c[0], c[1]))


def fill(tool: str, figures: list[Figure], skip: set[int] | None = None, positional: bool = True,
         pairs: list[tuple[int, int, bool]] | None = None, named: bool = True, toks=None,
         without: frozenset[str] = frozenset()) -> Filling:
    """The calculator's inputs from the figures (not those in `skip`); `pairs` are (part, whole, strict) figures;
    `named`: the question names this calculator (pairs then count even without words); `without`: inputs no figure
    fills (the one a reverse solve asks for: 'how much can we spend on ads?' leaves '$12,000 in sales' to revenue)."""
    skip = skip or set()
    out = Filling(tool)
    by_index = {f.index: f for f in figures}
    candidates = [c for c in _candidates(tool, figures, skip, pairs, named, toks) if c[2] not in without]
    _assign(out, candidates, by_index)
    _sequence(out, figures, skip)
    derive(out)
    aux = get_tool(tool).kpi.aux
    ran = {name for name, _ in out.derived}
    idle = [n for n in out.figure_of if n in aux and not any(n in d.args and d.field in ran
                                                                 for d in get_tool(tool).kpi.derive)]
    if idle:  # an auxiliary figure no derivation could use ('6 000 in sales' is revenue, not a unit count)
        for n in idle:
            del out.figure_of[n]
            out.inputs.pop(n, None)
        _assign(out, [c for c in candidates if c[2] not in aux], by_index)
        derive(out)
    _prefer_priced(out, figures, skip)
    if positional:
        _by_position(out, figures, skip, without)
    for name in list(out.inputs):  # auxiliary figures only feed derivations
        if name in get_tool(tool).kpi.aux:
            del out.inputs[name]
    return out


def _assign(out: Filling, candidates: list[tuple[float, int, str, float]], by_index: dict[int, Figure]) -> None:
    """Greedy: the strongest (figure, input) pairs first, each figure and each input once."""
    for total, i, name, _cue in candidates:
        if i in out.used or name in out.figure_of:
            continue
        out.figure_of[name] = i
        out.inputs[name] = by_index[i].num.value
        out.score += total


def _sequence(out: Filling, figures: list[Figure], skip: set[int]) -> None:
    """Two counts of the same thing at two moments ('from 100 to 92 customers', '500 in January, 460 in June'):
    the earlier is the first of the declared sequence, the next one the second."""
    seq = get_tool(out.tool).kpi.sequence
    if seq is None or seq.first not in out.figure_of or seq.then in out.figure_of:
        return
    target = ("field", out.tool, seq.first)
    free = out.used - {out.figure_of[seq.first]}
    same = sorted(f.index for f in figures if f.index not in skip and f.index not in free
                  and f.score_for(target) > 0 and f.num.unit is None)
    if len(same) >= 2:
        by_index = {f.index: f for f in figures}
        first, then = same[0], same[1]
        out.figure_of[seq.first], out.inputs[seq.first] = first, by_index[first].num.value
        out.figure_of[seq.then], out.inputs[seq.then] = then, by_index[then].num.value


def derive(out: Filling) -> None:
    """Declared derivations whose figures were all given: 'delivered = sent − bounced'."""
    for d in get_tool(out.tool).kpi.derive:
        values = [out.inputs.get(a, 0.0 if a in d.optional else None) for a in d.args]
        if any(v is None for v in values) or not any(a in out.inputs for a in d.args if a not in d.optional):
            continue
        if d.field in out.inputs and d.field not in d.args:
            continue  # the input itself was given: it wins over a derivation
        if d.op == "sum":
            result = math.fsum(values)
        elif d.op == "balance":  # start + new − end: the customers who left
            result = values[0] + values[1] - values[2]
        else:
            result = _OPS[d.op](*values)
        if result < 0:
            continue  # '100 to 120 customers' is no loss: leave it to the question back
        out.inputs[d.field] = result
        out.derived.append((d.field, d.explain))
        if d.field not in out.figure_of:
            out.figure_of[d.field] = out.figure_of[d.args[0]]


def _prefer_priced(out: Filling, figures: list[Figure], skip: set[int]) -> None:
    """'2 sales for €900': an amount input holding a bare count takes the one priced figure nothing used."""
    kinds = kinds_of(out.tool)
    priced = [f for f in figures if f.num.unit == "currency" and f.index not in out.used and f.index not in skip]
    by_index = {f.index: f for f in figures}
    for name, i in list(out.figure_of.items()):
        if kinds.get(name) == "money" and by_index[i].num.unit is None and len(priced) == 1 and name in out.inputs:
            f = priced.pop()
            out.figure_of[name] = f.index
            out.inputs[name] = f.num.value


def _taken_by_another(out: Filling, target: tuple, index: int) -> bool:
    """The input these words name is already filled by another figure of the message, or is an auxiliary figure
    no derivation used ('a $3,000 …' is no unit price when no sales count comes with it)."""
    if target[0] != "field":
        return False
    if target[2] in get_tool(out.tool).kpi.aux:
        return target[2] not in out.figure_of
    return out.figure_of.get(target[2], index) != index and target[2] in out.inputs


def _by_position(out: Filling, figures: list[Figure], skip: set[int], without: frozenset[str] = frozenset()) -> None:
    """Required inputs no word named take the figures no word names at all, in order ('CAC : 1200, 15')."""
    kinds = kinds_of(out.tool)
    # a figure no word of this calculator names, and that is not something else ('30 sales reps', '2 000 emails')
    # ('$1,800 total': a noun shared by many inputs, or one the figure cannot be, leaves it free)
    # ('Did a $3,000 influencer collab … $7,350 in sales': 'did' names revenue, which the $7,350 fills: $3,000 is free;
    # a bare number is rather a second value of that input: '1200 last month and 1500 this month')
    free = [f for f in figures if f.index not in skip and f.index not in out.used
            and not any(a.target[0] == "other" or (a.own_noun and a.specific >= 0.85 and fits(a.target, f.num))
                        or (a.target[0] in ("field", "kpi") and a.target[1] == out.tool
                            and not (f.num.unit and _taken_by_another(out, a.target, f.index)))
                        for a in f.attachments)]
    for name in [n for n in missing_required(out.tool, out.inputs) if n not in without]:
        options = [(compatible(f.num, kinds[name]), -f.index, f) for f in free
                   if compatible(f.num, kinds[name]) is not None]
        if options:
            f = max(options, key=lambda x: (x[0], x[1]))[2]
            out.figure_of[name] = f.index
            out.inputs[name] = f.num.value
            out.by_position.add(name)
            free.remove(f)
