"""The words users say for each KPI and each tool field, in French and English (normalised: no accents).

Tool ids and field names are the registry's; this module only says which words point at them.
"""

from __future__ import annotations

import re

# KPI names -> registry tool id. Longest / most specific first: the matcher consumes the spans it uses.
KPI_ALIASES: list[tuple[str, str]] = [
    (r"(?:ratio )?(?:clv|ltv) ?(?:[:/]|sur|vs|to|over)? ?cac|ratio (?:clv|ltv)", "clv_cac_ratio"),
    (r"cac payback|payback|pay (?:it )?back|paid back|recuperation du cac|retour sur cac|delai de recuperation"
     r"|months to recover|rembourser (?:le|mon|un) cac|recuperer (?:le|mon|un) cac"
     r"|(?:en )?combien de mois (?:pour|je|j'|on|avant)|how many months (?:to|until|before|for)",
     "cac_payback"),
    (r"cout d'acquisitions?(?: clients?)?|couts? par (?:nouveau )?client|customer acquisition cost|acquisition costs?"
     r"|cost (?:per|of) (?:a |one )?(?:new )?customer|cost to acquire|\bcac\b"
     r"|cost per (?:sale|acquisition)|\bcpa\b|cout par (?:vente|acquisition)"
     # the price of one unit asked in plain words: 'combien me coûte un client', 'how much does each customer cost'
     r"|combien (?:me |nous )?(?:coute|revient|fait) (?:un|le|chaque) (?:nouveau )?client"
     r"|how much (?:does|did|is) (?:each|a|one|every) (?:new )?customer (?:cost|costing)", "customer_acquisition_cost"),
    (r"cout par lead|couts? par prospect|cost per lead|\bcpl\b|\bper lead\b|\bpar lead\b"
     r"|combien (?:me |nous )?(?:coute|revient|fait) (?:un|le|chaque) (?:lead|prospect)|combien (?:le|du) lead"
     r"|how much (?:does|did|is) (?:each|a|one|every) lead", "cost_per_lead"),
    (r"cout par clic|cost per click|\bcpc\b", "cost_per_click"),
    (r"taux de clics?|click[- ]through(?: rate)?|\bctr\b", "click_through_rate"),
    (r"cout pour mille|cost per (?:mille|thousand)|\bcpm\b", "cost_per_mille"),
    (r"clicks?[- ]to[- ]open|\bctor\b|taux de reactivite", "click_to_open_rate"),
    (r"taux d'ouvertures?|open rate|email opens?", "email_open_rate"),
    (r"taux de clic email|email click(?: rate)?|click rate", "email_click_rate"),
    (r"taux de leads? qualifies|leads? qualifies|qualified[- ]lead(?: rate)?s?", "qualified_lead_rate"),
    (r"mql ?(?:->|>|to|vers|en|→|/) ?sql|taux (?:de passage )?(?:de )?mql|mql (?:conversion )?rate", "mql_to_sql_rate"),
    (r"tunnel de conversion|entonnoir|funnel", "funnel_conversion"),
    (r"taux de (?:conversion|transformation)|conversion rate|\bconversion\b|\bconvert(?:s|ing)? at\b"
     r"|\bconverti(?:t|ssons|ssent)? a\b|taux de transfo\b", "conversion_rate"),
    (r"panier moyen|valeur moyenne (?:de|des|d'une) commandes?|average order(?: value)?|average basket|\baov\b",
     "average_order_value"),
    (r"(?:clv|ltv|valeur (?:vie|a vie|de vie) clients?|lifetime value|valeur client|customer value)"
     r"(?= b2b| en b2b| with churn| avec churn)", "clv_b2b"),
    (r"\bclv\b|\bltv\b|\bcltv\b|valeur (?:vie|a vie|de vie|a long terme)(?: du| d'un)? clients?|valeur client"
     r"|(?:customer )?lifetime value|customer value", "clv_simple"),
    (r"taux de reachat|reachat|repeat purchases?(?: rate)?|repurchase(?: rate)?|rachat", "repeat_purchase_rate"),
    (r"taux de fidelisation|fidelisation|fidelite|loyalty rate", "retention_rate"),
    (r"taux de retention|retention(?: rate)?|\bretenu", "retention_rate"),
    (r"\bchurn|taux d'attrition|attrition|desabonnements?|taux de resiliation|resiliations?", "churn_rate"),
    (r"\broas\b|return on ad spend|retour sur (?:les )?depenses? pub(?:licitaires)?", "roas"),
    (r"\broi\b|retour sur investissement|return on (?:marketing )?investment|rentabilite (?:de|d'une|des) "
     r"(?:campagnes?|actions?)", "marketing_roi"),
    (r"velocite(?: des ventes| commerciale)?|sales velocity|velocity", "sales_velocity"),
    (r"contribution (?:marketing )?(?:au|to the|to) pipeline|pipeline contribution|marketing[- ]influenced pipeline"
     r"|pipeline influence", "pipeline_contribution"),
    (r"taux d'engagement|engagement rate|engagement (?:sur les )?reseaux|social engagement|engagement",
     "social_engagement_rate"),
    (r"lead scor\w*|scoring|score (?:de|d'un|du|of a|for a) (?:lead|prospect)", "lead_score"),
]
_KPI_PATTERNS = [(re.compile(p), tool) for p, tool in KPI_ALIASES]

# A field's cue words. `after` cues follow the number ("15 clients"), `before` cues precede it ("budget de 1 200").
# Both lists are searched on both sides; the side only changes the weight.
FIELD_CUES: dict[str, tuple[str, ...]] = {
    "marketing_spend": ("depense", "spent", "spend", "budget", "investi", "invest", "marketing", "pub", "ads",
                        "publicite", "cout", "cost", "paye", "paid", "mis", "put", "coute"),
    "ad_spend": ("depense", "spent", "spend", "budget", "investi", "invest", "pub", "ads", "publicite", "cout",
                 "cost", "paye", "paid", "coute", "campagne", "campaign"),
    "cost": ("depense", "spent", "spend", "budget", "investi", "invest", "cout", "cost", "coute", "paye", "paid",
             "campagne", "campaign"),
    "sales_spend": ("commercia", "sales spend", "sales team", "vente", "force de vente", "salaires commerciaux"),
    "new_customers": ("nouveau", "new", "client", "customer", "acheteur", "buyer", "abonne", "subscriber", "signup",
                      "inscrit"),
    "conversions": ("conversion", "achat", "achet", "purchase", "bought", "buy", "vente", "sale", "acheteur", "buyer",
                    "client", "customer", "commande", "order", "inscri", "signup", "sign-up", "converti",
                    "converted", "lead", "rendez-vous", "demo", "devis", "deal", "affaire", "won", "gagne", "signe",
                    "closed", "conclu"),
    "visitors": ("visiteur", "visitor", "visite", "visit", "trafic", "traffic", "session", "prospect", "lead",
                 "contact", "personne", "people", "opportunit"),
    "leads": ("lead", "prospect", "contact", "demande", "inscri", "signup"),
    "qualified_leads": ("qualifie", "qualified", "mql", "bons leads", "good leads"),
    "clicks": ("clic", "click"),
    "impressions": ("impression", "vue", "view", "affichage"),
    "revenue": ("chiffre d'affaires", "ca", "revenu", "revenue", "ventes", "sales", "genere", "generated", "rapport",
                "brought", "earned", "gagne", "turnover", "recette", "made", "fait"),
    "orders": ("commande", "order", "achat", "purchase", "transaction", "vente", "sale"),
    "average_basket": ("panier", "basket", "prix", "price", "vend", "sell", "tarif", "coute", "costs", "a", "at",
                       "formation", "produit", "product", "achat moyen"),
    "purchases_per_customer": ("fois", "times", "achats par client", "purchases per customer", "par client",
                               "per customer", "achete", "buys", "commandes par", "orders per"),
    "clv": ("clv", "ltv", "valeur vie", "lifetime", "valeur client"),
    "cac": ("cac", "acquisition", "cout par client"),
    "average_price": ("prix", "price", "vend", "sell", "tarif", "panier", "basket", "coute", "ticket", "produit",
                      "product", "service", "offre", "offer", "article", "formation"),
    "returning_customers": ("revenu", "reviennent", "returning", "came back", "come back", "returned", "repeat",
                            "fidele", "recurrent", "rachete", "reachete", "second achat", "again"),
    "repeat_customers": ("revenu", "reviennent", "returning", "came back", "returned", "repeat", "rachete",
                         "reachete", "second achat", "again", "plusieurs fois", "more than once"),
    "total_customers": ("client", "customer", "total", "au total", "in total"),
    "customers_lost": ("perdu", "lost", "churn", "parti", "left", "desabonne", "unsubscribed", "cancel", "resili",
                       "quitte", "quit"),
    "customers_start": ("debut", "start", "beginning", "au depart", "initial", "janvier", "january"),
    "customers_end": ("fin", "end", "decembre", "december", "aujourd'hui", "today", "now"),
    "arpu": ("arpu", "revenu moyen", "average revenue", "par mois", "per month", "a month", "mensuel", "monthly",
             "abonnement", "subscription"),
    "monthly_arpu": ("arpu", "revenu moyen", "average revenue", "par mois", "per month", "a month", "mensuel",
                     "monthly", "abonnement", "subscription"),
    "gross_margin_pct": ("marge", "margin"),
    "churn_rate_pct": ("churn", "attrition", "resiliation"),
    "discount_rate_pct": ("actualisation", "discount"),
    "average_revenue": ("revenu moyen", "average revenue", "par achat", "per purchase", "panier", "basket", "contrat",
                        "contract", "deal"),
    "purchase_frequency": ("fois par an", "times a year", "per year", "par an", "frequence", "frequency"),
    "customer_lifetime": ("ans", "years", "annees", "duree", "lifetime", "reste", "stay"),
    "opportunities": ("opportunit", "opportunities", "deals", "affaires"),
    "win_rate_pct": ("win rate", "taux de gain", "closing", "taux de signature", "gagne", "won", "taux de conversion"),
    "average_deal_value": ("valeur moyenne", "average deal", "deal size", "deal value", "contrat", "contract",
                           "panier", "average", "moyenne"),
    "sales_cycle_days": ("jour", "day", "cycle"),
    "influenced": ("influence", "marketing", "source"),
    "total_pipeline": ("total", "pipeline"),
    "likes": ("like", "j'aime", "jaime"),
    "comments": ("commentaire", "comment"),
    "shares": ("partage", "share"),
    "reach": ("portee", "reach", "touche", "reached", "vue", "view"),
    "opens": ("ouverture", "ouvert", "open"),
    "delivered": ("delivre", "delivered", "envoye", "sent", "recu", "received", "destinataire"),
    "sql": ("sql", "opportunit", "sales qualified"),
    "mql": ("mql", "marketing qualified"),
    "founder_hours": ("heure", "hour", "h"),
    "hourly_rate": ("de l'heure", "/h", "par heure", "per hour", "an hour", "taux horaire", "hourly"),
}


# Where a generic cue would mislead inside one tool: 'customers' is every count of retention_over_period.
TOOL_FIELD_CUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("retention_over_period", "new_customers"): ("nouveau", "nouvelle", "new", "acquis", "gagne", "won", "recrute"),
    ("retention_over_period", "customers_start"): ("debut", "start", "beginning", "au depart", "initial", "janvier",
                                                   "january"),
}


def cues_for(tool_id: str, field_name: str) -> tuple[str, ...]:
    """The cue words of a field, as used by one tool."""
    return TOOL_FIELD_CUES.get((tool_id, field_name), FIELD_CUES.get(field_name, ()))


def kpi_mentions(norm: str) -> list[tuple[str, int, int]]:
    """Registry tool ids named in a normalised text, with their spans, in order of appearance."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[str, int, int]] = []
    for pattern, tool in _KPI_PATTERNS:
        for m in pattern.finditer(norm):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((tool, m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])
