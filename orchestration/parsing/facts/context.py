"""Context of a figure: its period, base period, region, modality, period kind, inferred
unit and the cues of its clause (streak, per year, cumulative, base word, achieved)."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from orchestration.parsing.facts.layout import _Layout
from orchestration.parsing.facts.lexicon import CLAUSE_CUE_RE, MONEY_SUBJECT_RE
from orchestration.parsing.facts.mentions import _Mention
from orchestration.parsing.facts.periods import ParagraphContext
from orchestration.parsing.facts.scope import DocumentScope
from orchestration.parsing.facts.times import _small_int, _Time


@dataclass
class _Context:
    """Per-document state shared by the context resolvers."""

    body: str
    doc_id: str
    doc_date: dt.date | None
    default_region: str
    layout: _Layout
    clause_times: dict[int, list[_Time]]
    clause_periods: dict[int, list[_Time]]
    initial_starts: list[int]
    initial_times: list[_Time]
    sections: list[tuple[int, int, tuple[dt.date, dt.date] | None]]
    reference: tuple[dt.date, dt.date] | None
    region_re: re.Pattern[str] | None
    region_codes: Mapping[str, str]
    scope: DocumentScope | None = None
    paragraphs: list[ParagraphContext] | None = None  # per paragraph (blocks, heading path), when known
    iso_cache: dict = field(default_factory=dict)
    target_horizon: dt.date | None = None  # doc_date + 180 days: a period ending later is a target

    def __post_init__(self) -> None:
        if self.doc_date is not None:
            self.target_horizon = self.doc_date + dt.timedelta(days=180)

    def paragraph_context(self, para: int) -> ParagraphContext | None:
        if self.paragraphs is None or not 0 < para <= len(self.paragraphs):
            return None
        return self.paragraphs[para - 1]

    def iso(self, d: dt.date | None) -> str | None:
        if d is None:
            return None
        text = self.iso_cache.get(d)
        if text is None:
            text = self.iso_cache[d] = d.isoformat()
        return text


def _period_for(ctx: _Context, m: _Mention, clause: int, sentence: int, para: int, target: bool = False):
    """(start, end, source) of the period a figure refers to: its clause, its sentence, earlier
    sentences of its paragraph, its block of paragraphs, its heading path, the document's scope
    (``target``: the work report's target year rather than its reviewed year), the plan period
    the document opens with."""
    refs = ctx.clause_periods.get(clause, ())
    before = [t for t in refs if t.ref.char_start < m.start]
    if before:
        return before[-1].start, before[-1].end, "clause"
    after = [t for t in refs if m.end_ext <= t.ref.char_start <= m.end_ext + 1]
    if after:  # 236个|2025年度计划竣工投产项目
        return after[0].start, after[0].end, "clause"
    i = bisect_right(ctx.initial_starts, m.start) - 1
    while i >= 0:
        t = ctx.initial_times[i]
        if t.paragraph < para:
            break
        if t.sentence == sentence and t.clause < clause:
            return t.start, t.end, "sentence"
        if t.sentence < sentence and t.sentence_initial:
            return t.start, t.end, "paragraph"
        i -= 1
    pc = ctx.paragraph_context(para)
    if pc is not None:
        if pc.block:
            return pc.block[0], pc.block[1], "block"
        if pc.section:
            return pc.section[0], pc.section[1], "section"
    else:
        for s_start, s_end, span in ctx.sections:
            if s_start <= m.start < s_end and span:
                return span[0], span[1], "section"
    default = ctx.scope.default_span(target) if ctx.scope else None
    if default:
        return default[0], default[1], "document"
    if ctx.reference:
        return ctx.reference[0], ctx.reference[1], "plan"
    return None, None, None


def _base_for(ctx: _Context, clause: int, start: int, has_base_word: bool, period_end: dt.date | None,
              own_time: _Time | None):
    for t in ctx.clause_times.get(clause, ()):
        if t.ref.role != "base" or t.ref.char_start >= start or t is own_time:
            continue
        if t.ref.text in ("上年", "去年", "上一年") and period_end:
            return str(period_end.year - 1)
        if t.ref.kind == "plan_period" and t.start and t.end and t.end.year > t.start.year:
            return f"{t.start.year}-{t.end.year}"
        return str(t.end.year) if t.end else None
    if has_base_word and period_end:
        return str(period_end.year - 1)
    return None


def _region_for(ctx: _Context, c_start: int, c_end: int) -> str:
    if ctx.region_re is None:
        return ctx.default_region
    codes = {ctx.region_codes[m.group()] for m in ctx.region_re.finditer(ctx.body, c_start, c_end)}
    return codes.pop() if len(codes) == 1 else ctx.default_region


def _modality(ctx: _Context, target_cue_at: int, m_start: int, actual_cue: bool, p_start, p_end,
              target_section: bool = False) -> str:
    if target_cue_at < m_start:
        return "target"
    doc_date = ctx.doc_date
    if target_section and not (doc_date and p_end and p_end <= doc_date):
        return "target"  # under 三、2026年重点工作 / 主要预期目标, unless the figure's period is already over
    if doc_date and p_start and p_end and not actual_cue:
        if p_start > doc_date or p_end > ctx.target_horizon:
            return "target"
    return "actual"


def _period_kind(streak: bool, per_year: bool, p_start, p_end) -> str | None:
    if streak:
        return "streak"
    if per_year:
        return "per_year"
    if p_start is None:
        return None
    return "point" if p_end and p_start.year == p_end.year else "span"


def _infer_unit(m: _Mention, subject: str, has_post_noun: bool) -> None:
    """Unit of a unit-less figure with a multiplier (``过百亿``, ``突破3500万``)."""
    if MONEY_SUBJECT_RE.search(subject) and not has_post_noun:
        m.unit_code, m.unit_kind = "yuan", "currency"
    else:
        m.unit_code, m.unit_kind = "count", "count"
    m.unit_inferred = True


@dataclass
class _ClauseCues:
    streak_years: int | None = None
    streak: bool = False
    per_year: bool = False
    cumulative: bool = False
    base_word: bool = False
    actual: bool = False


def _clause_cues(body: str, start: int, end: int) -> _ClauseCues:
    cues = _ClauseCues()
    for c in CLAUSE_CUE_RE.finditer(body, start, end):
        if c["streak"]:
            cues.streak = True
            if c["streak_unit"] == "年":
                cues.streak_years = _small_int(c["streak_n"])
        elif c["per"]:
            cues.per_year = True
        elif c["cum"]:
            cues.cumulative = True
        elif c["base"]:
            cues.base_word = True
        elif c["actual"]:
            cues.actual = True
    return cues
