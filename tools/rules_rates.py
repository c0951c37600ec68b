"""Health rules on rates: B2C conversion, retention, email opens, churn. Each returns (level, why) or None."""

from __future__ import annotations

from tools.base import Level, Text, fmt

Out = tuple[Level, Text] | None

# Monthly churn thresholds of the rule of thumb; other periods get the compounded equivalent,
# so a 2 %/month business is judged the same whether it reports monthly or yearly churn.
CHURN_MONTHLY_GOOD, CHURN_MONTHLY_WATCH = 2.0, 5.0
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}
PERIOD_WORDS = {"month": ("month", "mois"), "quarter": ("quarter", "trimestre"), "year": ("year", "an")}


def conversion_b2c(rate: float, ctx: dict) -> Out:
    """Article 000: in B2C a good conversion rate is often between 1 % and 5 %."""
    v = fmt(rate)
    if rate < 1:
        return "watch", Text(
            en=f"{v} % is below the 1–5 % usual in B2C (article 000): with good traffic, look at the offer, its "
               "clarity and reassurance.",
            fr=f"{v} % est sous la fourchette de 1 à 5 % habituelle en B2C (article 000) : avec un bon trafic, "
               "regardez l'offre, sa clarté et la réassurance.")
    if rate <= 5:
        return "good", Text(en=f"{v} % is within the 1–5 % usual in B2C (article 000).",
                            fr=f"{v} % est dans la fourchette de 1 à 5 % habituelle en B2C (article 000).")
    return "good", Text(
        en=f"{v} % is above the 1–5 % usual in B2C (article 000): good; check conversions are counted the usual way.",
        fr=f"{v} % dépasse la fourchette de 1 à 5 % habituelle en B2C (article 000) : bien ; vérifiez que les "
           "conversions sont comptées de la façon habituelle.")


def retention_b2b(rate: float, ctx: dict) -> Out:
    """Article 003: retention 85 % as the example, 95 % for clients with personalised onboarding."""
    v = fmt(rate)
    if rate >= 95:
        return "good", Text(
            en=f"{v} % matches the 95 % article 003 reports for clients given a personalised onboarding.",
            fr=f"{v} % atteint les 95 % que l'article 003 rapporte pour les clients avec onboarding personnalisé.")
    if rate >= 85:
        return "good", Text(
            en=f"{v} % is at or above article 003's 85 % example; personalised onboarding reached 95 % there.",
            fr=f"{v} % atteint l'exemple de 85 % de l'article 003 ; l'onboarding personnalisé y atteint 95 %.")
    return "watch", Text(
        en=f"{v} % is below article 003's 85 % B2B example: look at support, onboarding and churn reasons.",
        fr=f"{v} % est sous l'exemple B2B de 85 % de l'article 003 : regardez le support, l'onboarding et les "
           "raisons du churn.")


def email_open(rate: float, ctx: dict) -> Out:
    """Article 004's action table: open rate target above 25 % (re-engagement emailing)."""
    v = fmt(rate)
    if rate > 25:
        return "good", Text(en=f"{v} % beats the > 25 % open-rate target of article 004's action plan.",
                            fr=f"{v} % dépasse la cible de plus de 25 % d'ouverture du plan d'action de l'article 004.")
    return "watch", Text(
        en=f"{v} % is not above the > 25 % open-rate target of article 004's action plan: test subject lines, "
           "sending times and list hygiene.",
        fr=f"{v} % n'atteint pas la cible de plus de 25 % d'ouverture de l'article 004 : testez les objets, les "
           "horaires d'envoi et nettoyez la liste.")


def _compounded(monthly_pct: float, months: int) -> float:
    return (1 - (1 - monthly_pct / 100) ** months) * 100


def churn_thresholds(period: str) -> tuple[float, float]:
    """(good, watch) churn limits in % for a period, compounded from the monthly rule of thumb."""
    m = MONTHS_IN[period]
    return _compounded(CHURN_MONTHLY_GOOD, m), _compounded(CHURN_MONTHLY_WATCH, m)


def churn_rule(churn: float, ctx: dict) -> Out:
    """Rule of thumb for subscriptions: monthly churn under 2 % is good, above 5 % is alarming."""
    period = ctx.get("period")
    if period not in MONTHS_IN:
        return None
    good, watch = churn_thresholds(period)
    en_p, fr_p = PERIOD_WORDS[period]
    v, g, w = fmt(churn), fmt(good, 1), fmt(watch, 1)
    if churn <= good:
        return "good", Text(en=f"{v} % per {en_p} is within the usual ≤ {g} % (2 % a month).",
                            fr=f"{v} % par {fr_p} reste dans l'usuel ≤ {g} % (2 % par mois).")
    if churn <= watch:
        return "watch", Text(en=f"{v} % per {en_p} is above {g} % (2 % a month) but within {w} % (5 % a month).",
                             fr=f"{v} % par {fr_p} dépasse {g} % (2 % par mois) mais reste sous {w} % (5 % par mois).")
    return "alert", Text(en=f"{v} % per {en_p} is above {w} % (5 % a month): customers leave faster than is usual.",
                         fr=f"{v} % par {fr_p} dépasse {w} % (5 % par mois) : les clients partent plus vite que "
                            "l'usuel.")
