"""Health rules on retention, B2B and B2C. Each returns (level, why) or None.

B2B: article 003's example, 85 % retention and 95 % for clients given a personalised onboarding.
B2C: the articles give no figure, only a direction (article 000: usually lower for B2C products, higher for B2C
services or subscriptions). The levels come from a labelled rule of thumb on the share of customers who buy again
in online stores (the same formula as article 000's retention: returning ÷ all customers); the verdict says so.
"""

from __future__ import annotations

from tools.base import Text
from tools.rules_text import Out, say

B2B_EXAMPLE, B2B_ONBOARDING = 85.0, 95.0
# The rule of thumb's figures (tools.sources.RULE_OF_THUMB_REPEAT_B2C): lowest niche average, overall average.
B2C_LOWEST_NICHE, B2C_AVERAGE = 21.0, 28.0

DIRECTION = Text(
    en="The articles give no B2C retention figure, only a direction: article 000 says it is usually lower for B2C "
       "products and higher for B2C services or subscriptions.",
    fr="Les articles ne donnent pas de chiffre de rétention en B2C, seulement une tendance : l'article 000 la dit "
       "souvent plus basse en B2C produits et plus haute en B2C services ou abonnements.")

# Said with a B2C retention rate that gets no verdict (a service or subscription above the product stores' average,
# or a retention measured over a period, which the rule of thumb does not cover).
B2C_RETENTION_NOTE = Text(
    en=DIRECTION.en + " With no figure for your case, compare with your own history.",
    fr=DIRECTION.fr + " Faute de chiffre pour votre cas, comparez avec votre propre historique.")


def _b2b(rate: float, formula_note: Text | None) -> Out:
    extra_en, extra_fr = (" " + formula_note.en, " " + formula_note.fr) if formula_note else ("", "")
    if rate >= B2B_ONBOARDING:
        return say("good",
                   "{v} % matches the 95 % article 003 reports for B2B clients given a personalised onboarding."
                   + extra_en,
                   "{v} % atteint les 95 % que l'article 003 rapporte pour les clients B2B avec un onboarding "
                   "personnalisé." + extra_fr, v=rate)
    if rate >= B2B_EXAMPLE:
        return say("good",
                   "{v} % is at or above the 85 % of article 003's B2B example (95 % with a personalised "
                   "onboarding)." + extra_en,
                   "{v} % atteint les 85 % de l'exemple B2B de l'article 003 (95 % avec un onboarding "
                   "personnalisé)." + extra_fr, v=rate)
    return say("watch",
               "{v} % is below the 85 % of article 003's B2B example: look at support, onboarding and why customers "
               "leave (the article's recommended actions and its onboarding case)." + extra_en,
               "{v} % est sous les 85 % de l'exemple B2B de l'article 003 : regardez le support, l'onboarding et "
               "les raisons des départs (les actions que l'article recommande et son cas d'onboarding)." + extra_fr,
               v=rate)


_OTHER_FORMULA = Text(
    en="Article 003 measures it as (customers at the end − new customers) ÷ customers at the start; returning ÷ all "
       "customers also counts this period's new customers, so it can read lower.",
    fr="L'article 003 la mesure comme (clients en fin de période − nouveaux clients) ÷ clients en début de période ; "
       "clients revenus ÷ tous les clients compte aussi les nouveaux clients de la période, et peut donc être plus "
       "bas.")


def retention_b2b_over_period(rate: float, ctx: dict) -> Out:
    """Article 003's formula and example: 85 %, 95 % with a personalised onboarding."""
    return _b2b(rate, None)


def retention_b2b_returning(rate: float, ctx: dict) -> Out:
    """Article 003's example, for a rate measured as returning ÷ all customers (said in the verdict)."""
    return _b2b(rate, _OTHER_FORMULA)


def retention_b2c_repeat(rate: float, ctx: dict) -> Out:
    """B2C: the articles' direction, and the online stores' rule of thumb (21 % lowest niche, 28 % on average)."""
    segment = ctx.get("segment") or "B2C"
    direction = {"v": rate, "d_en": DIRECTION.en, "d_fr": DIRECTION.fr}
    if segment in ("B2C service", "B2C subscription"):
        if rate >= B2C_AVERAGE:
            return None  # above what product stores reach: no figure says whether it is enough for a service
        return say(
            "watch",
            "{v} % of customers came back: below even the 28 % average of online product stores (a rule of thumb, "
            "not an article figure), while B2C services and subscriptions usually keep more customers than "
            "products. {d_en} Look at why customers do not come back.",
            "{v} % des clients sont revenus : c'est sous la moyenne de 28 % des boutiques en ligne de produits (une "
            "règle empirique, pas un chiffre des articles), alors que les services et abonnements B2C gardent "
            "d'habitude plus de clients que les produits. {d_fr} Cherchez pourquoi les clients ne reviennent pas.",
            **direction)
    if rate < B2C_LOWEST_NICHE:
        return say(
            "watch",
            "{v} % of customers came back: below 21 %, the lowest niche average among online stores (a rule of "
            "thumb, not an article figure). {d_en} Work on the second purchase: follow-ups, email sequences, "
            "upsell (the levers article 000 names).",
            "{v} % des clients sont revenus : c'est sous 21 %, la plus basse moyenne par niche des boutiques en "
            "ligne (une règle empirique, pas un chiffre des articles). {d_fr} Travaillez le deuxième achat : "
            "relances, séquences d'emails, upsell (les leviers que cite l'article 000).",
            **direction)
    if rate < B2C_AVERAGE:
        return say(
            "good",
            "{v} % of customers came back: within the usual range of online stores (21 % to 36 % by niche) but "
            "below their 28 % average (a rule of thumb, not an article figure). {d_en}",
            "{v} % des clients sont revenus : c'est dans la fourchette habituelle des boutiques en ligne (21 % à "
            "36 % selon la niche), mais sous leur moyenne de 28 % (une règle empirique, pas un chiffre des "
            "articles). {d_fr}",
            **direction)
    unsaid = segment == "B2C"  # product or service not said: the direction matters
    return say(
        "good",
        "{v} % of customers came back: at or above the 28 % average of online stores (a rule of thumb, not an "
        "article figure). {d_en}" + (" For a service or a subscription, aim higher." if unsaid else ""),
        "{v} % des clients sont revenus : c'est au niveau ou au-dessus de la moyenne de 28 % des boutiques en ligne "
        "(une règle empirique, pas un chiffre des articles). {d_fr}"
        + (" Pour un service ou un abonnement, visez plus haut." if unsaid else ""),
        **direction)
