"""Paragraph, sentence, clause and quote boundaries of one article body."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

_SENTENCE_RE = re.compile(r"[^。！？!?\n\s][^。！？!?\n]*(?:[。！？!?…]+[”’」』）)]*)?")
_CLAUSE_DELIM_RE = re.compile(r"[，,；;：:。！？!?\n]")
_BLANK_LINE_RE = re.compile(r"\n[ \t\u3000]*\n")
_BLOCK_RE = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")  # lines up to a blank line
_LINE_RE = re.compile(r"[^\n]*\S[^\n]*")
_QUOTE_RE = re.compile(
    r"“[^“”\n]{1,24}”|「[^「」\n]{1,24}」|\"[^\"\n]{1,24}\"|‘[^‘’\n]{1,24}’|《[^《》\n]{1,60}》"
)
_HEADING_RE = re.compile(  # used with .match(body, pos): no '^'
    r"\s*(?:(?P<md>#{1,6})\s|(?P<l1>[一二三四五六七八九十]+、)|(?P<l2>[（(][一二三四五六七八九十]+[）)]))"
)


class _Layout:
    """Paragraph, sentence, clause and quote boundaries of one body."""

    def __init__(self, body: str, paragraph_spans: Sequence[tuple[int, int]] | None):
        self.body = body
        self.size = len(body)
        self.reversed = body[::-1]
        spans = list(paragraph_spans) if paragraph_spans is not None else _split_paragraphs(body)
        self.para_starts = [s for s, _ in spans]
        self.para_ends = [e for _, e in spans]
        self.sent_starts, self.sent_ends = _starts_ends(_SENTENCE_RE, body)
        self.quote_starts, self.quote_ends = _starts_ends(_QUOTE_RE, body)

    def paragraph(self, pos: int) -> int:
        return bisect_right(self.para_starts, pos)  # 1-based ordinal

    def sentence(self, pos: int) -> int:
        return bisect_right(self.sent_starts, pos)  # 1-based ordinal

    def sentence_span(self, ordinal: int) -> tuple[int, int]:
        if not ordinal:
            return 0, 0
        return self.sent_starts[ordinal - 1], self.sent_ends[ordinal - 1]

    def clause_start(self, pos: int) -> int:
        """Offset just after the last clause delimiter before ``pos`` (searched backwards)."""
        m = _CLAUSE_DELIM_RE.search(self.reversed, self.size - pos)
        return self.size - m.start() if m else 0

    def clause_end(self, pos: int) -> int:
        m = _CLAUSE_DELIM_RE.search(self.body, pos)
        return m.start() if m else self.size

    def quote_around(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self.quote_starts, pos) - 1
        if i >= 0 and pos < self.quote_ends[i]:
            return self.quote_starts[i], self.quote_ends[i]
        return None


def _starts_ends(regex: re.Pattern[str], body: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every match, as two lists."""
    spans = [m.span() for m in regex.finditer(body)]
    if not spans:
        return [], []
    starts, ends = zip(*spans)
    return list(starts), list(ends)


def _split_paragraphs(body: str) -> list[tuple[int, int]]:
    """Paragraphs separated by blank lines; a body without blank lines has one per line."""
    finder = _BLOCK_RE if _BLANK_LINE_RE.search(body) else _LINE_RE
    return [m.span() for m in finder.finditer(body)] or [(0, len(body))]
