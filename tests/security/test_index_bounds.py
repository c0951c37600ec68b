"""Issue 11, resource abuse: `kpi index add` bounded in memory and time per document.

The attack: a text file holding one 2 MB word took 8 minutes and 16.5 GB (it became one 2 MB chunk); a 19 MB
word tried to allocate 31.8 GB.
"""

from __future__ import annotations

import resource
import time

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from knowledge.errors import DocumentError
from knowledge.userdocs import CHUNK_CHARS, MAX_CHUNKS, OVERLAP_CHARS, chunk_text, load_document

pytestmark = pytest.mark.timeout(120)


def test_a_two_megabyte_word_is_refused_at_once_as_not_prose(tmp_path):
    word = tmp_path / "word.txt"
    word.write_text("a" * 2_000_000)
    start = time.perf_counter()
    with pytest.raises(DocumentError) as err:
        load_document(word)
    assert time.perf_counter() - start < 3
    assert str(err.value) == ("word.txt: does not look like prose: 2,000,000 of its 2,000,000 characters are in "
                              "runs of more than 100 characters without a space")


def test_a_long_run_inside_prose_is_cut_so_no_chunk_exceeds_its_size():
    text = "Le CAC baisse. " * 200 + "https://example.com/" + "z" * 5_000 + " fin."
    chunks = chunk_text(text)
    assert max(len(c) for c in chunks) <= CHUNK_CHARS + OVERLAP_CHARS + 2
    assert "".join(chunks).count("z") >= 5_000  # cut, not dropped


def test_a_document_of_more_chunks_than_the_limit_is_refused_before_any_embedding(tmp_path):
    book = tmp_path / "book.txt"
    book.write_text(("Le coût d'acquisition client se calcule sur une période donnée. " * 12 + "\n\n") * 4000)
    with pytest.raises(DocumentError, match=f"too long to index .* at most {MAX_CHUNKS:,}"):
        load_document(book)


@pytest.mark.slow
def test_kpi_index_add_refuses_the_two_megabyte_word_with_exit_code_2_and_bounded_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path / "data"))
    word = tmp_path / "word.txt"
    word.write_text("a" * 2_000_000)
    prose = tmp_path / "notes.md"
    prose.write_text("Salon de Lyon\n\nNous avons dépensé 8 000 euros pour le stand et obtenu 42 contacts.\n")
    start = time.perf_counter()
    refused = CliRunner().invoke(app, ["index", "add", str(word), str(prose)])
    assert refused.exit_code == 2, refused.output
    assert "word.txt: does not look like prose" in refused.output
    assert "added" not in refused.output  # one bad file adds nothing
    assert time.perf_counter() - start < 90
    # The whole process (model, index and all) stays far from the 16.5 GB the unbounded chunk took.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 3 * 1024 * 1024  # kB
