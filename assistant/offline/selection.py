"""The chat's side of the KPI selection: the shared `assistant.selection` (the plan wizard uses the same), read from
the user's words. `read_situation` and `choose_kpis` keep the signatures the offline engine was written against."""

from __future__ import annotations

from collections.abc import Callable

from assistant.selection import STAGES, Profile, Selection, choose, entry_hit, read_profile
from assistant.selection.profile import rules
from knowledge.types import Hit

Situation = Profile  # what the user told about their business (objective, model, market, maturity, data, channels)


def read_situation(norm: str) -> Situation:
    """Business model, market, objective, maturity, data and channels from the question, normalised by
    `knowledge.language.normalize` (pass the user's words, not the reader's typo-corrected text, which turns
    'pas de CRM' into a zero and 'consultant' into 'constant')."""
    return read_profile(norm)


def used_entries(sel: Selection, lang: str) -> list[Hit]:
    """The knowledge entries behind a selection: the business model's, the objective's, each KPI's."""
    r = rules()
    ids = [r["models"][sel.profile.business]["entry"]]
    if sel.profile.objective:
        ids.append(r["objectives"][sel.profile.objective]["entry"])
    ids += [pk.kpi.entry for pk in sel.picks]
    hits = [entry_hit(i, lang) for i in dict.fromkeys(ids)]
    return [h for h in hits if h is not None]


def choose_kpis(search: Callable[..., list[Hit]] | None, s: Situation, lang: str,
                size: int | None = None) -> tuple[list[tuple[str, str]], list[Hit]]:
    """[(kpi, stage)] covering the funnel (5 to 7 of them, or `size`) and the knowledge entries behind the choice.

    `search` is no longer needed (the choice reads the KPI declarations and the selection rules, and cites the
    curated entries directly); it stays in the signature for callers written against the retrieval-driven version.
    """
    sel = choose(s, size)
    return [(pk.id, pk.stage) for pk in sel.picks], used_entries(sel, lang)


__all__ = ["STAGES", "Situation", "choose_kpis", "read_situation", "used_entries"]
