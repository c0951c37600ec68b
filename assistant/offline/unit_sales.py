"""Revenue given as units times a price: '2 ventes à 300 €', 'sold 12 units at €50 each' -> 600 €, 600 €."""

from __future__ import annotations

from assistant.offline.numbers import Num

_AT = frozenset({"a", "at", "@", "x", "de"})  # not "for": "2 sales for 300 €" is a total
_EACH = frozenset({"each", "chacun", "chacune", "piece", "l'unite", "unit", "per", "par"})
# Words a count of sales is made of: the units sold, not leads or visitors.
_UNITS = frozenset({"vente", "ventes", "sale", "sales", "unit", "units", "unite", "unites", "commande", "commandes",
                    "order", "orders", "produit", "produits", "product", "products", "article", "articles",
                    "abonnement", "abonnements", "subscription", "subscriptions", "licence", "licences",
                    "license", "licenses", "contrat", "contrats", "contract", "contracts", "deal", "deals"})
FIELDS = {"marketing_roi": "revenue", "roas": "revenue"}
NOTE = ("_{count} × {price} = {revenue} of revenue._", "_{count} × {price} = {revenue} de chiffre d'affaires._")


def units_times_price(words: list[str], nums: tuple[Num, ...]) -> tuple[int, int] | None:
    """(count, price) number indexes of '#a <units> at #b' where #a is a whole count and #b an amount."""
    for i, w in enumerate(words[:-3]):
        if not w.startswith("#") or words[i + 1] not in _UNITS or words[i + 2] not in _AT:
            continue
        j = i + 3
        if not words[j].startswith("#"):
            continue
        a, b = int(w[1:]), int(words[j][1:])
        count, price = nums[a], nums[b]
        if count.unit is None and count.is_integer and price.unit == "currency":
            return a, b
    return None


def fill(tool_id: str, words: list[str], nums: tuple[Num, ...]) -> tuple[dict[str, float], set[int]]:
    """The revenue the units and the price give this tool, and the number indexes used (empty when none)."""
    pair = units_times_price(words, nums) if tool_id in FIELDS else None
    if pair is None:
        return {}, set()
    return {FIELDS[tool_id]: nums[pair[0]].value * nums[pair[1]].value}, set(pair)
