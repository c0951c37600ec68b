"""What the user wants, from the nearest example questions (examples.yaml) in a multilingual sentence space.

The encoder is the one the knowledge base already ships (USE multilingual v3, numpy only), passed in by the
caller; example vectors are cached on disk with the knowledge base's embedding cache, so a warm start costs
one file read. A question costs one encode (a few milliseconds) and a 512-wide dot product per example.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

EXAMPLES = Path(__file__).with_name("examples.yaml")
Encode = Callable[[list[str]], np.ndarray]
K = 7


@functools.cache
def examples() -> tuple[tuple[str, str, str], ...]:
    """(intent, language, text) of every example."""
    raw = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    return tuple((intent, lang, text) for intent, by_lang in raw.items() for lang, texts in by_lang.items()
                 for text in texts)


@dataclass(frozen=True)
class Guess:
    """Intents ranked by their nearest examples, with each one's best similarity."""

    ranked: tuple[tuple[str, float], ...]
    nearest: dict[str, float]

    @property
    def top(self) -> str:
        """The most likely intent."""
        return self.ranked[0][0]

    def score(self, intent: str) -> float:
        """Vote share of an intent (0 to 1)."""
        return dict(self.ranked).get(intent, 0.0)


class IntentModel:
    """Nearest-examples intent classifier over sentence vectors."""

    def __init__(self, encode: Encode, cached: Callable[[list[str], Encode], np.ndarray] | None = None):
        """`encode` turns texts into L2-normalised vectors; `cached` (optional) memoises it for the examples."""
        self._encode = encode
        texts = [text for _, _, text in examples()]
        vectors = cached(texts, encode) if cached else encode(texts)
        self._matrix = np.asarray(vectors, dtype=np.float32)
        self._labels = [intent for intent, _, _ in examples()]

    def guess(self, question: str) -> Guess:
        """Intents of `question`, ranked."""
        v = np.asarray(self._encode([question])[0], dtype=np.float32)
        sims = self._matrix @ v
        order = np.argsort(-sims)[:K]
        votes: dict[str, float] = {}
        for rank, i in enumerate(order):
            weight = float(max(sims[i], 0.0)) ** 2 / (1 + 0.15 * rank)
            votes[self._labels[i]] = votes.get(self._labels[i], 0.0) + weight
        total = sum(votes.values()) or 1.0
        nearest: dict[str, float] = {}
        for i in order:
            nearest.setdefault(self._labels[i], float(sims[i]))
        ranked = tuple(sorted(((k, v / total) for k, v in votes.items()), key=lambda kv: -kv[1]))
        return Guess(ranked=ranked, nearest=nearest)


def default_model(cache_dir: Path | None = None) -> IntentModel:
    """The model over the shipped encoder, with example vectors cached next to the knowledge base's."""
    from knowledge.embedcache import EmbeddingCache
    from knowledge.embedcache import cache_dir as default_cache
    from knowledge.usemodel import encode_texts

    directory = cache_dir or default_cache()
    if directory is None:
        return IntentModel(encode_texts)
    store = EmbeddingCache(directory, "use-m-v3-intents")
    return IntentModel(encode_texts, cached=lambda texts, enc: store.embed(texts, enc))
