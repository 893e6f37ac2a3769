"""Chinese word segmentation for subjects: ``jieba`` (MIT; its dictionary ships in the package).

One tokenizer per process, built lazily on first use (never at import time). jieba builds a
prefix dictionary from its bundled ``dict.txt`` (~1 s) and caches it as ``jieba.cache`` in the
system temporary folder (``tempfile.gettempdir()``); nothing is fetched from the network and
nothing is written elsewhere. Its log messages ("Building prefix dict...") go to its own logger,
set to WARNING here, so nothing reaches stdout. Pure code, no Dagster.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

__all__ = ["words"]

_LOCK = threading.Lock()
_TOKENIZER = None


def _tokenizer():
    global _TOKENIZER
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                _TOKENIZER = tk
    return _TOKENIZER


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` (dictionary words, unknown runs joined by jieba's HMM)."""
    if not text:
        return ()
    return tuple(w for w in _tokenizer().lcut(text, HMM=True) if w.strip())
