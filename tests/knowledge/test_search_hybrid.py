"""Hybrid search on a small corpus: the asked language, metadata filters, one hit per entry, bad queries refused."""

from __future__ import annotations

import pytest
import yaml

from assistant.config import Settings
from knowledge.build import open_knowledge_base
from knowledge.errors import QueryError
from knowledge.types import Hit

SOURCE = [{"title": "KPI marketing B2B : Les 10 indicateurs essentiels", "file": "003_9ba33ac6bf34be3b.txt"}]
CORPUS = [
    {"id": "cac", "kind": "definition", "kpis": ["customer_acquisition_cost"], "funnel_stage": ["conversion"],
     "objective": ["growth", "profitability"], "maturity": ["starting"],
     "title": {"fr": "Coût d'acquisition client", "en": "Customer acquisition cost"},
     "text": {"fr": "Le coût d'acquisition client est la dépense marketing divisée par les nouveaux clients.",
              "en": "Customer acquisition cost is the marketing spend divided by the new customers."}},
    {"id": "churn", "kind": "definition", "kpis": ["churn_rate"], "funnel_stage": ["loyalty"],
     "objective": ["retention"], "maturity": ["established"], "segment": "B2C",
     "title": {"fr": "Taux d'attrition", "en": "Churn rate"},
     "text": {"fr": "La part des clients perdus pendant la période, sur les clients du début.",
              "en": "The share of customers lost during the period, out of those at the start."}},
    {"id": "vanity", "kind": "pitfall", "funnel_stage": ["awareness"], "objective": ["awareness"],
     "maturity": ["starting"],
     "title": {"fr": "Les métriques de vanité", "en": "Vanity metrics"},
     "text": {"fr": "Les abonnés et les mentions j'aime flattent mais ne disent rien des ventes.",
              "en": "Followers and likes flatter you but say nothing about sales."}},
    {"id": "smart", "kind": "method", "objective": ["growth"], "maturity": ["starting", "established"],
     "title": {"fr": "Des objectifs SMART", "en": "SMART objectives"},
     "text": {"fr": "Un objectif spécifique, mesurable, atteignable, réaliste et daté.",
              "en": "An objective that is specific, measurable, achievable, realistic and time-bound."}},
    {"id": "b2b-case", "kind": "case", "kpis": ["mql_to_sql_rate", "customer_acquisition_cost"],
     "funnel_stage": ["consideration"], "objective": ["growth"], "maturity": ["advanced"], "segment": "B2B",
     "title": {"fr": "Cas d'un éditeur SaaS B2B", "en": "A B2B SaaS vendor's case"},
     "text": {"fr": "Le passage de MQL à SQL est monté de 18 % à 31 % en six mois.",
              "en": "The MQL to SQL rate rose from 18 % to 31 % in six months."}},
    {"id": "roi", "kind": "formula", "kpis": ["marketing_roi"], "objective": ["profitability"],
     "title": {"fr": "Le ROI marketing", "en": "Marketing ROI"},
     "text": {"fr": "ROI = (revenus - coût) / coût × 100.", "en": "ROI = (revenue - cost) / cost × 100."}},
]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    entries = root / "entries"
    entries.mkdir()
    for entry in CORPUS:
        data = {**entry, "sources": SOURCE}
        (entries / f"{entry['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return open_knowledge_base(Settings(data_dir=root / "data", _env_file=None), entries)


def ids(hits: list[Hit]) -> list[str]:
    return [h.id for h in hits]


def test_hit_carries_the_entry_in_the_asked_language_with_its_citation(kb):
    top = kb.search("métriques de vanité", k=1, lang="en")[0]
    assert (top.id, top.title, top.kind, top.kpis) == ("vanity", "Vanity metrics", "pitfall", [])
    assert top.text == "Followers and likes flatter you but say nothing about sales."
    assert top.source == "KPI marketing B2B : Les 10 indicateurs essentiels (003_9ba33ac6bf34be3b.txt)"
    assert kb.search("vanity metrics", k=1, lang="fr")[0].title == "Les métriques de vanité"


def test_each_entry_comes_back_once_and_scores_decrease(kb):
    hits = kb.search("customer acquisition cost", k=10, lang="en")
    assert sorted(ids(hits)) == sorted(e["id"] for e in CORPUS)  # French and English records merged per entry
    assert ids(hits)[0] == "cac"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(("filters", "expected"), [
    ({"kpi": "customer_acquisition_cost"}, {"cac", "b2b-case"}),
    ({"funnel_stage": "loyalty"}, {"churn"}),
    ({"objective": "growth"}, {"cac", "smart", "b2b-case"}),
    ({"maturity": "advanced"}, {"b2b-case"}),
    ({"kind": "pitfall"}, {"vanity"}),
    ({"kpi": "customer_acquisition_cost", "maturity": "starting"}, {"cac"}),
    ({"kpi": "lead_score"}, set()),
])
def test_metadata_filters_keep_only_matching_entries(kb, filters, expected):
    for mode in ("hybrid", "dense", "lexical"):
        hits = kb.search("customer acquisition cost and churn", k=10, lang="en", mode=mode, **filters)
        assert set(ids(hits)) <= expected, mode
    assert set(ids(kb.search("customer acquisition cost and churn", k=10, lang="en", **filters))) == expected


def test_lexical_side_folds_accents_and_corrects_typos(kb):
    assert ids(kb.search("cout d'acquisition", k=1, mode="lexical")) == ["cac"]
    assert ids(kb.search("chrun rate", k=1, mode="lexical")) == ["churn"]  # swapped letters
    assert ids(kb.search("vanitty metrics", k=1, mode="lexical")) == ["vanity"]


def test_glossary_lets_a_french_phrase_find_an_acronym(kb):
    # "retour sur investissement" appears nowhere in the corpus; the FR/EN glossary maps it to "ROI".
    assert ids(kb.search("retour sur investissement", k=1, mode="lexical")) == ["roi"]


def test_an_english_question_finds_the_entry_by_meaning_alone(kb):
    assert ids(kb.search("how many customers did we lose", k=1, mode="dense")) == ["churn"]


def test_get_returns_one_entry_in_the_asked_language(kb):
    assert kb.get("churn", "fr").title == "Taux d'attrition"
    assert kb.get("churn", "en").text == "The share of customers lost during the period, out of those at the start."
    assert kb.get("no-such-entry") is None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"query": "   "}, "query must not be empty"),
    ({"query": "x" * 10_000}, "query must be shorter than 10000 characters; got 10000"),
    ({"query": "churn", "lang": "de"}, "lang must be 'fr' or 'en'; got 'de'"),
    ({"query": "churn", "k": 0}, "k must be between 1 and 50; got 0"),
    ({"query": "churn", "funnel_stage": "middle"},
     "funnel_stage must be one of awareness, consideration, conversion, loyalty; got 'middle'"),
    ({"query": "churn", "maturity": "expert"}, "maturity must be one of starting, established, advanced; got 'expert'"),
    ({"query": "churn", "mode": "fuzzy"}, "mode must be one of hybrid, dense, lexical; got 'fuzzy'"),
])
def test_bad_queries_are_refused_with_one_clear_message(kb, kwargs, message):
    with pytest.raises(QueryError) as caught:
        kb.search(**kwargs)
    assert str(caught.value) == message


def test_concurrent_searches_from_threads_give_the_sequential_answers(kb):
    from concurrent.futures import ThreadPoolExecutor

    queries = ["taux d'attrition", "customer acquisition cost", "objectifs SMART", "vanitty metrics", "ROI"] * 8
    expected = [ids(kb.search(q, k=3)) for q in queries]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda q: ids(kb.search(q, k=3)), queries))
    assert got == expected
