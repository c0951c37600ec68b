"""The intent of a turn: the nearest example questions say which family (calculate, know, choose KPIs, plan,
greet, decline); the question's structure says which calculation (what-if, solve, compare, health, compute).

Both parts are data: example questions (assistant/reader/examples.yaml) and cue words (lexicon.yaml, the KPI
declarations). The structure is read the same way for every KPI: a question word followed by an input's words
asks for that input (a reverse solve); a change word near a figure makes a what-if; two groups of figures joined
by 'vs' or 'ou' make a comparison.
"""

from __future__ import annotations

from assistant.offline.memory import Memory
from assistant.reader.bind import Figure, fits
from assistant.reader.intent import Guess
from assistant.reader.reading import Reading
from assistant.reader.structured import structured_inputs
from assistant.reader.vocab import Mention
from tools.registry import get_tool

INTENTS = ("greeting", "out_of_scope", "compute", "health", "explain", "what_if", "solve", "compare", "select",
           "plan", "guidance", "objective", "target", "note", "followup")
GROUPS = {"compute": "calc", "health": "calc", "what_if": "calc", "solve": "calc", "compare": "calc",
          "explain": "know", "guidance": "know", "objective": "know", "target": "know", "select": "select",
          "plan": "plan", "greeting": "greet", "out_of_scope": "decline"}
ASK_REACH = 6  # tokens between a question word and the words it asks about


def group_scores(guess: Guess) -> dict[str, float]:
    """Vote share of each family of intents."""
    out: dict[str, float] = {}
    for intent, share in guess.ranked:
        out[GROUPS[intent]] = out.get(GROUPS[intent], 0.0) + share
    return out


def figures(r: Reading) -> list[int]:
    """Numbers that are figures to compute with (not '5 to 7 KPIs')."""
    out = []
    for f in r.figures:
        other = f.best(("other",))
        if other is not None and other.target[1] == "kpis" and other.score >= (f.best(("field",)) or other).score:
            continue
        out.append(f.index)
    return out


def asked(r: Reading) -> Mention | None:
    """What a question word asks for: the first KPI name or input word right after 'how many', 'combien de'..."""
    for cue in r.cues("ask"):
        # a KPI named across the question word counts ('what is a customer worth'), then what follows it
        after = [m for m in r.mentions if m.target[0] in ("kpi", "field") and cue.end <= m.start <= cue.end + ASK_REACH
                 or m.target[0] == "kpi" and m.start <= cue.start < m.end]
        covering = [m for m in after if m.start <= cue.start]
        if covering:
            return max(covering, key=lambda m: m.length)
        if after:
            first = min(m.start for m in after)
            at_first = [m for m in after if m.start == first]
            return max(at_first, key=lambda m: (m.target[0] == "kpi", m.length))
    return None


def asked_input(r: Reading, targets: list[str]) -> tuple[str, str] | None:
    """(target KPI, input) when a question word asks for an input of a KPI whose target the question sets:
    'how many customers (for a CAC of 50)', 'what close rate (for a velocity of 2 000)', 'what CAC (for 3:1)'.
    Only the first thing named after the question word counts: 'what is our customer lifetime value' asks a KPI.
    A name right before or after a limit word asks for it too ('ma CLV = 1 350 €, CAC max ?', 'max CAC?')."""
    for cue in r.cues("ask"):
        # a KPI's name, or the words of an input of a KPI the question sets ('pay' as an ARPU does not count here)
        # ('what do we get per client' asks no count of clients)
        near = [m for m in r.mentions if _askable(m, targets) and cue.end <= m.start <= cue.end + ASK_REACH
                and not (m.start and r.toks[m.start - 1].text in _PER_UNIT)]
        # a KPI named across the question word ('en combien de mois' is the payback) is what is asked
        covering = [m for m in r.mentions if m.target[0] == "kpi" and m.start <= cue.start < m.end]
        if not near and not covering:
            continue
        first = min(m.start for m in near) if near and not covering else None
        if first is not None and _value_asked(r, cue.end, first, targets):
            return None  # 'combien me rapporte un abonné (churn 7,5 %)': a CLV is asked, not a count of subscribers
        return _input_asked(r, covering or [m for m in near if m.start == first], targets, cue.end)
    for cue in r.cues("limit"):
        here = [m for m in r.mentions if _askable(m, targets) and (m.end == cue.start or m.start == cue.end)]
        if here and (found := _input_asked(r, here, targets, cue.end)):
            return found
    return None


_PER_UNIT = frozenset({"per", "par", "each", "chaque"})


def _value_asked(r: Reading, start: int, end: int, targets: list[str]) -> bool:
    """Words between the question word and the first target words name the value of another KPI the message
    names ('rapporte' is a CLV's value when a lifetime value is named)."""
    values = {v for k in r.kpis if k not in targets for v in get_tool(k).kpi.value_is}
    return any(m.target[0] == "field" and m.target[2] in values and start <= m.start < end for m in r.mentions)


def _askable(m, targets: list[str]) -> bool:
    return m.target[0] == "kpi" or m.target[0] == "field" and m.target[1] in targets


def _input_asked(r: Reading, here: list, targets: list[str], after: int) -> tuple[str, str] | None:
    """The input of a target KPI that these words (the first named after the question word) ask for."""
    names = [m for m in here if m.target[0] == "kpi"]
    longest = max(here, key=lambda m: m.end - m.start)
    if names and longest.target[0] == "kpi":  # a KPI is asked for: an input only through its value
        for t in targets:  # or through the same words naming a target's input ('what close rate' of a velocity)
            same = next((m.target[2] for m in here if m.target[:2] == ("field", t)
                         and (m.start, m.end) == (longest.start, longest.end)), None)
            if same:
                return t, same
        for t in targets:
            fields = get_tool(t).kinds()
            for m in names:
                hit = next((n for n in get_tool(m.target[1]).kpi.value_is if n in fields), None)
                if hit and m.target[1] != t:
                    return t, hit
        return None
    for t in targets:
        same = [m.target[2] for m in here if m.target[:2] == ("field", t)]
        if same:
            # a word two inputs share ('leads': visitors or conversions): the one no figure fills; when the
            # figures fill it, the next input words a little further ('the max number of customers we can
            # afford to lose': 2 000 customers given, lost asked)
            filled = r.fill(t, positional=False).inputs
            further = [m.target[2] for m in sorted(r.mentions, key=lambda m: m.start)
                       if m.target[:2] == ("field", t) and after <= m.start <= after + 2 * ASK_REACH]
            return t, next((n for n in [*same, *further] if n not in filled), same[0])
    return None


def solve_targets(r: Reading, last_tool: str | None) -> list[str]:
    """KPIs the question gives a target value for: stated ones, or the last KPI for a bare value in its unit ('at
    3 %', 'pour atteindre 1 000 €' after a CLV)."""
    targets = list(r.stated)
    if not targets and last_tool and (bare_value(r, last_tool) is not None or r.has("that_value")):
        targets.append(last_tool)  # 'at 3 %'; 'at that rate': the last KPI's value
    return targets


_BARE_UNITS = {"%": "%", "money": "currency", "ratio": "ratio", "months": "months"}


def bare_value(r: Reading, tool: str) -> int | None:
    """The index of a figure in the KPI's unit that no input's words name ('à 2,5 %', 'atteindre 1 000 €'), or a
    bare number a goal word points at ('get it down to 100')."""
    unit = _BARE_UNITS.get(get_tool(tool).kpi.result or "")
    return next((f.index for f in r.figures if unit and (
        f.num.unit == unit or f.num.unit is None and f.score_for(("cue", "goal_value")) > 0) and not any(
        _names_input(r, a, f, tool) for a in f.attachments)), None)


def _names_input(r: Reading, a, f, tool: str) -> bool:
    """The attachment is an input's own word for the figure: of this KPI when the figure is bare, any KPI's when it
    has the unit ('à #' alone names nothing)."""
    if a.target[0] != "field" or not fits(a.target, f.num) or r.toks[a.at].is_function:
        return False
    return f.num.unit is not None or a.target[1] == tool


def asks_for_input(r: Reading, last_tool: str | None = None) -> bool:
    """The question asks for an input of a KPI whose target value it gives (a reverse solve)."""
    return asked_input(r, solve_targets(r, last_tool)) is not None


def is_what_if(r: Reading, has_base: bool) -> bool:
    """A change to a calculation: 'what if', 'et si', or 'if we cut/double…' with a change word."""
    if not has_base:
        return False
    if r.has("what_if"):
        return True
    changes = ("down", "up", "double", "halve", "triple", "set")
    # the change word in the condition's own sentence, after it ('si je passe à 30 %'; not 'valorisé à 30 €/h… si je
    # compte mon temps')
    return any(m.start >= cond.end and not any(r.toks[k].text in (".", "?", "!") for k in range(cond.end, m.start))
               for cond in r.cues("conditional") for c in changes for m in r.cues(c))


def breaks_even(r: Reading) -> bool:
    """'how many customers to break even', 'combien pour rentabiliser': a solve whose target is what a customer
    brings — unless a KPI is what the question asks ('en combien de mois je rentabilise' is the payback)."""
    m = asked(r)
    if m is not None and m.target[0] == "kpi":
        return False
    if any(k in r.kpis for k in ("cac_payback",)):
        return False
    return any(r.toks[m.start].text.startswith(("break", "rentabilis", "seuil", "breakeven"))
               for m in r.cues("need"))


def is_compare(r: Reading) -> bool:
    """Two options with their figures: 'A: 1 200 € for 15 customers vs B: 1 500 € for 20'."""
    names = [(m.start, m.end) for m in r.mentions if m.target[0] == "kpi"]
    # a 'vs' inside a KPI's name ('valeur client vs coût d'acquisition') compares nothing
    own = [c for c in r.cues("compare") if not any(s <= c.start and c.end <= e for s, e in names)]
    return bool(own) and len(figures(r)) >= 2


def _fills_a_named_kpi(r: Reading, figs: list[int]) -> bool:
    """Some figure of the question goes to an input of a calculator it names."""
    return bool(figs) and any(r.fill(k, positional=False).inputs for k in r.kpis if get_tool(k).is_calculator)


def _calculation_asked(r: Reading, figs: list[int], fills: bool, last_tool: str | None = None) -> bool:
    """Figures with a KPI asked for, filling a named KPI's inputs (`fills`), or a target for the last KPI with one
    of its inputs asked ('combien de résas pour être à 2,5 % ?') — not a request for a KPI list or a plan."""
    if not figs or r.has("choose") or r.has("planning"):
        return False
    m = asked(r)
    return (m is not None and m.target[0] == "kpi") or fills or asks_for_input(r, last_tool)


def _off_topic(r: Reading, groups: dict[str, float], domain: bool, figs: list[int], mem: Memory) -> str | None:
    """'greeting' or 'out_of_scope' when the question is a greeting or not about marketing KPIs, else None."""
    top = max(groups, key=groups.get)
    worded = any(a.target[0] == "field" for f in r.figures for a in f.attachments)  # a figure some input's words name
    sure_off = groups.get("decline", 0) >= 0.6 and not _fills_a_named_kpi(r, figs)  # a KPI named and fed is ours
    if sure_off or (top == "decline" and not r.kpis and not worded):
        return "out_of_scope"  # off topic, or an action the assistant cannot take ('pause my campaigns')
    if top == "greet" and not figs and not r.kpis and (groups["greet"] >= 0.6 or not domain):
        return "greeting" if r.has("hello") or r.has("thanks") else "out_of_scope"
    if not domain and not figs and not (mem.last_kpi and (len(r.toks) <= 6 or r.has("health"))):
        return "out_of_scope"  # no KPI, no figure, no marketing word: not this assistant's subject
    return None


def decide(r: Reading, guess: Guess, mem: Memory) -> str:
    """One of INTENTS for this turn."""
    if not r.question.strip(" ?!.\n\t"):
        return "greeting"
    figs = figures(r)
    groups = group_scores(guess)
    top = max(groups, key=groups.get)
    # a KPI, an input's words (not a bare 'à'/'at') or a marketing word
    domain = bool(r.kpis) or r.has("domain") or any(
        m.target[0] == "field" and any(r.toks[k].is_content for k in range(m.start, m.end)) for m in r.mentions)
    if mem.pending and figs and not is_what_if(r, True) and (len(r.toks) <= 8 or not r.kpis):
        return "followup"  # the user answers the question asked back
    aim = objective_or_target(r, guess, mem, figs)
    if aim:
        return aim  # 'how do I write a SMART objective for my conversion rate?', 'what target for MQL→SQL?'
    if r.has("write") and domain and not figs and not r.has("planning") and not r.has("choose"):
        return "guidance"  # 'write me a LinkedIn post': said plainly that it needs an LLM
    off = _off_topic(r, groups, domain, figs, mem)
    if off:
        return off
    if r.has("planning") and (not figs or not r.kpis):  # 'un plan pour les 3 prochains mois' is still a plan
        return "plan"
    fills = _fills_a_named_kpi(r, figs)  # once: the calculation and the advice checks both need it
    if _calculation_asked(r, figs, fills, mem.last["tool"] if mem.last else None):
        return calculation(r, mem, figs)  # figures and a KPI asked for: a calculation, whatever the wording's air
    definition = not figs and r.has("define") and not r.has("advise") and not (r.has("health") and r.kpis)
    if definition and r.kpis and not r.has("choose"):
        return "explain"  # 'la vélocité des ventes, c'est quoi ? on est une PME industrielle': not a KPI list
    if r.has("choose") or (top in ("select", "plan") and (groups[top] >= 0.4 or not figs)):
        return "select" if r.has("choose") or top == "select" else "plan"
    if definition:
        return "explain"
    if r.has("advise") and not r.stated and not fills:
        return "guidance"  # 'how do I lower my CAC? it's been rising for 3 months': no figure for the KPI's inputs
    if r.has("followon") and r.kpis and not figs and (mem.messages or mem.last) and top in ("know", "calc"):
        return "health" if r.has("health") else "compute"  # 'et mon ROI ?' after figures: compute it from them
    if top == "know" and not (figs and (r.kpis or groups.get("calc", 0) >= 0.3)):
        return "guidance" if guess.score("guidance") > guess.score("explain") else "explain"
    if top in ("greet", "decline") and not figs and not r.kpis:
        return "greeting" if top == "greet" else "out_of_scope"
    return calculation(r, mem, figs)


def objective_or_target(r: Reading, guess: Guess, mem: Memory, figs: list[int]) -> str | None:
    """'objective' for an objective to write SMART, 'target' for what value to aim at, else None. A cue word or the
    nearest examples say so; a question that asks for an input of a KPI whose target it gives is a solve ('what
    CAC to aim for with a CLV of 900 € at 3:1'), and a target question carries no figure but the KPI's own value."""
    if r.has("define") and not figs:
        return None  # 'what does SMART mean?' asks for a definition
    last_tool = mem.last["tool"] if mem.last else None
    solving = bool(figs) and (asks_for_input(r, last_tool) or breaks_even(r))
    if r.has("smart") or (guess.top == "objective" and guess.score("objective") >= 0.5 and not solving):
        return "objective"
    if not (r.has("aim") or (guess.top == "target" and guess.score("target") >= 0.5)) or solving:
        return None
    kpis = [k for k in r.kpis if k not in ("solve_for", "what_if", "kpi_health")] or \
        ([mem.last_kpi] if mem.last_kpi else [])
    if not kpis:
        return None
    own = {f.index for k in kpis for f in values_of(r, k)}
    return "target" if set(figs) <= own else None


_RESULT_UNITS = {"%": ("%",), "money": ("currency",), "ratio": ("ratio", None), "months": ("months", None)}
_RESULT_KINDS = {"%": "%", "money": "money", "ratio": "ratio", "months": "months"}


def values_of(r: Reading, kpi: str) -> list[Figure]:
    """Figures that are values of the KPI itself, in the question's order: stated ('my churn is 6 %'), tied to its
    name ('from 1.5 % to 2 %'), said as a goal ('reach 60 €'), or in the KPI's unit when none of its inputs takes
    that unit ('we lose 6 % of subscribers': churn's inputs are counts)."""
    spec = get_tool(kpi)
    result = spec.kpi.result or ""
    units = _RESULT_UNITS.get(result, ())
    only_the_kpi = _RESULT_KINDS.get(result) not in spec.kinds().values()
    out = []
    for f in r.figures:
        if f.num.unit not in units or (f.num.unit is None and not f.score_for(("kpi", kpi))):
            continue
        if (r.stated.get(kpi) == f.index or f.score_for(("kpi", kpi)) > 0 or f.score_for(("cue", "goal_value")) > 0
                or only_the_kpi):
            out.append(f)
    return out


def calculation(r: Reading, mem: Memory, figs: list[int]) -> str:
    """Which kind of calculation: what-if, compare, solve, health, note or compute."""
    if structured_inputs(r) is not None or r.stages:
        return "compute"  # a cohort's counts, a lead's criteria, a funnel's stages: the calculator says how good
    has_base = bool(mem.last or len(figs) >= 2 or (figs and mem.messages))
    last_tool = mem.last["tool"] if mem.last else None
    solving = bool(figs) and (asks_for_input(r, last_tool) or breaks_even(r))
    if r.has("what_if") and (has_base or not solving):
        return "what_if"  # 'et si…' (without figures to work on, the handler asks for them)
    if solving:
        return "solve"
    if is_what_if(r, has_base) and not (r.has("health") and not r.has("what_if")):
        return "what_if"  # 'if we cut spend by 20 %' — but 'is 80 € good if I sell at 200 €?' is a health check
    if is_compare(r) and not r.stages:  # a funnel's stages are one calculation, not options to compare
        return "compare"
    if r.has("health") and (r.kpis or r.stated or mem.last_kpi or figs):
        return "health"
    if r.stated and set(figs) <= set(r.stated.values()) and "?" not in r.question and not r.has("ask"):
        return "note"
    return "compute"
