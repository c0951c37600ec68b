"""User documents: read, checked, chunked, indexed with their own citation, found across languages, removed."""

from __future__ import annotations

import pytest
import yaml

from assistant.config import Settings
from knowledge.build import open_knowledge_base
from knowledge.errors import DocumentError
from knowledge.userdocs import add_documents, chunk_text, document_id, list_documents, load_document, remove_document

SOURCE = [{"title": "Les 5 KPI marketing essentiels", "file": "001_216a460caf1b5b12.txt"}]
SALON_FR = ("Compte rendu du salon professionnel de Lyon\n\n"
            "Nous avons dépensé 8 000 euros pour le stand. Le salon a rapporté 42 contacts, dont 9 rendez-vous "
            "commerciaux avec des distributeurs de matériel agricole.\n")


def make_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` in Helvetica (objects and xref offsets written by hand)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def kb(tmp_path):
    entries = tmp_path / "entries"
    entries.mkdir()
    data = {"id": "churn", "kind": "definition", "title": {"fr": "Taux d'attrition", "en": "Churn rate"},
            "text": {"fr": "Clients perdus sur clients du début.", "en": "Customers lost out of those at the start."},
            "sources": SOURCE}
    (entries / "churn.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return open_knowledge_base(Settings(data_dir=tmp_path / "data", _env_file=None), entries)


def test_chunks_are_whole_paragraphs_and_start_with_the_previous_tail():
    text = "aaaa bbbb\n\ncccc dddd\n\neeee ffff"
    assert chunk_text(text, size=20, overlap=4) == ["aaaa bbbb\n\ncccc dddd", "dddd\n\neeee ffff"]
    assert chunk_text(text, size=20, overlap=0) == ["aaaa bbbb\n\ncccc dddd", "eeee ffff"]
    assert chunk_text("one two three four", size=9, overlap=0) == ["one two", "three", "four"]


def test_a_french_only_document_is_found_by_an_english_question_with_its_citation(kb, tmp_path):
    note = tmp_path / "salon-lyon.md"
    note.write_text(SALON_FR, encoding="utf-8")
    [doc] = add_documents(kb, [note])
    assert (doc.file, len(doc.chunks), doc.lang) == ("salon-lyon.md", 1, "fr")
    top = kb.search("how much did we spend on the trade show booth?", k=1, lang="en")[0]
    assert top.id == f"user-{doc.doc_id}-1"
    assert top.source == "salon-lyon.md, chunk 1/1"
    assert top.kind == "document"
    assert "8 000 euros" in top.text  # the user's own words, untranslated
    assert kb.search("stand du salon", k=1, lang="fr")[0].source == "salon-lyon.md, extrait 1/1"


def test_documents_are_listed_replaced_on_re_add_and_removed(kb, tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text(SALON_FR, encoding="utf-8")
    add_documents(kb, [note])
    add_documents(kb, [note])  # same file again: replaced, not doubled
    [listed] = list_documents(kb)
    assert (listed.file, listed.chunks, listed.doc_id) == ("notes.txt", 1, document_id(note))
    assert kb.store.count() == 3  # churn in two languages + one chunk

    removed = remove_document(kb, str(note))
    assert removed.doc_id == listed.doc_id
    assert list_documents(kb) == []
    assert kb.store.count() == 2
    assert all(h.kind != "document" for h in kb.search("salon professionnel", k=5))


def test_remove_by_id_and_unknown_reference(kb, tmp_path):
    note = tmp_path / "plan.md"
    note.write_text("Plan\n\nObjectif : 120 leads qualifiés par trimestre.", encoding="utf-8")
    [doc] = add_documents(kb, [note])
    with pytest.raises(DocumentError, match="no indexed document matches 'nothing.md'"):
        remove_document(kb, "nothing.md")
    assert remove_document(kb, doc.doc_id).file == "plan.md"


def test_a_pdf_is_read_with_pypdf(kb, tmp_path):
    pdf = tmp_path / "budget.pdf"
    pdf.write_bytes(make_pdf("Budget salon 2025 : 8000 euros pour le stand"))
    [doc] = add_documents(kb, [pdf])
    assert doc.chunks == ("Budget salon 2025 : 8000 euros pour le stand",)
    assert kb.search("budget du stand", k=1)[0].source == "budget.pdf, chunk 1/1"


def test_utf16_and_latin1_text_files_are_decoded(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le coût d'acquisition a baissé cette année, à 75 € par client.".encode("cp1252"))
    assert load_document(latin).chunks == ("Le coût d'acquisition a baissé cette année, à 75 € par client.",)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Réunion de lancement".encode("utf-16"))
    assert load_document(utf16).chunks == ("Réunion de lancement",)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.md", b"  \n\n ", "empty.md: the file is empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
     "image.txt: this looks like a binary file"),
    ("weird.txt", bytes(range(128, 256)) * 4, "weird.txt: unknown text encoding (save it as UTF-8)"),
    ("slides.pptx", b"PK\x03\x04", "slides.pptx: unsupported file type '.pptx'; use one of .md, .markdown, .txt, .pdf"),
    ("fake.pdf", b"hello, not a pdf", "fake.pdf: not a PDF file"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "broken.pdf: "),
])
def test_bad_files_are_refused_with_one_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert str(caught.value).startswith(message)


def test_a_missing_file_or_a_directory_is_named(tmp_path):
    with pytest.raises(DocumentError, match=r"no-such\.md: no such file"):
        load_document(tmp_path / "no-such.md")
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(DocumentError, match=r"folder\.md: is a directory, not a file"):
        load_document(tmp_path / "folder.md")


def test_one_bad_file_among_good_ones_indexes_nothing(kb, tmp_path):
    good = tmp_path / "good.md"
    good.write_text(SALON_FR, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(DocumentError, match="bad.txt: the file is empty"):
        add_documents(kb, [good, bad])
    assert list_documents(kb) == []
    assert kb.store.count() == 2
