"""From the numbers of a question to a tool's input fields, by cue words and position.

The registry is the only list of tools and fields: field kinds (money, count, percentage) are read from each
tool's input model; this module only scores which number goes to which field.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.offline import transitions, unit_sales
from assistant.offline.labels import named_elsewhere
from assistant.offline.lexicon import FIELD_CUES, cues_for
from assistant.offline.numbers import Num
from assistant.offline.pairs import AFTER_STOP as _AFTER_STOP
from assistant.offline.pairs import RATE_PAIRS, out_of_pairs
from tools.registry import all_tools, get_tool

_MONEY_HINT = ("spend", "cost", "revenue", "price", "basket", "clv", "cac", "arpu", "value", "rate", "pipeline",
               "influenced")
TOKEN = re.compile(r"#\d+|[a-z0-9$€%]+(?:'[a-z0-9-]+)?|[/,;.:→]")
_MODIFIER = frozenset({"from", "via", "through", "des", "du"})
_BEFORE_STOP = frozenset({"and", "et", "but", "mais", "puis", "then", ",", ";", ".", "→"})


@dataclass(frozen=True)
class FieldInfo:
    """What the engine needs to know about one input field."""

    name: str
    kind: str  # "money", "count", "pct", "number", "text", "list", "bool", "dict"
    required: bool


@lru_cache(maxsize=64)
def tool_fields(tool_id: str) -> tuple[FieldInfo, ...]:
    """The numeric input fields of a tool, in schema order, with their kind (read from the input model)."""
    model = get_tool(tool_id).input_model
    out = []
    for name, f in model.model_fields.items():
        ann = f.annotation
        if typing.get_origin(ann) in (typing.Union, types.UnionType):  # Optional[x] -> x
            ann = next(a for a in typing.get_args(ann) if a is not type(None))
        base = typing.get_origin(ann) or ann
        if name == "currency" or base in (str, typing.Literal):
            kind = "text"
        elif base is bool:
            kind = "bool"
        elif base in (list, tuple):
            kind = "list"
        elif base is dict:
            kind = "dict"
        elif name.endswith("_pct"):
            kind = "pct"
        elif base is int or name in ("founder_hours",) or name.endswith(("_days", "_lifetime", "frequency")):
            kind = "count" if base is int else "number"
        elif any(h in name for h in _MONEY_HINT):
            kind = "money"
        else:
            kind = "number"
        out.append(FieldInfo(name=name, kind=kind, required=f.is_required()))
    return tuple(out)


def numeric_tools() -> list[str]:
    """Tools whose inputs are plain numbers (the ones a sentence can fill)."""
    return [t.id for t in all_tools()
            if tool_fields(t.id) and all(f.kind not in ("list", "dict", "bool") or not f.required
                                         for f in tool_fields(t.id))]


@dataclass
class Tokens:
    """The question with each number replaced by a #i placeholder, normalised and split into words."""

    words: list[str]
    positions: dict[int, int] = field(default_factory=dict)  # number index -> word index


def mask(converted: str, nums: tuple[Num, ...]) -> str:
    """The question with each number replaced by a #i placeholder (cue words are then counted in words)."""
    masked, last = [], 0
    for i, n in enumerate(nums):
        masked.append(converted[last:n.start])
        masked.append(f" #{i} ")
        last = n.end
    masked.append(converted[last:])
    return "".join(masked)


def tokens_of(norm: str) -> Tokens:
    """Words of a normalised, masked question and where each number placeholder sits."""
    words = TOKEN.findall(norm)
    positions = {int(w[1:]): i for i, w in enumerate(words) if w.startswith("#")}
    return Tokens(words=words, positions=positions)


def cue_at(words: list[str], i: int, cue: str) -> bool:
    parts = cue.split()
    if i + len(parts) > len(words):
        return False
    for k, p in enumerate(parts):
        w = words[i + k]
        forms = (w, w.split("'", 1)[-1])  # "d'acquisition" also reads as "acquisition"
        if len(p) <= 3 and p not in forms and p + "s" not in forms:
            return False
        if len(p) > 3 and not any(f.startswith(p) for f in forms):
            return False
    return True


# A field's cues run from its own name to looser synonyms ('delivered' before 'sent'): on a tie, the closer word wins
# ('10k sent, 9 500 delivered' -> delivered = 9 500). Small enough never to beat a nearer or more specific cue.
_RANK_STEP = 0.01


@lru_cache(maxsize=1024)
def _specificity(cue: str) -> float:
    """A cue shared by many fields ('customers') says less than one only a field uses ('left', 'churned')."""
    fields = sum(1 for cues in FIELD_CUES.values() if cue in cues)
    return 1.0 if fields <= 2 else (0.85 if fields <= 4 else 0.7)


def cue_score(tokens: Tokens, num_index: int, field_name: str, tool_id: str = "") -> float:
    """How strongly the words around number `num_index` point at `field_name` (0 when nothing does)."""
    cues = cues_for(tool_id, field_name)
    pos = tokens.positions[num_index]
    words = tokens.words
    best = 0.0
    for d in range(1, 5):  # after the number: "15 clients", "15 nouveaux clients"
        i = pos + d
        if i >= len(words) or words[i].startswith("#") or words[i] in _AFTER_STOP:
            break
        hit = next((c for c in cues if cue_at(words, i, c)), None)
        if hit:
            best = max(best, (3.0 - 0.4 * (d - 1)) * _specificity(hit) - _RANK_STEP * cues.index(hit))
            break
    for d in range(1, 7):  # before the number: "budget de 1 200", "spent 1200"
        i = pos - d
        if i < 0 or words[i].startswith("#") or words[i] in _BEFORE_STOP:
            break
        hit = next((c for c in cues if cue_at(words, i, c)), None)
        if hit:
            # "revenue from ads was 12 000": a cue inside a "from/de ..." modifier names less than the head noun
            weight = 0.5 if i > 0 and words[i - 1] in _MODIFIER else 1.0
            best = max(best, (2.2 - 0.3 * (d - 1)) * weight * _specificity(hit) - _RANK_STEP * cues.index(hit))
            break
    return best


def compatible(n: Num, info: FieldInfo) -> float | None:
    """A bonus when the number's notation fits the field kind, None when it cannot go there."""
    if info.kind in ("text", "list", "dict", "bool"):
        return None
    if info.kind == "money":
        return 0.6 if n.unit == "currency" else (None if n.unit not in (None,) else 0.0)
    if info.kind == "pct":
        if n.unit == "%":
            return 0.6
        return 0.0 if n.unit is None and 0 <= n.value <= 100 else None
    if info.kind == "count":
        if n.unit in ("currency", "%", "ratio"):
            return None
        if info.name.endswith("_days"):
            return 0.6 if n.unit == "days" else (0.0 if n.unit is None else None)
        if n.unit not in (None,):
            return None
        return 0.0 if n.is_integer else -1.0
    # plain numbers: durations, hours, frequencies, ratios
    if n.unit in ("currency", "%"):
        return None
    return 0.3 if n.unit else 0.0


def map_numbers(tool_id: str, nums: tuple[Num, ...], tokens: Tokens, skip: set[int] | frozenset[int] = frozenset(),
                only: set[str] | None = None, positional: bool = True) -> tuple[dict[str, float], float, set[int]]:
    """Assign numbers to the tool's fields: (inputs, cue score of the assignment, number indexes used)."""
    infos = [f for f in tool_fields(tool_id) if only is None or f.name in only]
    derived, derived_used = transitions.fill(tool_id, tokens.words, nums)
    if not derived:
        derived, derived_used = unit_sales.fill(tool_id, tokens.words, nums)
    derived = {k: v for k, v in derived.items() if any(f.name == k for f in infos)}
    derived_used = derived_used if derived else set()
    candidates: list[tuple[float, int, str]] = []
    pair_bonus: dict[tuple[int, str], float] = {}
    if tool_id in RATE_PAIRS:
        num_field, den_field = RATE_PAIRS[tool_id]
        for a, b in out_of_pairs(tokens.words):
            # '150 visiteurs pour 3 ventes': the words say which is the total, whatever the order
            if cue_score(tokens, a, den_field, tool_id) > cue_score(tokens, a, num_field, tool_id) and \
                    cue_score(tokens, b, num_field, tool_id) >= cue_score(tokens, b, den_field, tool_id):
                a, b = b, a
            pair_bonus[(a, num_field)] = 4.0
            pair_bonus[(b, den_field)] = 4.0
    for i, n in enumerate(nums):
        if i in skip or i in derived_used:
            continue
        for info in infos:
            bonus = compatible(n, info)
            if bonus is None:
                continue
            cue = cue_score(tokens, i, info.name, tool_id)
            score = max(cue, pair_bonus.get((i, info.name), 0.0))
            if score > 0:
                candidates.append((score + bonus, i, info.name, cue))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    inputs: dict[str, float] = dict(derived)
    used: set[int] = set(derived_used)
    where: dict[str, int] = {}
    total = 3.0 * len(derived)  # cue words only: "12 out of 60" fits every rate tool and must not pick one
    for score, i, name, cue in candidates:
        if i in used or name in inputs:
            continue
        inputs[name] = nums[i].value
        used.add(i)
        where[name] = i
        total += cue + (score - max(cue, pair_bonus.get((i, name), 0.0)) if cue else 0.0)
    _prefer_priced(infos, nums, inputs, where, used, set(skip) | derived_used)
    if positional:
        taken = used | set(skip)
        taken |= named_elsewhere(tokens, nums, {f.name for f in tool_fields(tool_id)}, taken)
        _fill_by_position(infos, nums, inputs, taken)
        used = taken - set(skip)
    return inputs, total, used


def _prefer_priced(infos: list[FieldInfo], nums: tuple[Num, ...], inputs: dict[str, float], where: dict[str, int],
                   used: set[int], blocked: set[int]) -> None:
    """'2 sales for €900': an amount field holding a bare count takes the one priced figure nothing used."""
    priced = [j for j, n in enumerate(nums) if n.unit == "currency" and j not in used and j not in blocked]
    for info in infos:
        i = where.get(info.name)
        if info.kind == "money" and i is not None and nums[i].unit is None and len(priced) == 1:
            j = priced.pop()
            inputs[info.name] = nums[j].value
            used.discard(i)
            used.add(j)


def _fill_by_position(infos: list[FieldInfo], nums: tuple[Num, ...], inputs: dict[str, float], used: set[int]) -> None:
    """Required fields no cue named take the remaining compatible numbers in order ("CAC: 1200, 15")."""
    free = [i for i in range(len(nums)) if i not in used]
    for info in infos:
        if not info.required or info.name in inputs or info.kind in ("text", "list", "dict", "bool"):
            continue
        fits = [(compatible(nums[i], info), -i) for i in free
                if compatible(nums[i], info) is not None and (info.kind != "count" or nums[i].is_integer)]
        if fits:  # the best notation first ('1 500 €' for the spend, not the bare '25' before it), then order
            i = -max(fits)[1]
            inputs[info.name] = nums[i].value
            free.remove(i)
            used.add(i)


def missing_required(tool_id: str, inputs: dict) -> list[str]:
    """Required fields still without a value, in schema order."""
    return [f.name for f in tool_fields(tool_id) if f.required and f.name not in inputs]


def cast_inputs(tool_id: str, inputs: dict) -> dict:
    """Counts as int (the tools' models want integers for counts)."""
    kinds = {f.name: f.kind for f in tool_fields(tool_id)}
    out = {}
    for k, v in inputs.items():
        out[k] = int(v) if kinds.get(k) == "count" and isinstance(v, float) and v.is_integer() else v
    return out
