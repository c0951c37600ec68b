"""Citations for the five source articles and the named rules of thumb, shared by verdicts and knowledge."""

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


def cite(article: str) -> str:
    """'Title (file)' for an article key such as '000'."""
    a = ARTICLES[article]
    return f"{a['title']} ({a['file']})"


RULE_OF_THUMB_3_TO_1 = "Rule of thumb: CLV:CAC of at least 3:1 (widely used SaaS/e-commerce benchmark)"
RULE_OF_THUMB_PAYBACK = ("Rule of thumb: CAC payback within 12 months, beyond 18 months alarming "
                         "(widely used SaaS benchmark)")
RULE_OF_THUMB_CHURN = ("Rule of thumb: churn under 2 % a month good, above 5 % a month alarming "
                       "(widely used subscription/SaaS benchmark)")
