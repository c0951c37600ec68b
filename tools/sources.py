"""Citations for the five source articles and the named rules of thumb, shared by verdicts and knowledge."""

import re

ARTICLES = {
    "000": {
        "title": "5 KPI Marketing indispensables pour savoir si tu es dans la bonne direction",
        "file": "000_103a419b59e5a0cc.txt",
    },
    "001": {
        "title": "Les 5 KPI marketing essentiels à suivre quand on dirige une PME",
        "file": "001_216a460caf1b5b12.txt",
    },
    "002": {
        "title": "Les indicateurs clés de performance (KPI) en marketing : guide pour les PME",
        "file": "002_bd8c35709bd43c3a.txt",
    },
    "003": {"title": "KPI marketing B2B : Les 10 indicateurs essentiels", "file": "003_9ba33ac6bf34be3b.txt"},
    "004": {"title": "Plan d'action marketing KPI-driven", "file": "004_ff5f870c957fbca4.txt"},
}


def cite(*articles: str) -> str:
    """'Title (file)' for an article key such as '000'; several keys are joined with '; '."""
    return "; ".join(f"{ARTICLES[a]['title']} ({ARTICLES[a]['file']})" for a in articles)


# Rules of thumb: figures that are NOT in the five articles, each named with where it comes from. They are shown to
# users as a verdict's source, so each says plainly that it is a rule of thumb and what it was measured on.
RULE_OF_THUMB_3_TO_1 = ("Rule of thumb: CLV:CAC of at least 3:1, CLV counted on gross margin (David Skok, "
                        "'SaaS Metrics 2.0'; a SaaS benchmark, not in the source articles)")
RULE_OF_THUMB_PAYBACK = ("Rule of thumb: CAC paid back within 12 months (David Skok, 'SaaS Metrics 2.0'); "
                         "beyond 18 months is commonly treated as alarming (not in the source articles)")
RULE_OF_THUMB_CHURN = ("Rule of thumb: monthly churn under 2 % good, above 5 % alarming (a common benchmark for "
                       "subscription software; consumer subscriptions usually churn faster; not in the source "
                       "articles)")
RULE_OF_THUMB_REPEAT_B2C = ("Rule of thumb: online stores see about 28 % of their customers buy again on average, "
                            "21 % to 36 % depending on the niche (Metrilo's survey of e-commerce stores; not in the "
                            "source articles)")

# The same rules of thumb in French, for French answers (the English text is the verdict's `source` in the contract).
RULES_OF_THUMB_FR = {
    RULE_OF_THUMB_3_TO_1: ("Règle empirique : CLV:CAC d'au moins 3:1, CLV comptée sur la marge brute (David Skok, "
                           "« SaaS Metrics 2.0 » ; une référence SaaS, absente des articles sources)"),
    RULE_OF_THUMB_PAYBACK: ("Règle empirique : CAC récupéré en 12 mois au plus (David Skok, « SaaS Metrics 2.0 ») ; "
                            "au-delà de 18 mois, c'est couramment jugé alarmant (règle absente des articles sources)"),
    RULE_OF_THUMB_CHURN: ("Règle empirique : churn mensuel sous 2 % bon, au-dessus de 5 % alarmant (une référence "
                          "courante pour les logiciels par abonnement ; les abonnements grand public perdent "
                          "généralement leurs clients plus vite ; absente des articles sources)"),
    RULE_OF_THUMB_REPEAT_B2C: ("Règle empirique : en moyenne 28 % des clients d'une boutique en ligne rachètent, "
                               "de 21 % à 36 % selon la niche (enquête de Metrilo auprès de sites e-commerce ; "
                               "absente des articles sources)"),
}
NO_SOURCE_ARTICLE = "Standard marketing definition (no source article)"
_NO_SOURCE_ARTICLE_FR = "Définition marketing courante (hors articles sources)"
_FILE = re.compile(r"\s*\(\d{3}_[0-9a-f]+\.txt\)")


def source_text(source: str, lang: str) -> str:
    """A source as the reader sees it: the article's title (no file name), a rule of thumb in their language."""
    if lang == "fr":
        for en, fr in RULES_OF_THUMB_FR.items():
            source = source.replace(en, fr)
        source = source.replace(NO_SOURCE_ARTICLE, _NO_SOURCE_ARTICLE_FR)
    return _FILE.sub("", source)
