"""The extractor's output records: :class:`Fact`, :class:`TimeRef` and :class:`Extraction`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


class _Record:
    """Shared helpers: plain-dict export and a fast constructor for frozen dataclasses."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def _from_dict(cls, values: dict[str, Any]):
        # The generated __init__ of a frozen dataclass costs ~0.5 µs per field; thousands of
        # facts per report are built here instead (the resulting object is identical).
        obj = object.__new__(cls)
        obj.__dict__.update(values)
        return obj

    def evolve(self, **changes: Any):
        """A copy with some fields changed (a cheap ``dataclasses.replace``)."""
        values = dict(self.__dict__)
        unknown = set(changes) - self.__dataclass_fields__.keys()  # type: ignore[attr-defined]
        if unknown:
            raise TypeError(f"unknown field(s) {sorted(unknown)} for {type(self).__name__}")
        values.update(changes)
        return self._from_dict(values)


@dataclass(frozen=True)
class TimeRef(_Record):
    doc_id: str
    char_start: int
    char_end: int
    text: str
    kind: str             # year | date | month | plan_period | relative | span
    start: str | None     # ISO date
    end: str | None       # ISO date
    role: str = "period"  # period | base (较2020年) | attributive (5年前制定的)


@dataclass(frozen=True)
class Fact(_Record):
    fact_id: str
    doc_id: str
    extractor_version: str
    paragraph_ordinal: int
    sentence_ordinal: int
    sentence: str
    sentence_start: int
    char_start: int
    char_end: int
    quote: str
    figure_as_written: str
    value: float
    value_low: float | None
    value_high: float | None
    unit_as_written: str
    unit_code: str
    unit_inferred: bool
    multiplier: str | None
    qualifier: str               # exact | over | approximately | under
    change_kind: str             # level | increase | decrease
    change_unit: str | None      # absolute | percent | pp | times | None (level)
    base_period: str | None      # "2020", "2016-2020"
    comparator: str | None       # 全国 in 高于全国0.8个百分点
    period_start: str | None     # ISO date
    period_end: str | None       # ISO date
    period_kind: str | None      # point | span | per_year | streak
    period_source: str           # own | clause | sentence | paragraph | block | section | document | plan | none
    streak_years: int | None
    subject: str
    subject_context: str
    region: str
    count_multiplier: int
    modality: str                # actual | target
    cumulative: bool
    subject_entity: str = ""       # the named entity the figure belongs to (科创园, 机场, 公司), "" if none
    indicator_code: str | None = None
    link_alias: str | None = None
    link_rule: str | None = None   # why linked (or refused): linking.LINK_RULES, ":"-detail
    link_score: float | None = None  # 0..1, how close the subject is to the alias (null: unlinked)
    status: str = "extracted"    # extracted | rejected | relinked
    override_note: str | None = None


@dataclass(frozen=True)
class Extraction:
    doc_id: str
    facts: list[Fact]
    time_refs: list[TimeRef]
    reference_period: tuple[str, str] | None = None
    document_kind: str | None = None  # work_report | bulletin | other (facts.scope)

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "document_kind": self.document_kind,
            "facts": [f.as_dict() for f in self.facts],
            "time_refs": [t.as_dict() for t in self.time_refs],
            "reference_period": list(self.reference_period) if self.reference_period else None,
        }
