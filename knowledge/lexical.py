"""The lexical half of hybrid search: BM25 (bm25s) over every record, built in memory when the index opens."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import bm25s
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.analysis import (
    KIND_WORDS,
    STOPWORDS,
    acronyms_for_terms,
    expansions,
    intent_words,
    raw_words,
    stem,
    words,
)
from knowledge.records import IndexRecord

TITLE_WEIGHT = 3  # title words count three times: a title says what the entry is about
EXPANSION_WEIGHT = 0.3  # glossary synonyms and intent words help recall but must not outweigh the user's own words


def _max_typos(word: str) -> int:
    """Edits tolerated when correcting a word: none for short words (too many near neighbours)."""
    if len(word) < 5:
        return 0
    return 1 if len(word) < 9 else 2


def _record_lang(record: IndexRecord) -> str:
    return record.text_lang if record.text_lang in ("fr", "en") else record.lang


class LexicalIndex:
    """BM25 over titles and texts, with accent folding, stemming in the record's language and typo correction."""

    def __init__(self, records: Sequence[IndexRecord]) -> None:
        self.records = list(records)
        corpus: list[list[str]] = []
        frequency: Counter[str] = Counter()
        for record in self.records:
            lang = _record_lang(record)
            title_words, text_words = words(record.title), words(record.text)
            frequency.update(title_words + text_words)
            kind_words = words(KIND_WORDS.get(record.kind, ""))
            corpus.append(stem(title_words, lang) * TITLE_WEIGHT + stem(text_words, lang) + stem(kind_words, lang))
        self._frequency = frequency
        self._vocabulary_list = sorted(frequency)
        self._bm25: bm25s.BM25 | None = None
        if self.records:
            self._bm25 = bm25s.BM25()
            self._bm25.index(corpus, show_progress=False)

    def correct(self, word: str) -> str:
        """The corpus word closest to a word the corpus lacks (edits and swapped letters; ties: the most frequent)."""
        limit = _max_typos(word)
        if word in self._frequency or limit == 0 or word.isdigit() or word in STOPWORDS:
            return word
        matches = process.extract(word, self._vocabulary_list, scorer=OSA.distance, score_cutoff=limit, limit=20)
        if not matches:
            return word
        best = min(distance for _, distance, _ in matches)
        return max((w for w, distance, _ in matches if distance == best), key=lambda w: self._frequency[w])

    def _stems(self, text_words: list[str]) -> list[str]:
        vocab = self._bm25.vocab_dict if self._bm25 else {}
        return [t for t in dict.fromkeys(stem(text_words, "fr") + stem(text_words, "en")) if t in vocab]

    def query_tokens(self, query: str) -> tuple[list[str], list[str]]:
        """Index tokens of (the query's own words after typo correction and the acronyms of the terms it spells
        out, other FR/EN glossary phrasings and intent words)."""
        corrected = " ".join(self.correct(w) for w in raw_words(query))
        own = self._stems(words(corrected) + acronyms_for_terms(corrected))
        added = words(" ".join(expansions(corrected))) + words(" ".join(intent_words(corrected)))
        return own, [t for t in self._stems(added) if t not in own]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every record (0 when nothing matches), glossary and intent tokens weighted down."""
        if self._bm25 is None:
            return np.zeros(0, dtype=np.float32)
        total = np.zeros(len(self.records), dtype=np.float32)
        for tokens, weight in zip(self.query_tokens(query), (1.0, EXPANSION_WEIGHT), strict=True):
            if tokens:
                total += weight * np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
        return total

    def rank(self, query: str, allowed: np.ndarray | None = None, scores: np.ndarray | None = None) -> list[int]:
        """Record positions with a positive score, best first (only `allowed` ones when a mask is given)."""
        scores = self.scores(query) if scores is None else scores
        if allowed is not None and len(scores):
            scores = np.where(allowed, scores, 0.0)
        order = np.argsort(-scores, kind="stable")
        return [int(i) for i in order if scores[i] > 0]
