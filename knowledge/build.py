"""Build or refresh the index from the curated entries: only what changed is re-embedded, under the write lock."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knowledge.embedder import preload
from knowledge.entries import ENTRIES_DIR, Entry, load_entry
from knowledge.errors import KnowledgeInputError
from knowledge.locking import index_write_lock
from knowledge.records import IndexRecord, records_for_entry
from knowledge.search import KnowledgeBase
from knowledge.store import Progress, Store


@dataclass(frozen=True)
class SyncReport:
    """What a build did, counted in entries (an entry has a French and an English record)."""

    seen: int
    embedded: int
    deleted: int
    seconds: float

    def summary(self) -> str:
        """One line for the CLI."""
        return (f"{self.seen} entries seen, {self.embedded} re-embedded, {self.deleted} deleted "
                f"in {self.seconds:.2f} s")


def read_entries(directory: Path = ENTRIES_DIR) -> list[Entry]:
    """Every entry file, read now (no cache: a rebuild must see edits), or an error naming the bad file."""
    entries = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            entries.append(load_entry(path))
        except (ValidationError, ValueError, OSError) as exc:
            raise KnowledgeInputError(f"knowledge entry {path.name} is invalid: {exc}") from exc
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnowledgeInputError(f"knowledge entry ids must be unique; repeated: {', '.join(duplicates)}")
    return entries


def sync_entries(store: Store, entries: list[Entry], progress: Progress | None = None) -> SyncReport:
    """Make the store's curated records match `entries`: embed new or changed ones, delete vanished ones."""
    start = time.perf_counter()
    wanted: dict[str, IndexRecord] = {r.chroma_id: r for e in entries for r in records_for_entry(e)}
    stored = store.hashes(origin="curated")
    changed = [r for cid, r in wanted.items() if stored.get(cid) != r.content_hash]
    vanished = [cid for cid in stored if cid not in wanted]
    if progress and (changed or vanished):  # silent when up to date: `kpi search` prints nothing extra
        progress(f"{len(entries)} entries read, {len({r.entry_id for r in changed})} to embed, "
                 f"{len({c.rsplit('::', 1)[0] for c in vanished})} to delete")
    store.write(changed, progress)
    store.delete(vanished)
    return SyncReport(seen=len(entries), embedded=len({r.entry_id for r in changed}),
                      deleted=len({cid.rsplit("::", 1)[0] for cid in vanished}),
                      seconds=time.perf_counter() - start)


def build_index(settings: Any, entries_dir: Path = ENTRIES_DIR, progress: Progress | None = None
                ) -> tuple[Store, SyncReport]:
    """Bring the index up to date with the entries directory; returns the open store and what was done."""
    # The model loads while the entries are read and Chroma opens: a cold build needs it to embed, and every
    # caller then searches, which needs it for the query.
    preload(settings)
    entries = read_entries(entries_dir)
    # The client is opened inside the lock too: a process that opens the store while another writes it could
    # read a half-written vector segment.
    with index_write_lock(settings.data_dir):
        store = Store.open(settings)
        report = sync_entries(store, entries, progress)
    return store, report


def open_knowledge_base(settings: Any, entries_dir: Path = ENTRIES_DIR, progress: Progress | None = None
                        ) -> KnowledgeBase:
    """The knowledge base, built or refreshed first if the entries changed (a few hundred ms when up to date)."""
    store, _ = build_index(settings, entries_dir, progress)
    return KnowledgeBase(store)
