"""Misspelt words corrected towards the reader's vocabulary ('aquisition', 'custmers', 'conversoin').

Only words of six letters or more that are not known and sit within one or two edits of a known word are
changed; the vocabulary is every word of the declarations and of the reader's lexicon, so a new alias is
automatically a correction target too.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz, process

from assistant.reader.vocab import known_words

_WORD = re.compile(r"(?<![#\w'])[a-z][a-z-]{5,}")


@functools.cache
def _vocabulary() -> tuple[str, ...]:
    return tuple(sorted(known_words()))


@functools.lru_cache(maxsize=8192)
def _fix(word: str) -> str:
    vocab = _vocabulary()
    if word in known_words():
        return word
    best = process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=86)
    return best[0] if best else word


def correct(folded: str) -> str:
    """The folded text with misspelt key words replaced by the known word they are closest to."""
    return _WORD.sub(lambda m: _fix(m.group(0)), folded)
