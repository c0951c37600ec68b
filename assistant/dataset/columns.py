"""Column names recognised in French and English (accent-, case- and space-insensitive)."""

from __future__ import annotations

import re
import unicodedata

from tools.base import Text

NUMERIC = ("spend", "impressions", "clicks", "visitors", "leads", "mql", "sql", "opportunities", "customers",
           "revenue")
CANONICAL = ("period", "channel", *NUMERIC)

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "period": ("periode", "period", "date", "mois", "month", "semaine", "week", "jour", "day", "trimestre", "quarter"),
    "channel": ("canal", "canaux", "channel", "source", "levier", "media", "medium", "sourcemedium"),
    "spend": ("depenses", "depense", "budget", "spend", "adspend", "cout", "couts", "cost", "costs",
              "depensesmarketing", "marketingspend", "investissement", "coutmedia", "mediaspend"),
    "impressions": ("impressions", "impression", "impr", "affichages"),
    "clicks": ("clics", "clic", "clicks", "click"),
    "visitors": ("visiteurs", "visiteur", "visites", "sessions", "visitors", "visits", "trafic", "traffic",
                 "utilisateurs", "users"),
    "leads": ("leads", "lead", "prospects", "contacts"),
    "mql": ("mql", "mqls"),
    "sql": ("sql", "sqls"),
    "opportunities": ("opportunites", "opportunite", "opportunities", "opportunity", "opps"),
    "customers": ("clients", "client", "customers", "nouveauxclients", "newcustomers", "conversions",
                  "clientsacquis", "acquisitions"),
    "revenue": ("ca", "caht", "chiffredaffaires", "revenue", "revenus", "revenu", "ventes", "sales", "turnover",
                "recettes"),
}
_LOOKUP = {syn: canon for canon, syns in _SYNONYMS.items() for syn in syns}

LABELS: dict[str, Text] = {
    "period": Text(en="Period", fr="Période"), "channel": Text(en="Channel", fr="Canal"),
    "spend": Text(en="Spend", fr="Dépenses"), "impressions": Text(en="Impressions", fr="Impressions"),
    "clicks": Text(en="Clicks", fr="Clics"), "visitors": Text(en="Visitors", fr="Visiteurs"),
    "leads": Text(en="Leads", fr="Leads"), "mql": Text(en="MQL", fr="MQL"), "sql": Text(en="SQL", fr="SQL"),
    "opportunities": Text(en="Opportunities", fr="Opportunités"), "customers": Text(en="Customers", fr="Clients"),
    "revenue": Text(en="Revenue", fr="Chiffre d'affaires"),
}


def normalize(name: str) -> str:
    """'Dépenses (€)' → 'depenses': units in brackets, accents, case, spaces and punctuation removed."""
    name = re.sub(r"\(.*?\)|\[.*?\]", "", str(name))
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", name.lower())


def recognise(name: str) -> str | None:
    """The canonical column for a header, or None."""
    return _LOOKUP.get(normalize(name))


def map_columns(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """{original header: canonical} for recognised headers (first one wins), and the unknown headers."""
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for h in headers:
        canon = recognise(h)
        if canon is None or canon in mapping.values():
            unknown.append(str(h))
        else:
            mapping[str(h)] = canon
    return mapping, unknown
