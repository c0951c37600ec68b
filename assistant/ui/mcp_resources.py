"""The knowledge entries as MCP resources: an index at kpi://knowledge and each entry at
kpi://knowledge/{lang}/{entry_id}, in Markdown with its citation (Gradio serves a resource through `gr.api`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import gradio as gr

INDEX_URI = "kpi://knowledge"
ENTRY_URI = "kpi://knowledge/{lang}/{entry_id}"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,120}$")


def _curated_ids(retriever: Any) -> list[str]:
    return sorted({r.entry_id for r in retriever.records if getattr(r, "origin", "curated") == "curated"})


def entry_markdown(retriever: Any, lang: str, entry_id: str) -> str | None:
    """One entry in `lang` as Markdown (title, text, citation, kind, KPIs), or None when there is no such entry."""
    if lang not in ("en", "fr") or not _ID.match(entry_id or ""):
        return None
    hit = retriever.get(entry_id, lang)
    if hit is None:
        return None
    words = {"en": ("Source", "Kind", "KPIs", "In French"), "fr": ("Source", "Type", "KPI", "En anglais")}[lang]
    other = "fr" if lang == "en" else "en"
    lines = [f"# {hit.title}", "", hit.text, "", f"*{words[0]}: {hit.source}*", "",
             f"{words[1]}: {hit.kind or '—'} · {words[2]}: {', '.join(hit.kpis) or '—'} · "
             f"{words[3]}: {ENTRY_URI.format(lang=other, entry_id=entry_id)}"]
    return "\n".join(lines)


def index_markdown(retriever: Any) -> str:
    """Every curated entry: id, English and French titles, kind and the URI to read it."""
    lines = ["# Marketing KPI knowledge base / Base de connaissances KPI marketing", "",
             f"Read an entry at `{ENTRY_URI}` (lang: en or fr). / Lire une fiche : `{ENTRY_URI}`.", ""]
    for entry_id in _curated_ids(retriever):
        en, fr = retriever.get(entry_id, "en"), retriever.get(entry_id, "fr")
        if en is None:
            continue
        kpis = f"; {', '.join(en.kpis)}" if en.kpis else ""
        lines.append(f"- `{entry_id}` — {en.title} / {fr.title if fr else en.title} ({en.kind}{kpis}) — "
                     f"{ENTRY_URI.format(lang='en', entry_id=entry_id)}")
    return "\n".join(lines)


def make_resources(retriever: Any) -> list[Callable[..., str]]:
    """The index and the entry template, as functions for `gr.api` marked as MCP resources."""

    @gr.mcp.resource(INDEX_URI, mime_type="text/markdown")
    def knowledge_index() -> str:
        """The list of the knowledge base's entries (definitions, formulas, benchmarks, pitfalls, case studies),
        each with its id, titles in English and French, kind, KPIs and resource URI."""
        return index_markdown(retriever)

    @gr.mcp.resource(ENTRY_URI, mime_type="text/markdown")
    def knowledge_entry(lang: str, entry_id: str) -> str:
        """One knowledge entry in English or French: its title, text and the article it cites.

        Args:
            lang: "en" or "fr".
            entry_id: the entry's id, as listed at kpi://knowledge or returned by search_knowledge.
        """
        text = entry_markdown(retriever, lang, entry_id)
        if text is None:
            # Said in the resource's text: Gradio's MCP bridge turns a raised error into a bare "'data'" message.
            return (f"No knowledge entry {entry_id[:80]!r} in {lang[:8]!r}: see {INDEX_URI} for the ids (lang: en or "
                    f"fr). / Aucune fiche {entry_id[:80]!r} en {lang[:8]!r} : voir {INDEX_URI}.")
        return text

    return [knowledge_index, knowledge_entry]
