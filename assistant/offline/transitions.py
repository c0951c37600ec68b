"""A count that moved 'from 100 to 92 customers': the start and the loss it implies, for churn and retention.

'from 100 to 92' means 8 lost when no one joined; 'with 10 new ones' means 18 lost (100 + 10 − 92).
"""

from __future__ import annotations

from assistant.offline.numbers import Num

# tool -> how the start (a) and end (b) counts fill its fields
_FILLS = {
    "churn_rate": lambda a, b, new: {"customers_start": a, "customers_lost": a + new - b},
    "retention_rate": lambda a, b, new: {"total_customers": a, "returning_customers": b - new},
}
_FROM = frozenset({"from", "de", "d'"})
_TO = frozenset({"to", "a", "->", "→"})
# Nouns of a customer base, singular (a trailing 's' is dropped before the look-up).
_BASE = frozenset({"customer", "client", "abonne", "subscriber", "user", "utilisateur", "member", "membre",
                   "account", "compte", "adherent", "patient", "eleve", "student"})
_NEW = frozenset({"new", "nouveaux", "nouveau", "nouvelles", "gained", "gagne", "gagnes", "acquired", "recrute",
                  "recrutes", "signed", "signe", "signes", "joined"})
NOTE = ("_{start} − {end} = {lost} customers lost over the period (assuming no new customers joined; tell me "
        "how many joined and I will count them)._",
        "_{start} − {end} = {lost} clients perdus sur la période (en supposant qu'aucun nouveau client n'est arrivé ; "
        "dites-moi combien sont arrivés et je les compterai)._")
NOTE_NEW = ("_{start} + {new} new − {end} = {lost} customers lost over the period._",
            "_{start} + {new} nouveaux − {end} = {lost} clients perdus sur la période._")


def _new_count(words: list[str], nums: tuple[Num, ...], pair: tuple[int, int]) -> tuple[int, int | None]:
    """New customers named next to a number ('10 new ones', 'gagné 10'): (count, its index); (0, None) if none."""
    for i, w in enumerate(words):
        if w.startswith("#") and int(w[1:]) not in pair and nums[int(w[1:])].is_integer and (
                (i + 1 < len(words) and words[i + 1] in _NEW) or (i > 0 and words[i - 1] in _NEW)):
            return int(nums[int(w[1:])].value), int(w[1:])
    return 0, None


def decline(words: list[str], nums: tuple[Num, ...]) -> tuple[int, int] | None:
    """(start, end) number indexes of 'from #a to #b' / 'de #a à #b' (two different counts), else None."""
    for i in range(1, len(words) - 2):
        a, b = words[i], words[i + 2]
        if words[i - 1] in _FROM and a.startswith("#") and words[i + 1] in _TO and b.startswith("#"):
            ia, ib = int(a[1:]), int(b[1:])
            na, nb = nums[ia], nums[ib]
            near = words[max(0, i - 5):i - 1] + words[i + 3:i + 5]
            if not any(w.rstrip("s") in _BASE for w in near):  # 'churn went from 5 to 3' is a rate, not a base
                continue
            counts = na.unit is None and nb.unit is None and na.is_integer and nb.is_integer
            if counts and na.value != nb.value and min(na.value, nb.value) >= 0:
                return ia, ib
    return None


def _loss(words: list[str], nums: tuple[Num, ...]) -> tuple[int, int, int, set[int]] | None:
    """(start, end, new, indexes used) when a count went from a to b, new customers counted; None otherwise."""
    pair = decline(words, nums)
    if pair is None:
        return None
    a, b = (int(nums[i].value) for i in pair)
    new, idx = _new_count(words, nums, pair)
    if not 0 <= a + new - b <= a:
        return None
    return a, b, new, set(pair) | ({idx} if idx is not None else set())


# The start count alone, when the count grew and no new customers are given: the loss cannot be known, so it is
# asked for rather than read from the end count ('from 100 to 120' is not 100 lost out of 120).
_START = {"churn_rate": "customers_start", "retention_rate": "total_customers"}


def fill(tool_id: str, words: list[str], nums: tuple[Num, ...]) -> tuple[dict[str, float], set[int]]:
    """The inputs a count that went down gives this tool, and the number indexes it used (empty when none)."""
    found = _loss(words, nums) if tool_id in _FILLS else None
    if found is None:
        pair = decline(words, nums) if tool_id in _FILLS else None
        return ({_START[tool_id]: int(nums[pair[0]].value)}, set(pair)) if pair else ({}, set())
    a, b, new, used = found
    return _FILLS[tool_id](a, b, new), used


def note(tool_id: str, inputs: dict, words: list[str], nums: tuple[Num, ...], lang: str) -> str | None:
    """The loss worked out from the two counts, said once so the user sees where it came from."""
    found = _loss(words, nums) if tool_id in _FILLS else None
    if found is None or any(inputs.get(k) != v for k, v in _FILLS[tool_id](*found[:3]).items()):
        return None
    a, b, new, _ = found
    if new:
        return NOTE_NEW[1 if lang == "fr" else 0].format(start=a, end=b, new=new, lost=a + new - b)
    return NOTE[1 if lang == "fr" else 0].format(start=a, end=b, lost=a - b)
