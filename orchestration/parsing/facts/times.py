"""Time expressions: finding them (years, dates, months, plan periods, relative years),
resolving them to date spans, their role (period, base, attributive), heading sections and a
document's reference period."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from orchestration.parsing.facts.layout import _HEADING_RE, _Layout
from orchestration.parsing.facts.lexicon import (
    BASE_PREFIX_RE,
    CLAUSE_INITIAL_RE,
    PLAN_DEADLINE_RE,
    PLAN_FIRST_YEAR,
    PLAN_FUTURE_RE,
    SMALL_CN,
)
from orchestration.parsing.facts.records import TimeRef
from orchestration.parsing.facts.scope import DocumentScope
from orchestration.parsing.numbers import normalize_digits, parse_chinese

# Time expressions led by a digit: 2025年, 2025年7月24日, 7月24日, 5月, 2021—2025年, 5年前.
_TIME_DIGIT_RE = re.compile(
    r"(?P<d>[0-9](?<![0-9]{2})[0-9]{0,3})(?:"
    r"(?P<iso>[-/.]\d{1,2}[-/.]\d{1,2}(?![0-9])(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)"
    r"|年?\s?[—–\-－~～至到]\s?(?P<ys2>(?:19|20)\d{2})年度?"
    r"|年(?:(?P<m1>\d{1,2})(?:[—–\-－~～至](?P<m1b>\d{1,2}))?月(?:(?P<d1>\d{1,2})日)?"
    r"|(?P<ysuf>度|底|末|初|以来|来|前|上半年|下半年|[一二三四]季度|前三季度))?"
    r"|月(?P<d2>\d{1,2})日"
    r"|(?:[—–\-－~～至](?P<m3b>\d{1,2}))?月(?!份?[0-9]))"
)
_MONTHS = r"(?:1[0-2]|0?[1-9])(?:[—–\-－~～至](?:1[0-2]|0?[1-9]))?月份?"  # 1-11月, 12月份
_PLAN_TAIL = rf"[”\"’]?(?:规划)?(?:以来|时期|期间|期末|末|初|前[一二两三四1-4]年|{PLAN_FIRST_YEAR})?"
_REL_N = rf"(?:[{SMALL_CN}]{{1,3}}|\d{{1,2}})"
# Time expressions led by a word; every alternative starts with a literal character (fast).
_TIME_WORD_RE = re.compile("|".join(
    [rf"{q}十[一二三四五六七八九]五{_PLAN_TAIL}" for q in ("", "“", '"', "‘")]
    + [rf"{c}[〇零○一二三四五六七八九]{{3}}年" for c in "一二"]
    + [rf"{y}(?:{_MONTHS}|以来|上半年)" for y in ("今年", "去年", "上年")]
    + ["今年", "去年", "上一年", "上年", "明年", "一年来", "过去的一年", "过去的一年里", "目前", "当前"]
    + [rf"{p}(?:一年|{_REL_N}年(?:来|以来|间)?)" for p in ("过去", "这", "近")]
    + [rf"{c}[{SMALL_CN}]{{0,2}}年(?:以来|来|前)" for c in SMALL_CN]
))
_PLAN_DETAIL_RE = re.compile(
    rf"十(?P<n>[一二三四五六七八九])五.*?(?P<tail>以来|时期|期间|期末|末|初|前(?P<k>.)年|(?P<first>{PLAN_FIRST_YEAR}))?$")
_REL_DETAIL_RE = re.compile(
    rf"(?:过去|这|近)?(?P<n>一|{_REL_N})年(?P<suf>以来|来|前|间)?$"
    rf"|(?P<y>今年|去年|上年)(?P<m>\d{{1,2}})(?:[—–\-－~～至](?P<m2>\d{{1,2}}))?月份?$"
)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _years_before(d: dt.date, n: int) -> dt.date:
    return _safe_date(d.year - n, d.month, d.day) or dt.date(d.year - n, d.month, 28)


def _small_int(text: str) -> int:
    text = normalize_digits(text)
    return int(text) if text.isdigit() else int(parse_chinese(text))


def _year_span(y: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)


def _plan_span(n: int) -> tuple[dt.date, dt.date]:
    """The Nth five-year plan: the 3rd ran 1966–1970, each later one five years on."""
    start = 1966 + 5 * (n - 3)
    return dt.date(start, 1, 1), dt.date(start + 4, 12, 31)


_YEAR_SUFFIX_SPANS = {
    "上半年": ((1, 1), (6, 30)), "下半年": ((7, 1), (12, 31)), "一季度": ((1, 1), (3, 31)),
    "二季度": ((4, 1), (6, 30)), "三季度": ((7, 1), (9, 30)), "四季度": ((10, 1), (12, 31)),
    "前三季度": ((1, 1), (9, 30)), "底": ((12, 31), (12, 31)), "末": ((12, 31), (12, 31)),
    "初": ((1, 1), (1, 31)),
}
_Span = tuple[str, "dt.date | None", "dt.date | None"]


def _resolve_digit_time(m: re.Match[str], body: str, scope: DocumentScope) -> _Span | None:
    """(kind, start, end) of a digit-led time expression, or None if it is not one."""
    start = m.start()
    if start and (body[start - 1].isdigit() or body[start - 1] in "年.．"):
        return None
    d = m["d"]
    is_year = len(d) == 4 and d[:2] in ("19", "20")
    if m["iso"]:
        if not is_year:
            return None
        _, month, day = re.split(r"[-/.]", m["iso"].split()[0])
        date = _safe_date(int(d), int(month), int(day))
        return ("date", date, date) if date else None
    if m["ys2"]:
        return ("span", dt.date(int(d), 1, 1), dt.date(int(m["ys2"]), 12, 31)) if is_year else None
    text = m.group()
    if "年" in text:
        return _resolve_year_text(m, d, is_year, scope)
    year = scope.year
    if m["d2"]:
        month, day = int(d), int(m["d2"])
        date = _safe_date(year, month, day) if year else None
        return ("date", date, date) if (year is None or date) and 1 <= month <= 12 else None
    month, month_end = int(d), int(m["m3b"] or d)
    if not 1 <= month <= month_end <= 12 or len(d) > 2:
        return None
    if year is None:
        return "month", None, None
    if (scope.kind == "other" and scope.doc_date and _month_end(year, month_end) > scope.doc_date
            and not _plan_clause(body, m.start(), m.end())):
        year -= 1  # 1-11月 in a January news post: months not over yet are last year's
    return "month", dt.date(year, month, 1), _month_end(year, month_end)


_CLAUSE_END = "，,；;。！？!?\n"


def _plan_clause(body: str, start: int, end: int) -> bool:
    """A month in a plan (按照计划，6月底前…将…; 预计6月…): ahead of the document, not last year's.
    The clause (and the one before it, where 按照计划， stands) holds a target or future cue, or the month is
    a deadline (6月底前)."""
    lo = start
    for _ in range(2):
        lo = max(body.rfind(c, 0, lo) for c in _CLAUSE_END) if lo > 0 else -1
        if lo < 0:
            break
    hi = min((i for c in _CLAUSE_END if (i := body.find(c, end)) >= 0), default=len(body))
    after = body[end:hi]
    return bool(PLAN_FUTURE_RE.search(body, lo + 1, hi) or PLAN_DEADLINE_RE.match(after.lstrip("底末")) or
                PLAN_DEADLINE_RE.match(after))


def _resolve_year_text(m: re.Match[str], d: str, is_year: bool, scope: DocumentScope) -> _Span | None:
    suffix = m["ysuf"]
    doc_date = scope.doc_date
    if not is_year:  # 5年前, 3年来: relative to the document date
        if suffix not in ("来", "以来", "前") or scope.year is None:
            return None
        n = int(d)
        if suffix == "前":
            return ("relative", *_year_span(scope.year - n))
        return _years_up_to(scope, n)
    y = int(d)
    if m["m1"]:
        month = int(m["m1"])
        if m["d1"]:
            date = _safe_date(y, month, int(m["d1"]))
            return ("date", date, date) if date else None
        month_end = int(m["m1b"] or month)
        if not 1 <= month <= month_end <= 12:
            return None
        return "month", dt.date(y, month, 1), _month_end(y, month_end)
    if suffix in _YEAR_SUFFIX_SPANS:
        (m1, d1), (m2, d2) = _YEAR_SUFFIX_SPANS[suffix]
        return ("year" if suffix in ("底", "末", "初") else "span"), dt.date(y, m1, d1), dt.date(y, m2, d2)
    if suffix in ("以来", "来"):
        return "span", dt.date(y, 1, 1), doc_date
    if suffix == "前":
        return "year", None, dt.date(y, 12, 31)
    return ("year", *_year_span(y))


def _years_up_to(scope: DocumentScope, n: int) -> _Span | None:
    """五年来 / 这五年 / 过去N年: the N years up to the document.

    A work report reviews whole years: the N years ending with its reviewed year. Five years in a
    text given within 400 days after a five-year plan ended are that plan. Otherwise N years back
    from the publication date."""
    if scope.kind == "work_report" and scope.review_year:
        return "relative", dt.date(scope.review_year - n + 1, 1, 1), dt.date(scope.review_year, 12, 31)
    doc_date = scope.doc_date
    if doc_date is None:
        return "relative", None, None
    if n == 5:
        for k in (doc_date.year - 1, doc_date.year):
            if (k - 1966) % 5 == 4:  # a plan ends in year k (the 3rd ran 1966–1970)
                end = dt.date(k, 12, 31)
                if end < doc_date <= end + dt.timedelta(days=400):
                    return "relative", dt.date(k - 4, 1, 1), end
    return "relative", _years_before(doc_date, n), doc_date


def _resolve_word_time(text: str, scope: DocumentScope) -> _Span | None:
    doc_date = scope.doc_date
    if text[0] in "“\"‘" or text[:1] == "十" and text[2:3] == "五":
        return _resolve_plan(text, doc_date)
    if text[0] in "一二" and len(text) == 5 and text.endswith("年") and text[1] in "〇零○一二三四五六七八九":
        return ("year", *_year_span(int(parse_chinese(text[:4]))))
    if text in ("目前", "当前"):  # the publication date, in a dated news text; a report's 目前 is its year's
        if scope.kind != "other" or doc_date is None:
            return None
        return "relative", doc_date, doc_date
    if scope.year is None:
        return "relative", None, None
    y = scope.year
    so_far = doc_date if doc_date and doc_date.year == y else dt.date(y, 12, 31)
    fixed = {"今年": _year_span(y), "明年": _year_span(y + 1), "今年以来": (dt.date(y, 1, 1), so_far),
             "今年上半年": (dt.date(y, 1, 1), dt.date(y, 6, 30))}
    if text in fixed:
        return ("relative", *fixed[text])
    if text in ("去年", "上年", "上一年", "过去一年", "过去的一年", "过去的一年里", "这一年", "一年来", "近一年"):
        return ("relative", *_year_span(y - 1))
    m = _REL_DETAIL_RE.search(text)
    if m is None:
        return None
    if m["m"]:  # 今年5月, 去年1-11月
        y = y if m["y"] == "今年" else y - 1
        month, month_end = int(m["m"]), int(m["m2"] or m["m"])
        if not 1 <= month <= month_end <= 12:
            return None
        return "relative", dt.date(y, month, 1), _month_end(y, month_end)
    n = _small_int(m["n"])
    if m["suf"] == "前":
        return ("relative", *_year_span(y - n))
    return _years_up_to(scope, n)


def _plan_number(text: str) -> int:
    """十四五 -> 14."""
    return 11 + "一二三四五六七八九".index(_PLAN_DETAIL_RE.search(text)["n"])  # type: ignore[index]


def _resolve_plan(text: str, doc_date: dt.date | None) -> _Span | None:
    m = _PLAN_DETAIL_RE.search(text)
    if m is None:
        return None
    start, end = _plan_span(_plan_number(text))
    tail = m["tail"]
    if tail == "以来":
        return "plan_period", start, min(end, doc_date) if doc_date else end
    if tail in ("末", "期末"):
        return "plan_period", dt.date(end.year, 1, 1), end
    if tail == "初":
        return "plan_period", start, dt.date(start.year, 12, 31)
    if m["k"]:
        return "plan_period", start, dt.date(start.year + _small_int(m["k"]) - 1, 12, 31)
    if m["first"]:  # “十五五”开好局: the plan's first year
        return "plan_period", start, dt.date(start.year, 12, 31)
    return "plan_period", start, end


@dataclass(frozen=True)
class _Time:
    """Internal view of a TimeRef with date objects and its place in the text."""

    ref: TimeRef
    start: dt.date | None
    end: dt.date | None
    clause: int            # clause start offset
    sentence: int          # sentence ordinal
    paragraph: int         # paragraph ordinal
    clause_initial: bool
    sentence_initial: bool


def _time_refs(body: str, doc_id: str, doc_date: dt.date | None, layout: _Layout,
               scope: DocumentScope | None = None) -> list[_Time]:
    if scope is None:
        scope = DocumentScope("other", doc_date.year if doc_date else None, None, doc_date)
    found: list[tuple[int, int, _Span, bool]] = []
    for m in _TIME_DIGIT_RE.finditer(body):
        span = _resolve_digit_time(m, body, scope)
        if span is not None:
            found.append((m.start(), m.end(), span, m["ysuf"] == "前" and len(m["d"]) < 4))
    for m in _TIME_WORD_RE.finditer(body):
        span = _resolve_word_time(m.group(), scope)
        if span is not None:
            found.append((m.start(), m.end(), span, m.group().endswith("年前")))
    found.sort()
    out, last_end = [], -1
    for s, e, (kind, start, end), ago in found:
        if s < last_end:
            continue
        last_end = e
        out.append(_make_time(body, doc_id, layout, s, e, kind, start, end, ago))
    return out


# 从2021年完成情况来看: a point of view, the period of what follows, not a base
_VIEWPOINT_RE = re.compile(r"[^，,；;。！？]{0,10}?来看")


def _make_time(body, doc_id, layout: _Layout, s, e, kind, start, end, ago: bool) -> _Time:
    if BASE_PREFIX_RE.search(body, max(0, s - 4), s) and not _VIEWPOINT_RE.match(body, e):
        role = "base"
    elif ago:
        role = "attributive"  # 5年前制定的规划
    else:
        role = "period"
    clause = layout.clause_start(s)
    sentence = layout.sentence(s)
    s_start, _ = layout.sentence_span(sentence)
    initial = CLAUSE_INITIAL_RE.fullmatch(body, clause, s) is not None
    ref = TimeRef._from_dict({"doc_id": doc_id, "char_start": s, "char_end": e, "text": body[s:e],
                              "kind": kind, "start": _iso(start), "end": _iso(end), "role": role})
    return _Time(ref, start, end, clause, sentence, layout.paragraph(s), initial,
                 initial and clause <= s_start)


def _sections(body: str, layout: _Layout, times: list[_Time]) -> list[tuple[int, int, tuple | None]]:
    """Heading paragraphs (``一、…`` / ``（一）…`` / ``### …``) and the span their times give."""
    heads = []
    for p_start, p_end in zip(layout.para_starts, layout.para_ends):
        if p_end - p_start > 40:
            continue
        m = _HEADING_RE.match(body, p_start)
        if not m:
            continue
        level = len(m["md"]) if m["md"] else 1 if m["l1"] else 2
        spans = [(t.start, t.end) for t in times
                 if p_start <= t.ref.char_start < p_end and t.start and t.end and t.ref.role == "period"]
        span = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None
        heads.append((p_start, level, span))
    out = []
    for i, (start, level, span) in enumerate(heads):
        end = next((s for s, lv, _ in heads[i + 1:] if lv <= level), len(body))
        out.append((start, end, span))
    return out


def _reference_period(times: list[_Time], doc_date: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The plan period a document is about: one named in its first 400 characters that
    contains the document date or ended less than 13 months before it."""
    if doc_date is None:
        return None
    for t in times:
        if t.ref.char_start > 400:
            break
        if t.ref.kind != "plan_period" or not t.start:
            continue
        p_start, p_end = _plan_span(_plan_number(t.ref.text))
        if p_start <= doc_date <= p_end:
            return p_start, doc_date
        if p_end < doc_date <= p_end + dt.timedelta(days=400):
            return p_start, p_end
    return None
