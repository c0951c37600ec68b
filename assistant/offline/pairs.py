"""Rates given as a pair: '30 out of 1 000', '30 sur 1 000', '320 of our 400', '30/1000' -> numerator, denominator."""

from __future__ import annotations

import re

# Numerator and denominator of the rate tools, for "30 out of 1 000" / "30 sur 1 000" / "30/1000".
RATE_PAIRS = {
    "conversion_rate": ("conversions", "visitors"), "qualified_lead_rate": ("qualified_leads", "leads"),
    "mql_to_sql_rate": ("sql", "mql"), "click_through_rate": ("clicks", "impressions"),
    "email_open_rate": ("opens", "delivered"), "email_click_rate": ("clicks", "delivered"),
    "click_to_open_rate": ("clicks", "opens"), "retention_rate": ("returning_customers", "total_customers"),
    "repeat_purchase_rate": ("repeat_customers", "total_customers"), "churn_rate": ("customers_lost",
                                                                                     "customers_start"),
}
# Words and marks that end a number's phrase: a cue beyond them belongs to another number.
AFTER_STOP = frozenset({"and", "et", "but", "mais", "puis", "then", "while", "alors", "with", "avec", "dont",
                        "including", ",", ";", ".", "→"})
_OUT_OF = re.compile(r"^(?:sur|out of|of|/|parmi|among|pour)$")
_DETERMINERS = frozenset({"our", "my", "the", "your", "their", "nos", "mes", "les", "vos", "ses", "leurs"})


def out_of_pairs(w: list[str]) -> list[tuple[int, int]]:
    """(numerator, denominator) number indexes for '30 sur 1 000', '30 customers left out of 600', '30/1000'."""
    pairs = []
    for i, word in enumerate(w):
        if not word.startswith("#"):
            continue
        # up to three words between: "30 clients sur 1 000", "30 customers left out of 600"
        for k in range(i + 1, min(i + 5, len(w) - 1)):
            if w[k].startswith("#"):
                break
            if not _OUT_OF.match(w[k]):
                continue
            # "320 of our 400 customers", "12 sur nos 300 clients": a determiner may sit before the total
            j = k + 2 if w[k + 1] in _DETERMINERS and k + 2 < len(w) else k + 1
            if w[j].startswith("#"):
                pairs.append((int(word[1:]), int(w[j][1:])))
                break
    return pairs
