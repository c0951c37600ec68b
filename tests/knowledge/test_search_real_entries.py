"""Integration: the real curated entries, indexed on tmp_path, answer the questions users actually ask."""

from __future__ import annotations

import pytest

from knowledge.build import build_index, open_knowledge_base, read_entries


@pytest.mark.slow
def test_real_entries_index_fully_and_answer_a_cac_question(settings):
    entries = read_entries()
    kb = open_knowledge_base(settings)
    assert kb.entry_ids() == sorted(e.id for e in entries)
    assert kb.store.count() == 2 * len(entries)

    hits = kb.search("is my customer acquisition cost too high?", k=5, lang="en")
    assert any(h.id.startswith("kpi-customer_acquisition_cost") for h in hits), [h.id for h in hits]
    french = kb.search("qu'est-ce qu'une métrique de vanité ?", k=3, lang="fr")
    assert "concept-vanity-metrics" in [h.id for h in french]
    assert all(h.source for h in hits + french)

    _, again = build_index(settings)  # up to date: nothing re-embedded
    assert (again.seen, again.embedded, again.deleted) == (len(entries), 0, 0)
