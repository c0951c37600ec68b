"""The user's own documents (.md, .txt, .pdf): read, checked, chunked, indexed as extra sources, removable."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.analysis import detect_lang, fold
from knowledge.errors import DocumentError
from knowledge.locking import index_write_lock
from knowledge.records import ANY_LANG, IndexRecord
from knowledge.search import KnowledgeBase

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".pdf")
MAX_FILE_BYTES = 20 * 1024 * 1024
CHUNK_CHARS = 800
OVERLAP_CHARS = 150
# Each chunk is embedded on its own; these bound the work per document. A file holding one 2 MB "word" used to
# become a single 2 MB chunk (8 minutes and 16.5 GB to embed): now a word is at most a chunk long, a text that is
# mostly such runs is refused as not prose, and a document gives at most MAX_CHUNKS chunks (about 2.4 MB of text).
# Measured with `kpi index add` on a 2.4 MB French text of 2 924 chunks: 34 s of CPU (31 user + 2 system), 388 MB
# peak RSS for the whole command (2 min 26 s wall at nice 10 with the shared 2-core machine at load 11-14).
MAX_WORD_CHARS = 100
MAX_CHUNKS = 3000
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_WESTERN = ("utf_8", "cp1252", "latin_1", "iso8859_15", "mac_roman")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class UserDocument:
    """A document ready to index: its id, where it came from, and its chunks."""

    doc_id: str
    path: str
    file: str
    chunks: tuple[str, ...]
    lang: str

    def records(self) -> list[IndexRecord]:
        """One index record per chunk (citation: file name and chunk number)."""
        total = len(self.chunks)
        return [
            IndexRecord(
                entry_id=f"user-{self.doc_id}-{n}", lang=ANY_LANG, title=f"{self.file} ({n}/{total})", text=chunk,
                source=self.file, kind="document", segment="both", origin="user",
                content_hash=hashlib.sha256(chunk.encode()).hexdigest()[:16], text_lang=self.lang,
                extra={"doc_id": self.doc_id, "file": self.file, "path": self.path, "chunk": n, "chunks": total},
            )
            for n, chunk in enumerate(self.chunks, start=1)
        ]


@dataclass(frozen=True)
class DocumentInfo:
    """An indexed user document, as `kpi index list` shows it."""

    doc_id: str
    file: str
    path: str
    chunks: int


def _decode(path: Path, data: bytes) -> str:
    from charset_normalizer import from_bytes

    if b"\x00" in data[:8192] and not data.startswith(_BOMS):
        raise DocumentError(f"{path.name}: this looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")  # most files: no guessing needed
    except UnicodeDecodeError:
        matches = from_bytes(data)
        best = matches.best()
        if best is None:
            raise DocumentError(f"{path.name}: unknown text encoding (save it as UTF-8)") from None
        # Short texts often fit several code pages equally well; for French and English text, prefer Western ones.
        tied = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence]
        best = next((m for m in tied if m.encoding in _WESTERN), best)
        text = str(best)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise DocumentError(f"{path.name}: this looks like a binary file, not text")
    return text


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise DocumentError(f"{path.name}: the PDF is encrypted; remove the password first")
        return "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"{path.name}: not a readable PDF ({exc})") from exc


def read_document_text(path: Path) -> str:
    """The text of a supported file, or a DocumentError saying why it cannot be used."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{path.name}: unsupported file type {path.suffix or '(none)'!r}; "
                            f"use one of {', '.join(SUPPORTED_SUFFIXES)}")
    if path.is_dir():
        raise DocumentError(f"{path}: is a directory, not a file")
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DocumentError(f"{path.name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise DocumentError(f"{path.name}: the file is empty")
    if path.suffix.lower() == ".pdf":
        if not data.startswith(b"%PDF"):
            raise DocumentError(f"{path.name}: not a PDF file")
        text = _read_pdf(path)
    else:
        text = _decode(path, data)
    if not text.strip():
        raise DocumentError(f"{path.name}: no text found in the file (a scanned PDF has none)")
    _check_prose(path, text)
    return text


def _check_prose(path: Path, text: str) -> None:
    """Refuse text that is mostly runs without a space (a dump, base64, one huge 'word'): it is not prose."""
    long_runs = sum(len(m.group()) for m in re.finditer(rf"\S{{{MAX_WORD_CHARS + 1},}}", text))
    visible = len(text) - sum(c.isspace() for c in text)
    if long_runs and long_runs * 2 > visible:
        raise DocumentError(f"{path.name}: does not look like prose: {long_runs:,} of its {visible:,} characters are "
                            f"in runs of more than {MAX_WORD_CHARS} characters without a space")


def _split_long(paragraph: str, size: int) -> list[str]:
    """A paragraph longer than a chunk, cut at word boundaries (a word longer than a chunk is cut too)."""
    pieces, current = [], ""
    words = (word[i:i + size] for word in paragraph.split(" ") for i in range(0, max(len(word), 1), size))
    for word in words:
        if current and len(current) + 1 + len(word) > size:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*pieces, current] if current else pieces


def _tail(text: str, size: int) -> str:
    """The last `size` characters of a chunk, starting at a word boundary (the overlap with the next chunk)."""
    if len(text) <= size:
        return text
    cut = text[-size:]
    return cut[cut.find(" ") + 1:] if " " in cut else cut


def chunk_text(text: str, size: int = CHUNK_CHARS, overlap: int = OVERLAP_CHARS) -> list[str]:
    """Chunks of about `size` characters made of whole paragraphs, each starting with the previous one's tail."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    units = [piece for p in paragraphs if p for piece in _split_long(p, size)]
    chunks: list[str] = []
    current = ""
    for unit in units:
        if current and len(current) + 2 + len(unit) > size:
            chunks.append(current)
            current = f"{_tail(current, overlap)}\n\n{unit}" if overlap else unit
        else:
            current = f"{current}\n\n{unit}" if current else unit
    if current:
        chunks.append(current)
    return chunks


def document_id(path: Path) -> str:
    """Stable id from the file name and its absolute path: adding the same file again replaces it."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(path.stem)).strip("-")[:40] or "doc"
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:6]
    return f"{slug}-{digest}"


def load_document(path: str | Path) -> UserDocument:
    """Read, check and chunk one document (nothing is written)."""
    path = Path(path).expanduser()
    text = read_document_text(path)
    chunks = chunk_text(text)
    if len(chunks) > MAX_CHUNKS:
        raise DocumentError(f"{path.name}: too long to index ({len(chunks):,} chunks of about {CHUNK_CHARS} "
                            f"characters; at most {MAX_CHUNKS:,}): split it into several files")
    return UserDocument(doc_id=document_id(path), path=str(path.resolve()), file=path.name, chunks=tuple(chunks),
                        lang=detect_lang(text))


def add_documents(kb: KnowledgeBase, paths: list[str | Path]) -> list[UserDocument]:
    """Index documents; every file is checked before anything is written, so one bad file adds nothing."""
    if not paths:
        raise DocumentError("give at least one file to add")
    documents = [load_document(p) for p in paths]
    store = kb.store
    with index_write_lock(store.data_dir):
        for doc in documents:
            store.delete(store.collection.get(where={"doc_id": doc.doc_id}, include=[])["ids"])
            records = doc.records()
            try:
                store.write(records)
            except Exception:
                store.delete(r.chroma_id for r in records)  # no half-indexed document
                raise
    kb.refresh()
    return documents


def list_documents(kb: KnowledgeBase) -> list[DocumentInfo]:
    """The indexed user documents, by file name."""
    docs: dict[str, DocumentInfo] = {}
    for record in kb.records:
        if record.origin == "user":
            extra = record.extra
            docs[extra["doc_id"]] = DocumentInfo(extra["doc_id"], extra["file"], extra["path"], int(extra["chunks"]))
    return sorted(docs.values(), key=lambda d: (d.file, d.doc_id))


def remove_document(kb: KnowledgeBase, ref: str) -> DocumentInfo:
    """Remove a user document given its id, its path or its file name (when only one has that name)."""
    documents = list_documents(kb)
    resolved = str(Path(ref).expanduser().resolve())
    matches = [d for d in documents if ref == d.doc_id or resolved == d.path]
    if not matches:
        matches = [d for d in documents if ref == d.file]
    if not matches:
        raise DocumentError(f"no indexed document matches {ref!r}; see `kpi index list`")
    if len(matches) > 1:
        raise DocumentError(f"{ref!r} names {len(matches)} documents; give the id: "
                            + ", ".join(d.doc_id for d in matches))
    doc = matches[0]
    with index_write_lock(kb.store.data_dir):
        kb.store.delete(kb.store.collection.get(where={"doc_id": doc.doc_id}, include=[])["ids"])
    kb.refresh()
    return doc
