"""The lexical half of hybrid search: BM25 (bm25s) over every record, built in memory when the index opens."""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.analysis import expand, stem, words
from knowledge.records import IndexRecord

_TITLE_WEIGHT = 2  # title words count twice: a title says what the entry is about


def _max_typos(word: str) -> int:
    """Edits tolerated when correcting a word: none for short words (too many near neighbours)."""
    if len(word) < 5:
        return 0
    return 1 if len(word) < 9 else 2


class LexicalIndex:
    """BM25 over titles and texts, with accent folding, stemming in the record's language and typo correction."""

    def __init__(self, records: Sequence[IndexRecord]) -> None:
        self.records = list(records)
        corpus: list[list[str]] = []
        vocabulary: set[str] = set()
        for record in self.records:
            lang = record.text_lang if record.text_lang in ("fr", "en") else record.lang
            title_words, text_words = words(record.title), words(record.text)
            vocabulary.update(title_words, text_words)
            corpus.append(stem(title_words, lang) * _TITLE_WEIGHT + stem(text_words, lang))
        self._vocabulary = vocabulary
        self._vocabulary_list = sorted(vocabulary)
        self._bm25: bm25s.BM25 | None = None
        if self.records:
            self._bm25 = bm25s.BM25()
            self._bm25.index(corpus, show_progress=False)

    def _correct(self, word: str) -> str:
        """The closest corpus word (edits and swapped letters) to a word the corpus lacks, or the word itself."""
        limit = _max_typos(word)
        if word in self._vocabulary or limit == 0 or word.isdigit():
            return word
        match = process.extractOne(word, self._vocabulary_list, scorer=OSA.distance, score_cutoff=limit)
        return match[0] if match else word

    def query_tokens(self, query: str) -> list[str]:
        """Index tokens for a query: glossary expansion, typo correction, then French and English stems."""
        query_words = [self._correct(w) for w in words(expand(query))]
        tokens = dict.fromkeys(stem(query_words, "fr") + stem(query_words, "en"))
        vocab = self._bm25.vocab_dict if self._bm25 else {}
        return [t for t in tokens if t in vocab]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every record (0 when nothing matches)."""
        if self._bm25 is None:
            return np.zeros(0, dtype=np.float32)
        tokens = self.query_tokens(query)
        if not tokens:
            return np.zeros(len(self.records), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def rank(self, query: str, allowed: np.ndarray | None = None) -> list[int]:
        """Record positions with a positive score, best first (only `allowed` ones when a mask is given)."""
        scores = self.scores(query)
        if allowed is not None and len(scores):
            scores = np.where(allowed, scores, 0.0)
        order = np.argsort(-scores, kind="stable")
        return [int(i) for i in order if scores[i] > 0]
