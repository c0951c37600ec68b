"""Read a question once: language, figures, named KPIs, values stated, context words, and the calculation the
figures make. Both engines use it (the offline engine to answer, the LLM agent to put a sure calculation first).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from dataclasses import dataclass, field

from assistant.reader.bind import Figure, attach, compatible, fits, nearer_word, pairs
from assistant.reader.fill import Filling, derive, fill, kinds_of
from assistant.reader.numbers import Num, extract_numbers
from assistant.reader.text import FUNCTION_WORDS, Tokens, tokenize
from assistant.reader.typos import correct
from assistant.reader.vocab import Mention, find_mentions, kpi_mentions
from knowledge.language import detect_language, normalize
from tools.registry import all_tools, get_tool

# Calculators a question can fill from plain figures (not the scoring model, funnels or lists of ids).
_STRUCTURED = frozenset({"lead_score", "funnel_conversion", "multi_year_loyalty"})


@functools.cache
def plain_calculators() -> tuple[str, ...]:
    """Calculators whose inputs are plain numbers, in registry order."""
    return tuple(t.id for t in all_tools() if t.is_calculator and t.id not in _STRUCTURED)


def mask(converted: str, nums: tuple[Num, ...]) -> str:
    """The text with each number replaced by a '#i' placeholder."""
    out, last = [], 0
    for i, n in enumerate(nums):
        out += [converted[last:n.start], f" #{i} "]
        last = n.end
        if re.match(r"-[^\W\d_]", converted[last:]):  # '90-day': the hyphen joins the figure to its word
            last += 1
    out.append(converted[last:])
    return "".join(out)


@dataclass
class Reading:
    """Everything read from one question."""

    question: str
    lang: str
    converted: str  # the question with number words turned into digits (what number spans refer to)
    norm: str  # folded, typo-corrected text with numbers as '#i' placeholders
    nums: tuple[Num, ...]
    toks: Tokens
    mentions: list[Mention]
    figures: list[Figure]
    kpis: list[str] = field(default_factory=list)  # named KPIs, first mention first
    pairs: list[tuple[int, int, bool]] = field(default_factory=list)  # (part, whole, strict): '36 out of 1 200'
    stated: dict[str, int] = field(default_factory=dict)  # KPI -> index of the number that is its value
    stages: list[tuple[str, int]] = field(default_factory=list)  # a funnel written out: (stage word, count)

    def cues(self, name: str) -> list[Mention]:
        """Mentions of one of the reader's cue words ('need', 'down', 'month'...)."""
        return [m for m in self.mentions if m.target == ("cue", name)]

    def has(self, name: str) -> bool:
        """True when the question uses a cue word of that name."""
        return bool(self.cues(name))

    def says(self, words) -> bool:
        """True when the question uses one of these declared phrases (a Words of a declaration)."""
        from assistant.reader.vocab import says

        return says(self.toks, words.both())

    def figure(self, index: int) -> Figure | None:
        """The figure of number `index` (None for a number inside a date)."""
        return next((f for f in self.figures if f.index == index), None)

    @property
    def values(self) -> list[int]:
        """Indexes of the numbers that are figures (zeros said in words included)."""
        return [f.index for f in self.figures]

    def fill(self, tool: str, skip: set[int] | None = None, positional: bool = True,
             without: frozenset[str] = frozenset()) -> Filling:
        """The calculator's inputs from this question's figures (stated KPI values fill their fields too); no figure
        fills the inputs `without` (a reverse solve's unknown)."""
        # 'X out of Y' pairs the named KPI's part and whole; an unnamed calculator goes by the words alone
        named = tool in self.kpis or any(tool in get_tool(k).kpi.variants for k in self.kpis)
        kept = set(skip or ()) | set(self.stated.values())  # figures this filling may not take
        out = fill(tool, self.figures, kept, positional, self.pairs, named,
                   self.toks, without)
        fields = {**get_tool(tool).kinds(), **{n: a.kind for n, a in get_tool(tool).kpi.aux.items()}}
        for kpi, idx in self.stated.items():  # a KPI named with its value ('panier moyen 60 €') is that input
            if kpi == tool:
                continue
            for name in get_tool(kpi).kpi.value_is:
                if name in fields:
                    out.inputs[name] = self.nums[idx].value
                    out.figure_of[name] = idx
                    out.by_position.discard(name)
                    break
        derive(out)  # a stated rate may complete a derivation ('45 % open rate on 2 000 delivered')
        self._same_basis(out, kept)
        self._add_up(out, kept)
        for name in list(out.inputs):
            if name in get_tool(tool).kpi.aux:
                del out.inputs[name]
        return out

    def _add_up(self, out: Filling, skip: set[int]) -> None:
        """'450 € en pub Insta et 150 € en flyers', 'stand 3 200 €, goodies 400 €': the amounts of one spend input
        add up — the other amounts in its currency that no input used and whose words name no other kind of input.
        Not in a what-if, a comparison or a range ('from 1 000 € to 1 200 €'); a figure taken back is no longer one."""
        if any(self.has(c) for c in ("what_if", "compare")) or self._hypothetical_figure():
            return
        for name, i in list(out.figure_of.items()):
            first = self.figure(i)
            if name not in _summed_inputs() or name not in out.inputs or first is None \
                    or first.num.unit != "currency":
                continue
            more = [f for f in self.figures if f.index not in out.used and f.index not in skip
                    and f.num.unit == "currency" and f.num.currency == first.num.currency and f.num.value > 0
                    and _only_spend(f) and not self._range_between(first, f) and not self._per_unit(f)
                    and not self._an_average(f)]
            if more:
                parts = [first, *more]
                total = _total_of_the_others(parts)
                if total is not None:  # 'coût total 4 000 € (3 200 € de média + 800 € d'agence)': the total
                    out.inputs[name] = total.num.value
                    out.figure_of[name] = total.index
                    out.sums[name] = [p.index for p in parts if p is not total]
                    continue
                out.inputs[name] = math.fsum(p.num.value for p in parts)
                out.sums[name] = [p.index for p in parts]

    def _same_basis(self, out: Filling, skip: set[int]) -> None:
        """A share counted by number or by value takes both figures on one basis: '40 deals worth £620k … 26 of those
        deals, worth £341k' is £341k of £620k when one side already is money (two amounts: the larger is the whole)."""
        kpi = get_tool(out.tool).kpi
        if not kpi.money_basis or not kpi.ratio or not all(n in out.figure_of for n in kpi.ratio):
            return
        part, whole = (self.figure(out.figure_of[n]) for n in kpi.ratio)
        if part is None or whole is None or (part.num.unit == "currency") == (whole.num.unit == "currency"):
            return
        amounts = [f for f in self.figures if f.num.unit == "currency" and f.index not in skip and f.num.value > 0]
        if len(amounts) != 2:
            return
        small, large = sorted(amounts, key=lambda f: f.num.value)
        for name, f in zip(kpi.ratio, (small, large), strict=True):
            out.inputs[name] = f.num.value
            out.figure_of[name] = f.index

    def _an_average(self, f: Figure) -> bool:
        """'avg treatment value £3,900', 'panier moyen 60 €': an average is no part of a spend."""
        near = range(max(0, f.token - 4), min(len(self.toks), f.token + 3))
        return any(self.toks[k].text in _AVERAGE_WORDS for k in near if not self.toks[k].ends_clause)

    def _hypothetical_figure(self) -> bool:
        """A figure in an 'if' clause ('si on passe à 800 €'); 'si je compte mon temps' sets no figure."""
        for m in self.cues("conditional"):
            k = m.end
            while k < len(self.toks) and not self.toks[k].ends_clause:
                if self.toks[k].num is not None:
                    return True
                k += 1
        return False

    def _per_unit(self, f: Figure) -> bool:
        """An amount for each one ('25 customers who each spend about $400', '80 € par client'): not a part of a
        total."""
        k = f.token + 1
        while k < len(self.toks) and self.toks[k].text in "€$£":
            k += 1
        if k < len(self.toks) and self.toks[k].text in _EACH_AFTER:
            return True
        return any(m.target == ("cue", "each") and 0 <= f.token - m.end <= _EACH_REACH
                   and not any(self.toks[j].ends_clause for j in range(m.end, f.token)) for m in self.mentions)

    def _range_between(self, a: Figure, b: Figure) -> bool:
        lo, hi = sorted((a.token, b.token))
        return any(self.toks[k].text in _RANGE_WORDS for k in range(lo + 1, hi))

    def best_filling(self, tools: tuple[str, ...] | list[str], skip: set[int] | None = None) -> Filling | None:
        """Among calculators, the filling that is complete and uses the most figures, then the best words."""
        best, best_key = None, None
        for order, tool in enumerate(tools):
            f = self.fill(tool, skip)
            named = {i for name, i in f.figure_of.items() if name not in f.by_position}
            key = (f.complete, len(named), len(f.used), f.score, -order)
            if best_key is None or key > best_key:
                best, best_key = f, key
        return best


@functools.cache
def _notations() -> tuple[tuple[str, str], ...]:
    return tuple((n, t.id) for t in all_tools() for n in t.kpi.notations)


def _written_as(r: Reading, f: Figure) -> str | None:
    """The KPI a figure's notation says it is ('3:1', '3 pour 1' is a CLV:CAC ratio)."""
    written, after = f.num.text.lower(), r.converted[f.num.end:f.num.end + 10].lower()
    for notation, tool in _notations():
        if written.endswith(notation.strip()) and notation.strip().startswith(":"):
            return tool
        multiple = notation in ("x", "×") and written.endswith(notation) and f.num.unit == "ratio"
        if multiple and (tool in r.kpis or not any(t in r.kpis for n, t in _notations() if n == notation)):
            return tool  # 'an ROI of 3x': a multiple, of the KPI the question names
        if after.startswith(notation) and not re.match(r"\s?[\d.,]", after[len(notation):]):
            return tool
    return None


def _next_word(r: Reading, token: int) -> int | None:
    """The first content word after a token, skipping function words and currency signs."""
    for k in range(token + 1, len(r.toks)):
        t = r.toks[k]
        if t.is_content:
            return k
        if t.ends_clause or t.num is not None or t.text == ":":
            return None
    return None


_BOUNDS = (("cue", "bound"), ("cue", "set"), ("cue", "down"), ("cue", "up"))


def _bound_between(r: Reading, a: int, b: int) -> bool:
    """Only words setting a bound or a level between a KPI's name and a figure ('down to', 'sous les', 'à')."""
    covered = {k for m in r.mentions if m.target in _BOUNDS for k in range(m.start, m.end)}
    between = range(a, b)
    return bool(between) and any(k in covered for k in between) and all(
        k in covered or r.toks[k].is_function or r.toks[k].text in "€$£" for k in between)


def _sentence_between(r: Reading, a: int, b: int) -> bool:
    """A sentence ends between two tokens."""
    return any(r.toks[k].text in (".", "!", "?") for k in range(min(a, b) + 1, max(a, b)))


def _stated_values(r: Reading) -> dict[str, int]:
    """'mon CAC est de 80 €', 'a 3 % churn', 'a 3:1 ratio': numbers that are a KPI's own value."""
    out: dict[str, int] = {}
    _stated_loop(r, out)
    _per_unit_limit(r, out)
    _only_its_value(r, out)
    _latest_of_range(r, out)
    return out


def _only_its_value(r: Reading, out: dict[str, int]) -> None:
    """A KPI named in the message and the one figure in its unit that none of its inputs can take and no word
    names as anything else is its value, when the question asks whether it is good ('The ROI on our spring
    campaign came out at 350 %. Good?', 'mon ROI sur la campagne radio est de -15 %, c'est grave ?'); a question
    asking how to improve it stays advice ('how do I improve my open rate? around 15 %')."""
    if not r.has("health") or r.has("advise"):
        return
    free = [f for f in r.figures if f.index not in out.values() and not f.num.implicit]
    for tool in r.kpis:
        spec = get_tool(tool)
        if tool in out or not spec.is_calculator or spec.kpi.result not in ("%", "ratio"):
            continue
        kinds = kinds_of(tool).values()
        only = [f for f in free if fits(("kpi", tool), f.num) and f.num.unit is not None
                and all(compatible(f.num, k) is None for k in kinds)
                and not any(a.target[0] in ("field", "other") and fits(a.target, f.num) for a in f.attachments)]
        if len(only) == 1:
            out[tool] = only[0].index
            free.remove(only[0])


_PER = frozenset({"par", "per", "each", "chaque", "/", "pour"})


def _per_unit_limit(r: Reading, out: dict[str, int]) -> None:
    """'je veux pas dépasser 75 $ par nouvel élève', 'no more than $25 per lead': an amount per unit of a ratio's
    whole, under a bound, is that ratio KPI's value (a CAC, a cost per lead) — the target a solve works from."""
    others_named = any(get_tool(k).is_calculator for k in r.kpis)
    for f in r.figures:
        if f.num.unit != "currency" or f.index in out.values():
            continue
        k = f.token + 1
        if k < len(r.toks) and r.toks[k].text in _PER and any(  # 'max 50 € par patiente', '50 € par patiente max'
                a.target == ("cue", "bound") and (a.side == "left" or a.at - f.token <= _PER_BOUND_REACH)
                for a in f.attachments):
            found = [a.target[1] for a in f.attachments if a.side == "right" and _whole_of_a_cost(a.target)]
        else:
            found = _each_unit_before(r, f)
        found = [t for t in found if (t in r.kpis or not others_named) and t not in out]
        if found:
            out[found[0]] = f.index


_AVERAGE_WORDS = frozenset({"average", "avg", "averages", "averaged", "moyen", "moyenne", "moyens", "moyennes",
                            "typical",
                            "typique"})


def _total_of_the_others(parts: list[Figure]) -> Figure | None:
    """The amount equal to the sum of the other amounts (to the cent): the total they detail."""
    for p in parts:
        rest = math.fsum(q.num.value for q in parts if q is not p)
        if len(parts) > 2 and abs(rest - p.num.value) < 0.01:
            return p
    return None


_PER_BOUND_REACH = 4  # tokens from the amount to a bound after its unit ('50 € par patiente max')
_EACH = frozenset({"chaque", "each", "every", "per", "par"})
_EACH_AFTER = frozenset({"par", "per", "each", "chacun", "chacune", "/", "apiece"})  # '80 € par client' ('pour' is not)
_EACH_REACH = 6  # tokens from the unit's words to the amount ('chaque nouveau membre me coûte 75 $ max')


def _each_unit_before(r: Reading, f: Figure) -> list[str]:
    """'je veux que chaque nouveau membre me coûte 75 $ max', 'each new client should cost at most $40': a unit
    of a cost's whole after 'each' shortly before an amount a bound word is next to — that cost KPI's target."""
    if not any(a.target == ("cue", "bound") and (0 < a.at - f.token <= 2 or 0 <= f.token - a.end <= 2)
               for a in f.attachments):
        return []
    return [m.target[1] for m in r.mentions if _whole_of_a_cost(m.target) and m.start > 0
            and r.toks[m.start - 1].text in _EACH and m.end <= f.token <= m.end + _EACH_REACH
            and not any(r.toks[k].ends_clause for k in range(m.end, f.token))]


def _whole_of_a_cost(target: tuple) -> bool:
    """The target is the whole (denominator) of a money-per-unit KPI: the CAC's new customers, the CPL's leads."""
    if target[0] != "field":
        return False
    kpi = get_tool(target[1]).kpi
    return bool(kpi.ratio) and target[2] == kpi.ratio[1] and kpi.result == "money" \
        and kinds_of(target[1]).get(kpi.ratio[0]) == "money"


def _latest_of_range(r: Reading, out: dict[str, int]) -> None:
    """'my churn went from 5 % to 3 %': the value now is the end of the range."""
    for kpi, idx in list(out.items()):
        f = r.figure(idx)
        nxt = r.figure(idx + 1)
        if f is None or nxt is None or nxt.num.unit != f.num.unit or nxt.index in out.values():
            continue
        if get_tool(kpi).kpi.result == "ratio" and nxt.num.value == 1:
            continue  # 'LTV to CAC at 2.5 to 1': a ratio written out, not a range
        between = [r.toks[k].text for k in range(f.token + 1, nxt.token)]
        if between and all(w in ("to", "a", "->", "→", "-") for w in between):
            out[kpi] = nxt.index


def _stated_loop(r: Reading, out: dict[str, int]) -> None:
    for f in r.figures:
        written = _written_as(r, f)
        if written and written not in out:
            out[written] = f.index
            continue
        kpi_att = max((a for a in f.attachments if a.target[0] == "kpi" and fits(a.target, f.num)),
                      key=lambda a: a.score, default=None)
        if kpi_att is None:
            continue
        tool = kpi_att.target[1]
        spec = get_tool(tool)
        if not spec.is_calculator or tool in out or _sentence_between(r, f.token, kpi_att.at):
            continue  # '20 se sont désabonnés. Taux de churn ?': a KPI named in the next sentence is asked, not stated
        if f.num.unit != "%" and any(a.target[:2] == ("field", tool) and (a.at, a.end) == (kpi_att.at, kpi_att.end)
                                     for a in f.attachments):
            continue  # a word naming the KPI and one of its inputs ('20 désabonnés'): a count is the input
        if kpi_att.side == "left" and _bound_between(r, kpi_att.end, f.token):
            out[tool] = f.index  # 'CAC down to 40', 'churn under 1.5 %': a bound set on the KPI itself
            continue
        # the same words naming this KPI and an input of a KPI the question does not name ('25 % de taux
        # d'ouverture' is an open rate, not the click-to-open rate's input): the KPI's value
        field_att = max((a for a in f.attachments if a.target[0] in ("field", "other") and fits(a.target, f.num)
                         and not (a.target[0] == "field" and a.target[1] not in r.kpis
                                  and (a.at, a.end) == (kpi_att.at, kpi_att.end))),
                        key=lambda a: a.score, default=None)
        if field_att is not None and field_att.score > kpi_att.score:
            continue
        own_noun = [a for a in f.attachments if a.side == "right" and a.target[0] in ("field", "other")
                    and fits(a.target, f.num) and a.at == _next_word(r, f.token)]
        if own_noun and not (kpi_att.side == "right" and kpi_att.at <= own_noun[0].at):
            continue  # '30 purchases — conversion rate?', 'Taux : 60 clients sur 300': the figure's own noun first
        if nearer_word(f, kpi_att, r.toks):
            continue  # 'Calcule mon CAC : j'ai dépensé 1 200 €': the verb next to the figure names it
        if _part_of_its_ratio(r, f, tool):
            continue  # 'CAC 1 200 € / 15 clients': the part of a ratio whose whole is one of the KPI's inputs
        out[tool] = f.index


def _part_of_its_ratio(r: Reading, f: Figure, tool: str) -> bool:
    """The figure is the part of a strict pair that reads as the KPI's own ratio: it fits the numerator and the
    whole names one of the KPI's inputs ('1 200 € / 15 clients'; '2,1 % sur 15 000 visiteurs' is a rate, not
    conversions)."""
    ratio = get_tool(tool).kpi.ratio
    if not ratio or compatible(f.num, kinds_of(tool)[ratio[0]]) is None:
        return False
    return any(a == f.index and strict and (w := r.figure(b)) is not None and any(
        x.target[0] == "field" and x.target[1] == tool for x in w.attachments) for a, b, strict in r.pairs)


def _funnel_stages(r: Reading) -> list[tuple[str, int]]:
    """Three counts or more, each with its own noun, that only go down and are joined by a 'next stage' mark
    ('6 000 visiteurs → 240 leads → 48 SQL → 12 clients'); or any counts when the question names a funnel."""
    counts = [f for f in r.figures if f.num.unit is None and not f.num.implicit]
    if len(counts) < 3:
        return []
    named = any(m.target == ("kpi", "funnel_conversion") for m in r.mentions)
    marks = {m.start for m in r.cues("next_stage")}
    joined = all(any(a.token < k < b.token for k in marks) for a, b in zip(counts, counts[1:], strict=False))
    falling = all(b.num.value <= a.num.value for a, b in zip(counts, counts[1:], strict=False))
    if not named and not (joined and falling):
        return []
    stages = []
    for f in counts:  # the stage's word as the user wrote it ('SQL', 'démos'), its first content word after the count
        after = re.findall(r"[^\W\d_][\w'-]*", r.converted[f.num.end:f.num.end + 40])[:3]
        word = next((w for w in after if w.lower() not in FUNCTION_WORDS), None)
        stages.append((word or f"#{len(stages) + 1}", int(f.num.value)))
    return stages


def _without_nested_names(mentions: list[Mention]) -> list[Mention]:
    """A KPI name inside a longer one ('CLV' in 'CLV:CAC') is not a second KPI next to the figure; an input said
    in words only (a lead's criteria) takes no figure."""
    names = [m for m in mentions if m.target[0] == "kpi"]
    mentions = [m for m in mentions if m.target[0] != "field" or _takes_figures(m.target[1], m.target[2])]
    return [m for m in mentions if m.target[0] != "kpi" or not any(
        o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in names)]


_RANGE_WORDS = frozenset({"to", "a", "à", "->", "→", "vs", "versus", "contre", "instead", "then", "puis"})


@functools.cache
def _summed_inputs() -> frozenset[str]:
    from assistant.reader.vocab import lexicon

    return frozenset(lexicon().get("summed_inputs", ()))


def _only_spend(f: Figure) -> bool:
    """The amount's best words name a spend, or no input at all ('goodies 400 €')."""
    best = max((a for a in f.attachments if a.target[0] == "field" and fits(a.target, f.num)),
               key=lambda a: a.score, default=None)
    return best is None or best.target[2] in _summed_inputs()


@functools.cache
def _takes_figures(tool: str, name: str) -> bool:
    return name in kinds_of(tool) or name in get_tool(tool).kpi.aux


def _discarded(toks: Tokens, mentions: list[Mention], f: Figure) -> bool:
    """A figure the user takes back: right after 'pas', 'not', 'instead of' ('1 440 clics, pas 1 520')."""
    bounds = [(b.start, b.end) for b in mentions if b.target == ("cue", "bound")]  # 'ne dépasse pas 450 €'
    return any(m.target == ("cue", "discarded") and m.end <= f.token
               and all(toks[k].is_function for k in range(m.end, f.token))
               and not any(s <= m.start and m.end <= e for s, e in bounds) for m in mentions)


_INHERITED_BONUS = 0.5  # the taken-back figure's own words outrank what merely stands near the new one
_CORRECTION_REACH = 4  # tokens between a taken-back figure and the cue, and between the cue and the new figure


def _taken_back(toks: Tokens, mentions: list[Mention], figures: list[Figure]) -> list[Figure]:
    """The figures a message corrects itself on ('90 leads… non pardon, 80 leads'), and their repeats.

    A figure right before a correction cue, with another figure right after it, is taken back; the same value said
    again later ('$62 was a catering order') is the taken-back figure too.
    """
    def words(a: int, b: int) -> int:  # tokens from a to b, punctuation left out ('90 leads… non pardon')
        return sum(not toks[k].is_punct for k in range(a, b))

    gone: list[Figure] = []
    for m in mentions:
        if m.target != ("cue", "corrected"):
            continue
        before = [f for f in figures if f.token < m.start and words(f.token + 1, m.start) < _CORRECTION_REACH]
        after = [f for f in figures if f.token >= m.end and words(m.end, f.token) < _CORRECTION_REACH]
        if before and after:
            gone.append(before[-1])
            # the new figure is what the old one was ('12 000 envoyés, euh non 12 400'): it takes its words
            inherited = [dataclasses.replace(a, score=a.score + _INHERITED_BONUS, side="inherited")
                         for a in before[-1].attachments if a.target[0] == "field"]
            after[0].attachments[:] = sorted([*inherited, *after[0].attachments], key=lambda a: -a.score)
    return [f for f in figures if any(f.num.value == g.num.value and f.num.unit == g.num.unit
                                      and f.token >= g.token for g in gone)]


def _threshold(converted: str, n: Num) -> bool:
    """'3+ vans', '70+ = hot', 'opened 3+ emails': a bound in a description, not a count to compute with."""
    after = converted[n.end:n.end + 2]
    return after[:1] == "+" and not after[1:2].isdigit() and n.unit is None


def read(question: str, default_lang: str = "en") -> Reading:
    """Read one question (already cleaned of control characters and capped by assistant.inputs)."""
    lang = detect_language(question, default_lang)
    nums, converted = extract_numbers(question, lang)
    folded = correct(normalize(mask(converted, nums)))
    toks = tokenize(folded)
    mentions = find_mentions(toks)
    figures = [f for f in attach(toks, nums, _without_nested_names(mentions)) if not _discarded(toks, mentions, f)]
    gone = _taken_back(toks, mentions, figures)
    figures = [f for f in figures if f not in gone and not _threshold(converted, f.num)]
    r = Reading(question=question, lang=lang, converted=converted, norm=folded, nums=nums, toks=toks,
                mentions=mentions, figures=figures)
    r.kpis = list(dict.fromkeys(m.target[1] for m in kpi_mentions(mentions)))
    r.stages = _funnel_stages(r)
    if r.stages and "funnel_conversion" not in r.kpis:
        r.kpis.append("funnel_conversion")  # the arrows name it as surely as the word 'funnel'
    r.pairs = pairs(toks, figures, mentions)
    _group_after_part(r)
    r.stated = _stated_values(r)
    return r


def _group_after_part(r: Reading) -> None:
    """'25 of those 97 signed up': the number after 'of those' is the group; the verb after it names the part."""
    for part_i, whole_i, strict in r.pairs:
        part, whole = r.figure(part_i), r.figure(whole_i)
        if not strict or part is None or whole is None or whole.token <= part.token + 1 \
                or not all(r.toks[k].text in _GROUP_WORDS for k in range(part.token + 1, whole.token)):
            continue
        named = [a for a in whole.attachments if a.side == "right" and a.names]
        if named and not any(a.side == "right" and a.names for a in part.attachments):
            part.attachments = sorted([a for a in part.attachments if a.side != "inherited"] + named,
                                      key=lambda a: -a.score)
            whole.attachments = [a for a in whole.attachments if a not in named]


_GROUP_WORDS = frozenset({"of", "those", "these", "them", "de", "ces", "d'entre", "eux", "elles", "parmi", "les"})
