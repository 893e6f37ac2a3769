"""A document's scope: what kind of text it is and which years its relative words mean.

* a **work report** (政府工作报告 in the title) delivered early in year Y reviews Y-1 and plans
  Y: 今年 is Y, 去年/过去一年/一年来 are Y-1, 五年来 the five years up to Y-1; the title's year
  (``2026年天津市政府工作报告``) is Y, else the delivery year;
* a **statistical bulletin** (统计公报) is about the year its title names
  (``2023年洛阳市国民经济和社会发展统计公报``; no year in the title: the year before its
  publication, an annual bulletin reports a finished year): its 全年/年末 figures, and every
  figure without a time of its own, are that year,
  and 今年/上年 resolve against it;
* any **other** text (news, a press conference) has the year of its publication date as the
  anchor of its relative words, and no year of its own for figures without a time.

A title year is a fact of the text, not a guess: it anchors relative words even when no
publication date was found. Without either, relative words stay unresolved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from orchestration.parsing.facts.lexicon import BULLETIN_RE, WORK_REPORT_NOT_RE, WORK_REPORT_RE


@dataclass(frozen=True)
class DocumentScope:
    kind: str                      # work_report | bulletin | other
    year: int | None               # the year 今年 means (anchor of relative words)
    review_year: int | None = None  # work report: the year reviewed (Y-1)
    doc_date: dt.date | None = None

    @property
    def target_year(self) -> int | None:
        return self.year if self.kind == "work_report" else None

    def year_span(self, year: int | None) -> tuple[dt.date, dt.date] | None:
        return (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else None

    def default_span(self, target: bool) -> tuple[dt.date, dt.date] | None:
        """The period of a figure that no clause, sentence, paragraph or section dates."""
        if self.kind == "bulletin":
            return self.year_span(self.year)
        if self.kind == "work_report":
            return self.year_span(self.target_year if target else self.review_year)
        return None


def document_scope(title: str | None, scope_year: int | None, doc_date: dt.date | None) -> DocumentScope:
    title = title or ""
    if is_work_report(title, scope_year, doc_date):
        year = scope_year or (doc_date.year if doc_date else None)
        return DocumentScope("work_report", year, year - 1 if year else None, doc_date)
    if BULLETIN_RE.search(title):
        year = scope_year
        if year is None and doc_date is not None:
            year = doc_date.year - 1  # an annual bulletin reports a finished year, whenever published
        return DocumentScope("bulletin", year, None, doc_date)
    return DocumentScope("other", scope_year or (doc_date.year if doc_date else None), None, doc_date)


# A work report is delivered at the spring sessions: by about April of the year it plans.
_LAST_DELIVERY_MONTH = 4


def is_work_report(title: str, scope_year: int | None, doc_date: dt.date | None) -> bool:
    """A work report's own title (ends in 政府工作报告, no 关于/解读/落实情况 …), delivered early
    in its title year (no title year: the delivery year is the report's year)."""
    if not WORK_REPORT_RE.search(title) or WORK_REPORT_NOT_RE.search(title):
        return False
    if doc_date is None:
        return True
    year = scope_year or doc_date.year
    return doc_date.year == year and doc_date.month <= _LAST_DELIVERY_MONTH
