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

__all__ = ["tagged", "words"]

_LOCK = threading.RLock()  # re-entrant: the POS tokenizer is built inside the lock on the word tokenizer
_TOKENIZER = None
_POS = None


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


def _pos_tokenizer():
    global _POS
    if _POS is None:
        with _LOCK:
            if _POS is None:
                import jieba.posseg

                tk = _tokenizer()
                _POS = jieba.posseg.POSTokenizer(tk)
    return _POS


@lru_cache(maxsize=16384)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs, jieba's ICTCLAS-style tags: ``ns`` place, ``nr`` person,
    ``nz`` other proper noun, ``nt`` organisation, ``n`` noun, ``v`` verb…"""
    if not text:
        return ()
    return tuple((p.word, p.flag) for p in _pos_tokenizer().lcut(text) if p.word.strip())
