"""Answers built from knowledge entries: text blocks whose [n] markers follow the caller's citation numbering."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from knowledge.entries import load_entries
from knowledge.types import Hit
from tools.base import KpiResult

_MARK = re.compile(r"\[\[(\d+)\]\]")


@functools.cache
def _entries() -> dict[str, object]:
    return {e.id: e for e in load_entries()}


def entry_hit(entry_id: str, lang: str) -> Hit | None:
    """A curated knowledge entry as a citable hit in `lang` (None for an unknown id)."""
    e = _entries().get(entry_id)
    if e is None:
        return None
    return Hit(id=e.id, title=e.title.fr if lang == "fr" else e.title.en, text=e.text.fr if lang == "fr" else e.text.en,
               source=e.source_label(), score=1.0, kind=e.kind, kpis=list(e.kpis))


def entry_title(entry_id: str, lang: str) -> str:
    """The title of a knowledge entry in `lang` ('' for an unknown id)."""
    hit = entry_hit(entry_id, lang)
    return hit.title if hit else ""


@dataclass
class Answer:
    """Markdown blocks and the entries they cite. A block marks a citation as [[i]] (i: index in `hits`); render()
    turns it into the [n] of the caller's numbering, e.g. `for b in answer.render(turn.cite): turn.say(b)`."""

    blocks: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    record: KpiResult | None = None  # the computation behind its figures (a SMART check), shown as a tool run

    def say(self, text: str) -> None:
        """Add a block."""
        if text:
            self.blocks.append(text)

    def cite(self, entry_id: str, lang: str) -> str:
        """The marker citing one entry (' [[i]]'), '' when the entry does not exist."""
        hit = entry_hit(entry_id, lang)
        if hit is None:
            return ""
        ids = [h.id for h in self.hits]
        if hit.id not in ids:
            self.hits.append(hit)
            ids.append(hit.id)
        return f" [[{ids.index(hit.id)}]]"

    def cite_hit(self, hit: Hit) -> str:
        """The marker citing a hit found by a search."""
        ids = [h.id for h in self.hits]
        if hit.id not in ids:
            self.hits.append(hit)
            ids.append(hit.id)
        return f" [[{ids.index(hit.id)}]]"

    def render(self, cite: Callable[[Hit], int] | None = None) -> list[str]:
        """The blocks with [n] markers: numbered by `cite` (a Turn's cite), or 1, 2, 3… in `hits` order."""
        numbers = [cite(h) for h in self.hits] if cite else list(range(1, len(self.hits) + 1))
        return [_MARK.sub(lambda m: f"[{numbers[int(m.group(1))]}]", b) for b in self.blocks]

    def text(self) -> str:
        """The whole answer with its sources listed at the end (for scripts and tests)."""
        body = "\n\n".join(self.render())
        if not self.hits:
            return body
        sources = "\n".join(f"- [{i}] {h.title} — {h.source}" for i, h in enumerate(self.hits, 1))
        return f"{body}\n\n_Sources_\n{sources}"
