"""Health rules on money KPIs: CAC vs price, ROI, CLV:CAC, CAC payback, CPL. Each returns (level, why) or None."""

from __future__ import annotations

from tools.base import Level, Text, fmt

Out = tuple[Level, Text] | None


def cac_vs_price(cac: float, ctx: dict) -> Out:
    """Article 000: a CAC of 80 € is 'at the limit' for a 100 € service and profitable for an 800 € one."""
    price = ctx.get("average_price")
    if not price:
        return None
    share = cac / price * 100
    if cac >= price:
        return "alert", Text(
            en=f"CAC {fmt(cac)} is at or above the price {fmt(price)}: every sale loses money before any other cost.",
            fr=f"Le CAC {fmt(cac)} atteint ou dépasse le prix {fmt(price)} : chaque vente perd de l'argent.",
        )
    if share >= 50:
        return "watch", Text(
            en=f"CAC is {fmt(share, 0)} % of the price {fmt(price)}: at the limit once your margin is counted.",
            fr=f"Le CAC représente {fmt(share, 0)} % du prix {fmt(price)} : à la limite une fois la marge comptée.",
        )
    return "good", Text(
        en=f"CAC is {fmt(share, 0)} % of the price {fmt(price)}: the sale covers acquisition with room to spare.",
        fr=f"Le CAC représente {fmt(share, 0)} % du prix {fmt(price)} : la vente couvre largement l'acquisition.",
    )


def roi_targets(roi: float, ctx: dict) -> Out:
    """Article 000: negative = alert (except launch/awareness), ≥ 200 % good, beyond 3 (300 %) excellent."""
    v = fmt(roi)
    if roi < 0:
        if ctx.get("phase") in ("launch", "awareness"):
            return "watch", Text(
                en=f"ROI {v} % is negative, which article 000 tolerates during a launch or an awareness campaign: "
                   "check that it turns positive once that phase ends.",
                fr=f"Le ROI de {v} % est négatif, ce que l'article 000 tolère en phase de lancement ou pour la "
                   "notoriété : vérifiez qu'il redevient positif à la fin de cette phase.")
        return "alert", Text(
            en=f"ROI {v} % is negative: the action brings in less than it costs. Article 000: immediate alert, "
               "unless you are launching or working on awareness.",
            fr=f"Le ROI de {v} % est négatif : l'action rapporte moins qu'elle ne coûte. Article 000 : alerte "
               "immédiate, sauf en phase de lancement ou de notoriété.")
    if roi == 0:
        return "watch", Text(
            en="ROI 0 %: the action only pays back its cost, with nothing left over. Article 000 sets 200 % as the "
               "target to aim for.",
            fr="ROI de 0 % : l'action rembourse tout juste son coût, sans rien dégager. L'article 000 fixe 200 % comme "
               "cible à viser.")
    if roi < 200:
        return "watch", Text(
            en=f"ROI {v} % is positive but below the 200 % that article 000 sets as the break-even point to aim for "
               "(the article writes it '200 % (or 2)': a multiple of 2 means 200 %).",
            fr=f"Le ROI de {v} % est positif mais sous les 200 % que l'article 000 fixe comme point d'équilibre à "
               "viser (écrit « 200 % (ou 2) » : un multiple de 2 signifie 200 %).")
    if roi < 300:
        return "good", Text(
            en=f"ROI {v} % reaches the 200 % target of article 000; beyond 300 % (the article's 'beyond 3') is "
               "excellent.",
            fr=f"Le ROI de {v} % atteint la cible de 200 % de l'article 000 ; au-delà de 300 % (son « au-delà de 3 ») "
               "c'est excellent.")
    return "good", Text(
        en=f"ROI {v} % is excellent: beyond 300 %, which is what article 000 means by 'beyond 3' (a multiple of 3).",
        fr=f"Le ROI de {v} % est excellent : au-delà de 300 %, ce que l'article 000 appelle « au-delà de 3 » "
           "(un multiple de 3).")


def clv_vs_cac(r: float, ctx: dict) -> Out:
    """CLV must exceed CAC; 3:1 is the usual target. Article 000 states the inequality backwards."""
    v = fmt(r)
    if r < 1:
        return "alert", Text(
            en=f"CLV is below CAC ({v}:1): each customer costs more to win than they bring in. CLV must exceed CAC "
               "(article 000 says the opposite, 'CLV must be lower than CAC': that is a mistake).",
            fr=f"La CLV est inférieure au CAC ({v}:1) : chaque client coûte plus qu'il ne rapporte. La CLV doit "
               "dépasser le CAC (l'article 000 dit l'inverse : c'est une erreur).")
    if r < 3:
        return "watch", Text(
            en=f"CLV:CAC {v}:1 is below the 3:1 rule of thumb: customers pay back their cost with little room to "
               "grow. (Article 003 calls CAC 500 € vs CLV 1 200 €, i.e. 2.4:1, healthy; by the 3:1 rule it is low.)",
            fr=f"Le ratio CLV:CAC de {v}:1 est sous la règle des 3:1 : les clients remboursent leur coût avec peu de "
               "marge pour croître. (L'article 003 qualifie de sain 1:2,4, soit 2,4:1 ; c'est bas selon la règle.)")
    if r <= 5:
        return "good", Text(en=f"CLV:CAC {v}:1 meets the 3:1 rule of thumb.",
                            fr=f"Le ratio CLV:CAC de {v}:1 respecte la règle des 3:1.")
    return "good", Text(
        en=f"CLV:CAC {v}:1 is well above 3:1 (article 003's case 3 went from 3.8:1 to 6.7:1); above 5:1 you may "
           "have room to spend more on growth.",
        fr=f"Le ratio CLV:CAC de {v}:1 dépasse largement 3:1 (le cas 3 de l'article 003 passe de 3,8:1 à 6,7:1) ; "
           "au-delà de 5:1, vous pouvez sans doute investir davantage dans la croissance.")


def payback_months(months: float, ctx: dict) -> Out:
    """Rule of thumb: CAC paid back within 12 months; beyond 18 months cash is tied up too long."""
    v = fmt(months, 1)
    if months <= 12:
        return "good", Text(en=f"CAC is paid back in {v} months, within the usual 12-month target.",
                            fr=f"Le CAC est remboursé en {v} mois, dans la cible usuelle de 12 mois.")
    if months <= 18:
        return "watch", Text(
            en=f"CAC is paid back in {v} months, beyond the usual 12-month target (article 003's case 2 cut it "
               "from 14 to 9 months with lead scoring and nurturing).",
            fr=f"Le CAC est remboursé en {v} mois, au-delà de la cible usuelle de 12 mois (le cas 2 de l'article "
               "003 l'a ramené de 14 à 9 mois avec le lead scoring et le nurturing).")
    return "alert", Text(en=f"CAC is paid back in {v} months: more than 18 months of cash tied up per customer.",
                         fr=f"Le CAC est remboursé en {v} mois : plus de 18 mois de trésorerie immobilisée par client.")


def cpl_target(cpl: float, ctx: dict) -> Out:
    """Article 004's action table: CPL < 3 € for a product search-ads campaign (an example target, in euros)."""
    if ctx.get("currency", "EUR") != "EUR":
        return None
    if cpl < 3:
        return "good", Text(en=f"CPL {fmt(cpl)} € is under the 3 € target of article 004's example action plan.",
                            fr=f"Le CPL de {fmt(cpl)} € est sous la cible de 3 € du plan d'action exemple de "
                               "l'article 004.")
    return "watch", Text(
        en=f"CPL {fmt(cpl)} € is above the < 3 € target of article 004's example (a B2C product search-ads "
           "campaign): set your own target per channel; B2B leads cost far more (50–80 € in article 003).",
        fr=f"Le CPL de {fmt(cpl)} € dépasse la cible < 3 € de l'exemple de l'article 004 (campagne SEA produit "
           "B2C) : fixez votre cible par canal ; un lead B2B coûte bien plus (50–80 € dans l'article 003).")
