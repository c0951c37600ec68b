"""What the index stores: one record per entry and language (or per user-document chunk), and its Chroma metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knowledge.entries import Entry

LANGS = ("fr", "en")
ANY_LANG = "any"  # a user document is indexed once, in whatever language it is written
LIST_FIELDS = ("kpis", "funnel_stage", "objective", "maturity")
_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class IndexRecord:
    """One indexed document: an entry in one language, or a chunk of a user document."""

    entry_id: str
    lang: str
    title: str
    text: str
    source: str
    kind: str
    segment: str
    origin: str
    content_hash: str
    kpis: tuple[str, ...] = ()
    funnel_stage: tuple[str, ...] = ()
    objective: tuple[str, ...] = ()
    maturity: tuple[str, ...] = ()
    text_lang: str = ""  # language the text is written in (user documents: detected)
    extra: dict[str, Any] = field(default_factory=dict)  # user documents: doc_id, file, path, chunk, chunks

    @property
    def chroma_id(self) -> str:
        """Stable id: `<entry_id>::<lang>`."""
        return f"{self.entry_id}::{self.lang}"

    @property
    def document(self) -> str:
        """What is embedded and searched: title then text."""
        return f"{self.title}{_SEPARATOR}{self.text}"

    def metadata(self) -> dict[str, Any]:
        """Chroma metadata. Lists are stored as arrays (Chroma 1.x filters them with $contains); never empty."""
        meta: dict[str, Any] = {
            "entry_id": self.entry_id, "lang": self.lang, "title": self.title, "source": self.source,
            "kind": self.kind, "segment": self.segment, "origin": self.origin, "content_hash": self.content_hash,
            "text_lang": self.text_lang or self.lang,
        }
        for name in LIST_FIELDS:
            values = list(getattr(self, name))
            if values:  # Chroma rejects empty lists
                meta[name] = values
        meta.update(self.extra)
        return meta

    @classmethod
    def from_chroma(cls, document: str, meta: dict[str, Any]) -> IndexRecord:
        """Rebuild a record from what Chroma returns."""
        title = str(meta["title"])
        text = document[len(title) + len(_SEPARATOR):] if document.startswith(title + _SEPARATOR) else document
        known = {"entry_id", "lang", "title", "source", "kind", "segment", "origin", "content_hash", "text_lang",
                 "embedder", *LIST_FIELDS}
        return cls(
            entry_id=str(meta["entry_id"]), lang=str(meta["lang"]), title=title, text=text,
            source=str(meta.get("source", "")), kind=str(meta.get("kind", "")), segment=str(meta.get("segment", "")),
            origin=str(meta.get("origin", "")), content_hash=str(meta.get("content_hash", "")),
            text_lang=str(meta.get("text_lang", "")),
            **{name: tuple(meta.get(name) or ()) for name in LIST_FIELDS},
            extra={key: value for key, value in meta.items() if key not in known},
        )


def records_for_entry(entry: Entry) -> list[IndexRecord]:
    """One record per language of a curated entry."""
    content_hash = entry.content_hash()
    return [
        IndexRecord(
            entry_id=entry.id, lang=lang, title=getattr(entry.title, lang), text=getattr(entry.text, lang),
            source=entry.source_label(), kind=entry.kind, segment=entry.segment, origin=entry.origin,
            content_hash=content_hash, kpis=tuple(entry.kpis), funnel_stage=tuple(entry.funnel_stage),
            objective=tuple(entry.objective), maturity=tuple(entry.maturity), text_lang=lang,
        )
        for lang in LANGS
    ]
