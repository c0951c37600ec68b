"""Words the data Q&A recognises, in French and English (accents removed, lower case)."""

from __future__ import annotations

# (phrase, key) — longer phrases first so "cost per lead" wins over "lead".
METRICS: list[tuple[str, str]] = [
    ("customer acquisition cost", "cac"), ("cout d acquisition", "cac"), ("acquisition cost", "cac"), ("cac", "cac"),
    ("cost per lead", "cpl"), ("cout par lead", "cpl"), ("cpl", "cpl"),
    ("cost per click", "cpc"), ("cout par clic", "cpc"), ("cpc", "cpc"), ("cpm", "cpm"),
    ("click through rate", "ctr"), ("taux de clic", "ctr"), ("ctr", "ctr"),
    ("mql to sql", "mql_to_sql"), ("mql sql", "mql_to_sql"),
    ("return on ad spend", "roas"), ("roas", "roas"), ("return on investment", "roi"),
    ("retour sur investissement", "roi"), ("roi", "roi"),
    ("lead to customer", "lead_to_customer"), ("lead client", "lead_to_customer"),
    ("visitor to lead", "visit_to_lead"), ("visiteur lead", "visit_to_lead"),
    ("taux de conversion", "conversion"), ("conversion rate", "conversion"), ("conversion", "conversion"),
    ("chiffre d affaires", "revenue"), ("revenue", "revenue"), ("ventes", "revenue"), ("sales", "revenue"),
    ("depenses", "spend"), ("depense", "spend"), ("spend", "spend"), ("budget", "spend"),
    ("nouveaux clients", "customers"), ("new customers", "customers"), ("clients", "customers"),
    ("customers", "customers"), ("leads", "leads"), ("prospects", "leads"), ("clics", "clicks"),
    ("clicks", "clicks"), ("impressions", "impressions"), ("visiteurs", "visitors"), ("visitors", "visitors"),
    ("sessions", "visitors"), ("opportunites", "opportunities"), ("opportunities", "opportunities"),
    ("couts", "spend"), ("cout", "spend"), ("costs", "spend"), ("cost", "spend"),
    ("ca", "revenue"),  # last, and checked on the raw text: "ça" normalizes to "ca" too
]
INTENTS: list[tuple[str, str]] = [
    ("best", "best"), ("meilleur", "best"), ("meilleure", "best"), ("plus performant", "best"),
    ("worst", "worst"), ("pire", "worst"), ("moins bon", "worst"), ("moins performant", "worst"),
    ("highest", "max"), ("plus eleve", "max"), ("plus haut", "max"), ("maximum", "max"),
    ("lowest", "min"), ("plus bas", "min"), ("plus faible", "min"), ("minimum", "min"),
    ("trend", "trend"), ("evolution", "trend"), ("tendance", "trend"), ("over time", "trend"), ("evolue", "trend"),
    ("total", "total"), ("sum", "total"), ("somme", "total"), ("combien", "total"), ("how much", "total"),
    ("how many", "total"), ("overall", "total"), ("global", "total"),
    ("by channel", "by_channel"), ("par canal", "by_channel"), ("per channel", "by_channel"),
    ("which channel", "best"), ("quel canal", "best"),
]
MONTHS = {
    "january": 1, "janvier": 1, "jan": 1, "janv": 1, "february": 2, "fevrier": 2, "feb": 2, "fev": 2, "march": 3,
    "mars": 3, "mar": 3, "april": 4, "avril": 4, "apr": 4, "avr": 4, "may": 5, "mai": 5, "june": 6, "juin": 6,
    "july": 7, "juillet": 7, "juil": 7, "august": 8, "aout": 8, "aug": 8, "september": 9, "septembre": 9, "sep": 9,
    "sept": 9, "october": 10, "octobre": 10, "oct": 10, "november": 11, "novembre": 11, "nov": 11, "december": 12,
    "decembre": 12, "dec": 12,
}
