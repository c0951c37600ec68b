"""The chat's KPI selection, asked as users would, in French and English: one list per business, a line on why each
KPI matters for it, each cited; what a CRM would add; vanity metrics only when asked."""

from __future__ import annotations

import re

import pytest

from assistant.selection.answer import entry_hit

BULLET = re.compile(r"^- \*\*(.+?)\*\* \((.+?)\) — (.+) \[(\d+)\]$")


def bullets(answer: str) -> list[tuple[str, str, str, int]]:
    return [(m.group(1), m.group(2), m.group(3), int(m.group(4)))
            for m in (BULLET.match(line) for line in answer.splitlines()) if m]


CASES = [
    ("Quels KPI suivre pour mon restaurant ?", "fr",
     ["Portée", "Taux d'engagement social", "Panier moyen", "ROI marketing", "Taux de réachat",
      "Valeur vie client (simple)"], "select-model-local"),
    ("Which KPIs should I track for my restaurant?", "en",
     ["Reach", "Social engagement rate", "Average order value", "Marketing ROI", "Repeat-purchase rate",
      "Customer lifetime value (simple)"], "select-model-local"),
    ("Which KPIs should a B2B services SME without a CRM track?", "en",
     ["Organic traffic", "Social engagement rate", "Customer acquisition cost (CAC)", "Cost per lead (CPL)",
      "Conversion rate", "Retention rate"], "select-model-services"),
    ("Quels KPI pour une PME de services B2B sans CRM ?", "fr",
     ["Trafic organique", "Taux d'engagement social", "Coût d'acquisition client (CAC)", "Coût par lead (CPL)",
      "Taux de conversion", "Taux de rétention"], "select-model-services"),
    ("Je lance ma boutique en ligne, quels KPI suivre ?", "fr",
     ["Trafic organique", "Taux de clic (CTR)", "Coût d'acquisition client (CAC)", "Taux de conversion",
      "Panier moyen", "Retour sur dépenses pub (ROAS)", "Taux de réachat"], "select-model-online-shop"),
    ("I'm launching my online shop, which KPIs should I follow?", "en",
     ["Organic traffic", "Click-through rate (CTR)", "Customer acquisition cost (CAC)", "Conversion rate",
      "Average order value", "Return on ad spend (ROAS)", "Repeat-purchase rate"], "select-model-online-shop"),
    ("We are a SaaS with a churn problem. Which KPIs should we track?", "en",
     ["Organic traffic", "Email click rate", "Conversion rate", "Churn rate",
      "Customer lifetime value (margin and churn)", "CAC payback period"], "select-model-saas"),
    ("Nous sommes un SaaS et notre churn explose, quels KPI suivre ?", "fr",
     ["Trafic organique", "Taux de clic des emails", "Taux de conversion", "Taux de churn (attrition)",
      "Valeur vie client (marge et churn)", "Délai de récupération du CAC"], "select-model-saas"),
    ("We're an industrial B2B manufacturer selling mostly at trade shows and we want to grow. Which KPIs?", "en",
     ["Organic traffic", "Content downloads", "Marketing contribution to pipeline", "Cost per lead (CPL)",
      "MQL to SQL rate", "Customer acquisition cost (CAC)", "Customer lifetime value (B2B, net of CAC)"],
     "select-model-industry"),
    ("PME industrielle B2B, on vend surtout sur les salons professionnels, on veut croître : quels KPI suivre ?",
     "fr", ["Trafic organique", "Téléchargements de contenus", "Contribution marketing au pipeline",
            "Coût par lead (CPL)", "Taux MQL→SQL", "Coût d'acquisition client (CAC)", "Valeur vie client (B2B, nette)"],
     "select-model-industry"),
]


@pytest.mark.parametrize(("question", "lang", "titles", "model_entry"), CASES)
def test_each_business_gets_its_list_with_a_cited_line_on_why_in_its_language(engine, session, retriever, question,
                                                                               lang, titles, model_entry):
    r = engine.answer(question, session)
    assert r.language == lang and session.state["offline"]["last_intent"] == "select"
    got = bullets(r.answer)
    assert [b[0] for b in got] == titles
    ids = [s.id for s in r.sources]
    assert ids[0] == model_entry
    for title, _stage, why, n in got:
        assert len(why) > 40 and why != title
        assert retriever.get(ids[n - 1]) is not None  # every line cites a curated entry


def test_the_why_lines_are_written_for_the_business_not_the_kpi_definition(engine, session):
    from assistant.session import Session

    shop = dict((b[0], b[2]) for b in bullets(engine.answer("Which KPIs for my online shop?", session).answer))
    firm = dict((b[0], b[2]) for b in bullets(engine.answer("Which KPIs for my B2B services firm?", Session()).answer))
    cac = "Customer acquisition cost (CAC)"
    assert shop[cac].startswith("What a first order costs you") and firm[cac].startswith("Marketing spend plus")


def test_a_b2b_company_without_a_crm_is_told_what_a_crm_would_add(engine, session):
    r = engine.answer("Quels KPI pour une PME de services B2B sans CRM ?", session)
    assert "Sans CRM, cette liste s'en tient à ce que vous pouvez mesurer aujourd'hui" in r.answer
    assert "ajouterait : Taux MQL→SQL, Contribution marketing au pipeline, Valeur vie client (B2B, nette)" in r.answer
    assert "select-by-available-data" in [s.id for s in r.sources]


def test_vanity_metrics_come_only_when_asked_for(engine, session):
    from assistant.session import Session

    plain = engine.answer("Which KPIs for my restaurant? We post a lot on Instagram.", session)
    assert "**Followers**" not in plain.answer
    assert "Left out on purpose: followers, likes and page views" in plain.answer
    asked = engine.answer("Which KPIs for my restaurant? I also want to track my Instagram followers.", Session())
    assert "- **Followers** (awareness) — Context, not a KPI" in asked.answer
    assert "Followers is a vanity metric: kept because you asked for it" in asked.answer


def test_an_asked_number_of_kpis_is_given(engine, session):
    r = engine.answer("What 5 KPIs should I follow for my online shop?", session)
    assert len(bullets(r.answer)) == 5


def test_the_answer_asks_only_for_what_the_user_did_not_say(engine, session):
    r = engine.answer("Quels KPI pour ma boutique en ligne ? On veut croître, on a démarré l'an dernier, "
                      "sans CRM, on fait du Google Ads.", session)
    assert "Précisez" not in r.answer
    r2 = engine.answer("Quels KPI suivre ?", session)
    assert "Précisez votre modèle d'activité (boutique en ligne, SaaS, services" in r2.answer


def test_every_model_entry_exists_for_the_citation():
    for entry in ("select-model-online-shop", "select-model-saas", "select-model-services", "select-model-local",
                  "select-model-industry"):
        assert entry_hit(entry, "fr") is not None
