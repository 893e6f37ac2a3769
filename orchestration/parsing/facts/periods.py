"""Period context beyond the sentence: blocks of paragraphs, the heading path, the document.

* **Block** (any paragraph of a work report; in other texts not the first paragraph: a news
  text's lead ``2025年是“十四五”收官之年…`` frames the whole text, not the paragraphs after it).
  A paragraph whose first time opens its first sentence or any sentence of it, with a period (``过去一年，…``,
  ``刚刚过去的2025年，…``, ``五年来，…``, ``今年是…``; after an address such as ``各位代表！``
  too) opens a block: the paragraphs after it share that period until the heading path changes
  (in a work report; the top-level heading in other texts), a paragraph opens with an address (``各位代表！``: the speech turns to its next
  part), or another paragraph opens a block.
* **Section.** The headings above a paragraph (the splitter's ``heading_path``, outermost first):
  the deepest heading naming a period gives it (``三、2026年重点工作`` → 2026; a heading naming
  two periods, ``一、2025年和“十四五”时期工作回顾``, gives the shorter, the year). A heading with a
  target word (``预期目标``, ``重点工作``, ``工作安排``… lexicon ``period_context``) or a period
  ahead of the document makes its figures targets; a heading with a review word (``完成情况``,
  ``进展``, ``成效``, ``回顾``: ``section_review``) never does, and outside a work report a target
  word counts only when the section's period lies ahead of the document.

Pure code, no Dagster.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from orchestration.parsing.facts.layout import _Layout
from orchestration.parsing.facts.lexicon import (
    BLOCK_CLOSER_RE,
    PLAN_AS_PERIOD_RE,
    SECTION_REVIEW_RE,
    SECTION_TARGET_RE,
)
from orchestration.parsing.facts.scope import DocumentScope
from orchestration.parsing.facts.times import _Time, _time_refs

_Span = tuple[dt.date, dt.date]
# 由7家增至16家, 从全国第12位跃升至第5位, 从14.7%降至13%: the first figure is the baseline
_FROM_BEFORE_RE = re.compile(r"[从由](?:全[国省市区])?第?$")
_TO_AFTER_RE = re.compile(r"[^，,；;。！？\d]{0,4}?[至到]")
_NOW_WORDS = ("目前", "当前")  # the moment of one statement, never a block's period
PATH_SEPARATOR = " > "  # Paragraph.heading_path joins the headings with it


@dataclass(frozen=True)
class ParagraphContext:
    block: _Span | None = None     # the period of the block the paragraph stands in
    section: _Span | None = None   # the period its heading path names
    target_section: bool = False   # a heading above it marks a target section


def _ahead(span: _Span | None, scope: DocumentScope) -> bool:
    doc_date = scope.doc_date
    return bool(span and doc_date and (span[0] > doc_date or span[1] > doc_date + dt.timedelta(days=180)))


def _heading_span(text: str, doc_id: str, scope: DocumentScope) -> _Span | None:
    layout = _Layout(text, [(0, len(text))])
    times = [t for t in _time_refs(text, doc_id, scope.doc_date, layout, scope)
             if t.ref.role == "period" and t.start and t.end]
    if scope.kind == "work_report" and not PLAN_AS_PERIOD_RE.search(text):
        # （一）推进“十五五”重大工程建设: in a work report a coming plan named in a heading is the
        # topic, not the period (the parent heading's year is), unless 时期/期间/目标 says so.
        times = [t for t in times if not (t.ref.kind == "plan_period" and t.end.year > t.start.year
                                          and _ahead((t.start, t.end), scope))]
    spans = [(t.start, t.end) for t in times]
    if not spans:
        return None
    return min(spans, key=lambda s: (s[1] - s[0], s[0]))


def _opener(times: Sequence[_Time], layout: _Layout, body: str, p_start: int, p_end: int,
            speech: bool) -> _Span | None:
    """The period of the block a paragraph opens: its first time must open its first clause (of
    the first sentence, or the one after an address) or a sentence. In a speech (a work report)
    the paragraph leads into its last clause-opening time (``2025年是“十四五”收官之年。回望
    “十四五”…`` opens the five-year review; ``2025年是…收官之年。…一年来，…`` the year's); in
    other texts the block keeps its opening time (a news paragraph ends on side remarks)."""
    first = layout.sentence(p_start)
    if BLOCK_CLOSER_RE.match(body, p_start):
        first += 1
    opens = False
    last: _Span | None = None
    for t in times:
        if t.ref.char_start >= p_end:
            break
        if t.ref.role != "period" or not (t.start and t.end) or t.ref.text in _NOW_WORDS:
            continue
        if body.startswith("的", t.ref.char_end) and not opens:
            continue  # 今年的政府工作报告…: a time naming a thing, not the paragraph's period
        if not opens:
            if not (t.sentence_initial or (layout.sentence(t.ref.char_start) == first and t.clause_initial)):
                return None
            opens = True
            if not speech:
                return t.start, t.end
        if t.clause_initial:
            last = t.start, t.end
    return last


def paragraph_contexts(body: str, doc_id: str, layout: _Layout, times: Sequence[_Time],
                       heading_paths: Sequence[str | None], scope: DocumentScope) -> list[ParagraphContext]:
    """One context per paragraph of ``layout`` (``heading_paths`` in the same order)."""
    cache: dict[str, tuple[_Span | None, bool, bool]] = {}
    speech = scope.kind == "work_report"

    def heading(text: str) -> tuple[_Span | None, bool, bool]:
        """(period, target by its words, target by its period ahead of the document)."""
        if text not in cache:
            span = _heading_span(text, doc_id, scope)
            review = bool(SECTION_REVIEW_RE.search(text))  # 主要目标完成情况: a review of targets
            cache[text] = span, bool(SECTION_TARGET_RE.search(text)) and not review, _ahead(span, scope) and not review
        return cache[text]

    out: list[ParagraphContext] = []
    block: _Span | None = None
    top: str | None = None
    ti = 0
    for i, (p_start, p_end) in enumerate(zip(layout.para_starts, layout.para_ends)):
        path = heading_paths[i] if i < len(heading_paths) else None
        parts = path.split(PATH_SEPARATOR) if path else []
        if (path if speech else parts[0] if parts else None) != top:
            # In a speech a block ends where the heading changes, a sub-heading too (（一）… after
            # 五年来，… is its own topic, dated by its heading path); in other texts where the
            # top-level heading changes. (Limiting a news block to its own paragraph, or to the
            # next one or two, lowered the dev gold's period share from 94.4 % to 89.3-94.2 %.)
            block, top = None, path if speech else parts[0] if parts else None
        if BLOCK_CLOSER_RE.match(body, p_start):
            block = None
        section, by_words, target = None, False, False
        for text in reversed(parts):
            span, words_target, ahead = heading(text)
            by_words, target = by_words or words_target, target or ahead
            if section is None and span is not None:
                section = span
        # Outside a work report a target word (重点工作) makes a target section only when the
        # section's period lies ahead of the document (a year-end review reports its 重点工作).
        target = target or by_words and (speech or _ahead(section, scope))
        out.append(ParagraphContext(block, section, target))
        while ti < len(times) and times[ti].ref.char_start < p_start:
            ti += 1
        opened = _opener(times[ti:], layout, body, p_start, p_end, speech) if i or speech else None
        if opened is not None:
            block = opened
    return out


def baseline_span(body: str, fig_start: int, fig_end: int, start: dt.date | None,
                  end: dt.date | None) -> _Span | None:
    """The period of the first figure of a 从A到B pair read over a span of years: the year
    before the span (a five-year review's 由7家增至16家 → 2020), else None."""
    if not (start and end and end.year > start.year):
        return None
    if not _FROM_BEFORE_RE.search(body, max(0, fig_start - 4), fig_start) or not _TO_AFTER_RE.match(body, fig_end):
        return None
    y = start.year - 1
    return dt.date(y, 1, 1), dt.date(y, 12, 31)
