"""Health rules on rates: B2C conversion, email opens, churn. Each returns (level, why) or None."""

from __future__ import annotations

from tools.rules_text import Out, say

# Monthly churn thresholds of the rule of thumb; other periods get the compounded equivalent,
# so a 2 %/month business is judged the same whether it reports monthly or yearly churn.
CHURN_MONTHLY_GOOD, CHURN_MONTHLY_WATCH = 2.0, 5.0
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}
PERIOD_WORDS = {"month": ("month", "mois"), "quarter": ("quarter", "trimestre"), "year": ("year", "an")}


def conversion_b2c(rate: float, ctx: dict) -> Out:
    """Article 000: in B2C a good conversion rate is often between 1 % and 5 %."""
    if rate < 1:
        return say(
            "watch",
            "{v} % is below the 1–5 % usual in B2C (article 000): with good traffic, look at the offer, its clarity "
            "and reassurance.",
            "{v} % est sous la fourchette de 1 à 5 % habituelle en B2C (article 000) : avec un bon trafic, regardez "
            "l'offre, sa clarté et la réassurance.", v=rate)
    if rate <= 5:
        return say("good", "{v} % is within the 1–5 % usual in B2C (article 000).",
                   "{v} % est dans la fourchette de 1 à 5 % habituelle en B2C (article 000).", v=rate)
    return say(
        "good",
        "{v} % is above the 1–5 % usual in B2C (article 000): good; check conversions are counted the usual way.",
        "{v} % dépasse la fourchette de 1 à 5 % habituelle en B2C (article 000) : bien ; vérifiez que les "
        "conversions sont comptées de la façon habituelle.", v=rate)


def email_open(rate: float, ctx: dict) -> Out:
    """Article 004's action table: open rate above 25 % for a re-engagement email to contacts inactive for 90 days."""
    if rate > 25:
        return say(
            "good",
            "{v} % beats the > 25 % open-rate target of article 004's action plan (its example: re-engaging contacts "
            "inactive for 90 days).",
            "{v} % dépasse la cible de plus de 25 % d'ouverture du plan d'action de l'article 004 (son exemple : "
            "réactiver les contacts inactifs depuis 90 jours).", v=rate)
    return say(
        "watch",
        "{v} % is not above the > 25 % open-rate target of article 004's action plan (its example: re-engaging "
        "contacts inactive for 90 days): test subject lines, sending times and list hygiene.",
        "{v} % n'atteint pas la cible de plus de 25 % d'ouverture du plan d'action de l'article 004 (son exemple : "
        "réactiver les contacts inactifs depuis 90 jours) : testez les objets, les horaires d'envoi et nettoyez la "
        "liste.", v=rate)


def _compounded(monthly_pct: float, months: int) -> float:
    return (1 - (1 - monthly_pct / 100) ** months) * 100


def churn_thresholds(period: str) -> tuple[float, float]:
    """(good, watch) churn limits in % for a period, compounded from the monthly rule of thumb."""
    m = MONTHS_IN[period]
    return _compounded(CHURN_MONTHLY_GOOD, m), _compounded(CHURN_MONTHLY_WATCH, m)


def churn_rule(churn: float, ctx: dict) -> Out:
    """Rule of thumb for subscription software: monthly churn under 2 % is good, above 5 % is alarming."""
    period = ctx.get("period")
    if period not in MONTHS_IN:
        return None
    good, watch = churn_thresholds(period)
    en_p, fr_p = PERIOD_WORDS[period]
    numbers = {"v": churn, "g": round(good, 1), "w": round(watch, 1), "en_p": en_p, "fr_p": fr_p}
    if churn <= good:
        return say("good", "{v} % per {en_p} is within the usual ≤ {g} % (2 % a month).",
                   "{v} % par {fr_p} reste dans l'usuel ≤ {g} % (2 % par mois).", **numbers)
    if churn <= watch:
        return say("watch", "{v} % per {en_p} is above {g} % (2 % a month) but within {w} % (5 % a month).",
                   "{v} % par {fr_p} dépasse {g} % (2 % par mois) mais reste sous {w} % (5 % par mois).", **numbers)
    return say("alert", "{v} % per {en_p} is above {w} % (5 % a month): customers leave faster than is usual for "
                        "subscription software.",
               "{v} % par {fr_p} dépasse {w} % (5 % par mois) : les clients partent plus vite que l'usuel pour un "
               "logiciel par abonnement.", **numbers)
