"""Break-even questions: 'how many customers to break even on 5 000 € if each brings 250 €?'.

Breaking even means each customer costs no more than it brings in: the CAC target is the value per customer,
and the solver finds the customers (or the spend) that reach it.
"""

from __future__ import annotations

import re

from assistant.offline.context import Ctx

BREAK_EVEN = re.compile(r"break[- ]?even|rentabilis|seuil de rentabilite|rentrer dans (?:mes|ses|nos) frais"
                        r"|(?:pay|paid) (?:for )?itself|recover|cover (?:the|my|our) (?:cost|spend|budget)"
                        r"|couvrir (?:le|mon|ma|mes|notre|nos) (?:cout|depense|budget)|amortir")
_EACH = frozenset({"each", "chaque", "every", "per", "par", "chacun"})
_CUSTOMER = re.compile(r"^(?:customers?|clients?|buyers?|acheteurs?|sales?|ventes?)$")
NOTE = ("_Break-even: each customer may cost at most what it brings in, so the CAC target is {value}._",
        "_Seuil de rentabilité : un client peut coûter au plus ce qu'il rapporte, la cible de CAC est donc {value}._")


def per_customer_value(ctx: Ctx) -> int | None:
    """Index of the money figure a single customer brings ('each brings 250 €', '250 € par client')."""
    words = ctx.a.tokens.words
    for i, n in enumerate(ctx.a.nums):
        pos = ctx.a.tokens.positions.get(i)
        if n.unit != "currency" or pos is None:
            continue
        before = words[max(0, pos - 4):pos]
        after = words[pos + 1:pos + 3]
        if any(w in _EACH for w in before) or (after[:1] and after[0] in _EACH and any(
                _CUSTOMER.match(w) for w in after[1:])):
            return i
    return None


def spend_figure(ctx: Ctx, value_idx: int) -> int | None:
    """The other money figure: the budget to recover."""
    return next((i for i, n in enumerate(ctx.a.nums) if i != value_idx and n.unit == "currency"), None)


def asks_for_customers(ctx: Ctx) -> bool:
    """'How many customers' / 'combien de clients' rather than 'how much can I spend'."""
    return re.search(r"(?:how many|combien (?:de|d')) ?(?:new )?(?:customers?|clients?|sales|ventes|buyers?)",
                     ctx.a.norm) is not None
