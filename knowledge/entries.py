"""The curated knowledge entries: one YAML file per entry under knowledge/entries/, written in our own words."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

ENTRIES_DIR = Path(__file__).parent / "entries"

Stage = Literal["awareness", "consideration", "conversion", "loyalty"]
Objective = Literal["growth", "profitability", "retention", "awareness"]
Maturity = Literal["starting", "established", "advanced"]
Segment = Literal["B2B", "B2C", "both"]
Kind = Literal["definition", "formula", "benchmark", "pitfall", "selection", "method", "case", "tool", "example",
               "correction"]


class Bilingual(BaseModel):
    """The same idea written by us in French and in English."""

    model_config = ConfigDict(extra="forbid")
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)


class SourceCitation(BaseModel):
    """Where a fact comes from: an article of ../shared/seeds (title and file), or a named rule of thumb."""

    model_config = ConfigDict(extra="forbid")
    title: str
    file: str | None = None  # None for a widely used rule of thumb that no article states

    def label(self) -> str:
        """'Title (file)'."""
        return f"{self.title} ({self.file})" if self.file else self.title


class Entry(BaseModel):
    """One idea of the knowledge base."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: Kind
    title: Bilingual
    text: Bilingual
    kpis: list[str] = Field(default_factory=list, description="Registry tool ids this entry is about")
    funnel_stage: list[Stage] = Field(default_factory=list)
    objective: list[Objective] = Field(default_factory=list)
    maturity: list[Maturity] = Field(default_factory=list)
    segment: Segment = "both"
    sources: list[SourceCitation] = Field(min_length=1)
    origin: Literal["curated", "user"] = "curated"

    def source_label(self) -> str:
        """All citations, joined."""
        return "; ".join(s.label() for s in self.sources)

    def content_hash(self) -> str:
        """Stable hash of everything indexed, so a rebuild re-embeds only what changed."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def load_entry(path: Path) -> Entry:
    """One entry from its YAML file (the file name is the id)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Entry.model_validate(data)


@lru_cache(maxsize=4)
def _load_dir(directory: str) -> tuple[Entry, ...]:
    return tuple(load_entry(p) for p in sorted(Path(directory).glob("*.yaml")))


def load_entries(directory: Path = ENTRIES_DIR) -> list[Entry]:
    """Every curated entry, sorted by file name."""
    return list(_load_dir(str(directory)))
