"""Numbers labelled with another calculator's field ('2000 emails delivered'): kept out of positional filling."""

from __future__ import annotations

from typing import Any

from assistant.offline.lexicon import FIELD_CUES, cues_for
from assistant.offline.numbers import Num
from assistant.offline.pairs import AFTER_STOP


def named_elsewhere(tokens: Any, nums: tuple[Num, ...], own: set[str], taken: set[int]) -> set[int]:
    """Numbers labelled with another field's own name ('2000 emails delivered' is not a count of opens)."""
    out = set()
    for i in range(len(nums)):
        pos = tokens.positions.get(i)
        if i in taken or pos is None:
            continue
        after = [w for w in tokens.words[pos + 1:pos + 3] if not w.startswith("#") and w not in AFTER_STOP]
        if after[:1] and after[0] in ("per", "par", "each", "chaque", "/", "a", "an"):
            continue  # '5k per order' is an amount per unit, not a count of orders
        for name, cues in FIELD_CUES.items():
            # the field's own name (its first two cues), not a loose synonym another field shares
            if name not in own and any(w.startswith(c) for w in after for c in cues[:2] if len(c) > 4) and not any(
                    w.startswith(c) for w in after for f in own for c in cues_for("", f) if len(c) > 3):
                out.add(i)
    return out
