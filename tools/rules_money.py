"""Health rules on money KPIs: CAC vs price, CLV:CAC, CAC payback, CPL. Each returns (level, why) or None."""

from __future__ import annotations

from tools.rules_text import Out, say

# Article 000 gives two cases: a CAC of 80 € is 'at the limit' for a 100 € service (80 % of the price) and
# profitable for an 800 € one (10 %). Where between them 'at the limit' starts is not in the article: this is our
# line, and the verdict says so.
CAC_LIMIT_SHARE = 50.0


def cac_vs_price(cac: float, ctx: dict) -> Out:
    """Article 000: the price must cover the CAC and the margin; 80 € on a 100 € service is 'at the limit'."""
    price = ctx.get("average_price")
    if not price:
        return None
    cur = ctx.get("currency") or "EUR"
    share = round(cac / price * 100, 1)
    if cac >= price:
        return say(
            "alert",
            "CAC {cac} {cur} is at or above the price {price} {cur}: the price does not cover the acquisition cost and "
            "your margin, so every sale loses money (article 000).",
            "Le CAC de {cac} {cur} atteint ou dépasse le prix de {price} {cur} : le prix ne couvre pas le coût "
            "d'acquisition et votre marge, chaque vente perd donc de l'argent (article 000).",
            cac=cac, price=price, cur=cur)
    if share >= CAC_LIMIT_SHARE:
        return say(
            "watch",
            "CAC is {share} % of the price {price} {cur}: at the limit. Article 000 calls a CAC of 80 € 'at the "
            "limit' for a 100 € service (80 %) and profitable for an 800 € one (10 %); from half the price up, this "
            "tool reads it as at the limit (its own line between the article's two cases).",
            "Le CAC représente {share} % du prix de {price} {cur} : c'est à la limite. L'article 000 juge un CAC de "
            "80 € « à la limite » pour un service à 100 € (80 %) et rentable pour un service à 800 € (10 %) ; à "
            "partir de la moitié du prix, cet outil le lit comme à la limite (sa propre ligne entre les deux cas de "
            "l'article).",
            share=share, price=price, cur=cur)
    return say(
        "good",
        "CAC is {share} % of the price {price} {cur}: the sale covers the acquisition with room for your margin "
        "(article 000 calls a CAC of 80 € for an 800 € service, 10 %, profitable).",
        "Le CAC représente {share} % du prix de {price} {cur} : la vente couvre l'acquisition en laissant de la place "
        "à votre marge (l'article 000 juge rentable un CAC de 80 € pour un service à 800 €, soit 10 %).",
        share=share, price=price, cur=cur)


def clv_vs_cac(r: float, ctx: dict) -> Out:
    """CLV must exceed CAC; 3:1 is the usual target. Article 000 states the inequality backwards."""
    if r < 1:
        return say(
            "alert",
            "CLV is below CAC ({r}:1): each customer costs more to win than they bring in. CLV must exceed CAC; "
            "article 000 says the opposite ('CLV must always be lower than CAC'), which is a mistake.",
            "La CLV est inférieure au CAC ({r}:1) : chaque client coûte plus à acquérir qu'il ne rapporte. La CLV "
            "doit dépasser le CAC ; l'article 000 dit l'inverse (« La CLV doit être toujours inférieur au CAC ») : "
            "c'est une erreur.",
            r=r)
    if r < 3:
        return say(
            "watch",
            "CLV:CAC {r}:1 is below the 3:1 rule of thumb: customers pay back their cost with little room to grow, "
            "article 000's own words for a CLV of 150 € against a CAC of 80 € (about 1.9:1). Article 003 calls a CAC "
            "of 500 € against a CLV of 1 200 € (2.4:1) healthy; by the 3:1 rule it is low.",
            "Le ratio CLV:CAC de {r}:1 est sous la règle des 3:1 : les clients remboursent leur coût avec peu de "
            "marge pour croître, les mots mêmes de l'article 000 pour une CLV de 150 € face à un CAC de 80 € "
            "(environ 1,9:1). L'article 003 juge sain un CAC de 500 € pour une CLV de 1 200 € (2,4:1) ; selon la "
            "règle des 3:1, c'est bas.",
            r=r)
    if r <= 5:
        return say("good", "CLV:CAC {r}:1 meets the 3:1 rule of thumb.",
                   "Le ratio CLV:CAC de {r}:1 respecte la règle des 3:1.", r=r)
    return say(
        "good",
        "CLV:CAC {r}:1 is well above 3:1 (article 003's third case went from 3.8:1 to 6.7:1; article 000 calls a CLV "
        "of 800 € for a CAC of 100 € very profitable); above 5:1 you may have room to spend more on growth.",
        "Le ratio CLV:CAC de {r}:1 dépasse largement 3:1 (le troisième cas de l'article 003 passe de 3,8:1 à 6,7:1 ; "
        "l'article 000 juge très rentable une CLV de 800 € pour un CAC de 100 €) ; au-delà de 5:1, vous pouvez sans "
        "doute investir davantage dans la croissance.",
        r=r)


def payback_months(months: float, ctx: dict) -> Out:
    """Rule of thumb: CAC paid back within 12 months; beyond 18 months cash is tied up too long."""
    m = round(months, 1)
    if months <= 12:
        return say("good", "CAC is paid back in {m} months, within the 12-month rule of thumb.",
                   "Le CAC est récupéré en {m} mois, dans la règle empirique des 12 mois.", m=m)
    if months <= 18:
        return say(
            "watch",
            "CAC is paid back in {m} months, beyond the 12-month rule of thumb (article 003's second case cut it "
            "from 14 to 9 months with lead scoring and nurturing).",
            "Le CAC est récupéré en {m} mois, au-delà de la règle empirique des 12 mois (le deuxième cas de "
            "l'article 003 l'a ramené de 14 à 9 mois avec le lead scoring et le nurturing).",
            m=m)
    return say("alert", "CAC is paid back in {m} months: beyond 18 months, cash stays tied up in each customer for "
                        "too long.",
               "Le CAC est récupéré en {m} mois : au-delà de 18 mois, la trésorerie reste trop longtemps immobilisée "
               "dans chaque client.", m=m)


def cpl_target(cpl: float, ctx: dict) -> Out:
    """Article 004's action table: CPL < 3 € for a product search-ads campaign (an example target, in euros)."""
    if ctx.get("currency", "EUR") != "EUR":
        return None
    if cpl < 3:
        return say("good",
                   "CPL {v} € is under the 3 € target of article 004's example action plan (a product search-ads "
                   "campaign).",
                   "Le CPL de {v} € est sous la cible de 3 € du plan d'action exemple de l'article 004 (une campagne "
                   "SEA produit).", v=cpl)
    return say(
        "watch",
        "CPL {v} € is not under the 3 € target of article 004's example (a product search-ads campaign): set your "
        "own target per channel; B2B leads cost far more (50 € on Google Ads and 80 € on LinkedIn in article 003).",
        "Le CPL de {v} € n'est pas sous la cible de 3 € de l'exemple de l'article 004 (une campagne SEA produit) : "
        "fixez votre cible par canal ; un lead B2B coûte bien plus (50 € sur Google Ads et 80 € sur LinkedIn dans "
        "l'article 003).",
        v=cpl)
