"""The extractor's word lists and unit table, as CSV files beside this module, validated on load.

Every file is declared in :data:`SCHEMAS`: its columns and the allowed values of its category
column. Words are written forwards, as they appear in the text (regexes that run over reversed
text are built from them in code). A file that breaks its schema raises :class:`LexiconError`
naming the file and the line: a wrong header, a row with too many or too few fields, an empty
word, an unknown category, a duplicate entry (same word twice in one category), a bad number.

Pure code, no Dagster. Files are read once per directory (cached); pass ``directory`` to load a
copy (tests do, with broken copies in a temporary folder).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["DIRECTORY", "SCHEMAS", "LexiconError", "Schema", "load", "rows", "words"]

DIRECTORY = Path(__file__).resolve().parent


class LexiconError(ValueError):
    """A lexicon file that breaks its schema."""

    def __init__(self, path: str | Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


@dataclass(frozen=True)
class Schema:
    columns: tuple[str, ...]                 # the header, in order
    categories: frozenset[str]               # allowed values of the category column
    category_column: str = "category"
    number_columns: tuple[str, ...] = ()     # must parse as a positive number
    flag_column: str | None = None           # "|"-separated flags, each from ``flags``
    flags: frozenset[str] = frozenset()


def _cats(*names: str) -> frozenset[str]:
    return frozenset(names)


SCHEMAS: dict[str, Schema] = {
    "units": Schema(
        ("written", "code", "factor", "kind", "flags"),
        _cats("count", "measure", "currency", "percent", "pp", "times", "duration", "streak"),
        category_column="kind", number_columns=("factor",), flag_column="flags",
        flags=_cats("needs_mult", "attributive", "chinese_only", "arabic_only", "terminal"),
    ),
    "qualifiers": Schema(("word", "category"), _cats(
        "before_under", "before_over", "before_approximately",
        "after_over", "after_under", "after_approximately",
        # 迈上|5万亿|台阶: over only with the step noun after the figure; 3万亿|量级: approximately
        "step_verb", "step_noun", "noun_approximately")),
    "change_verbs": Schema(("word", "category"), _cats(
        "level", "level_to", "increase", "increase_absolute", "decrease",
        "after_increase", "after_decrease", "compare_up", "compare_down", "compare_what", "compare_suffix",
        "compare_rate", "rate_increase", "rate_decrease", "rate_verb", "mixed_action", "new_opener",
        # named_flow: an indicator named by its flow (新增农村劳动力转移就业|5.3万人): a level
        "named_flow")),
    "clause_cues": Schema(("word", "category"), _cats(
        "per_year", "per_year_prefix", "per_year_verb", "cumulative", "base", "actual",
        "base_prefix", "clause_opener")),
    # target: a clause cue making its figures targets (力争, 计划到…); plan_deadline: a word
    # right after a month making it a deadline ahead (6月底前); plan_future: a word making a
    # clause's months future without making its figures targets (预计: an estimate; 计划: also
    # a noun phrase, 计划竣工投产项目已投产176个 is an actual)
    "target_cues": Schema(("word", "category"), _cats("target", "plan_deadline", "plan_future")),
    # document kinds by title word (work_report, bulletin); words of a title that only mentions a
    # work report (work_report_not: 解读, 关于…); heading words of a target section, and words
    # making a heading a review of one (section_review: 完成情况, 进展, 成效, 回顾…);
    # address words that close a block of a speech; words making a plan name its first year;
    # words making a plan name in a work report's heading its period (plan_as_period: 时期, 目标)
    "period_context": Schema(("word", "category"), _cats(
        "work_report", "work_report_not", "bulletin", "section_target", "section_review", "block_closer", "plan_first_year",
        "plan_as_period")),
    # bare_measure: a subject that is only a measure word (总量, 增速) names the previous subject's
    # measure; comparator_start: a subject that opens with a comparison (快于经济增速) is none;
    # entity_head: how the last word of a named entity ends (…科创园, …机场, …公司), which the subject
    # belongs to (subject_entity); entity_generic: a first word that makes it a class, not a name;
    # measure_head: the measure noun a sector's figure shares with the one before it (采矿业增加值…，
    # 制造业|增长2.2%: 制造业增加值); measure_end: a subject ending so names a measure already (a count
    # of anything else is its 数); sector_end: how a sector or category ends (制造业, 食品类);
    # relation_start: a subject opening so relates the previous one to a whole (占规模以上工业比重);
    # area_unit / length_unit: written units whose figure is an area (面积) / a length (长度), which a
    # subject naming only the thing measured gets (造林|100万亩: 造林面积); count_verb: a verb right
    # before a counted noun that says which ones are counted (建成|运输机场3座), kept in its subject;
    # series_expand: ``word=part|part``, a word that stands for a list (城乡=城镇|农村: 城乡居民收入分别…)
    # enrol_verb: ``verb=noun``, 参加…人数 read as …参保人数; flow_amount: a flow (出口) whose figure
    # in money is its 额 (出口额); part_measure: ``whole=measure``, what the parts of a whole measure in
    # a table (生产总值=增加值: 第一产业 under 地区生产总值); index_measure: a column header every row
    # label of a table takes (指数: 居民消费价格指数)
    # lead_scope: a scope word trimmed only before the verbs of ``lead`` (全省|新增…), never after one
    # (新增|全国重点实验室: part of the name); name_scope: a scope word trimmed only right before
    # those verbs (全国|新增…), else it opens a name (全国重点实验室由7家增至16家)
    "subject_words": Schema(("word", "category"), _cats("time", "lead", "lead_scope", "trail", "after_adverb", "after_verb",
                                                         "bare_measure", "comparator_start", "entity_head",
                                                         "entity_generic", "measure_head", "measure_end",
                                                         "sector_end", "relation_start", "area_unit",
                                                         "length_unit", "count_verb", "series_expand",
                                                         "enrol_verb", "flow_amount", "part_measure",
                                                         "index_measure", "name_scope",
                                                         # a sentence's whole (限额以上…单位|商品零售额中，): where
                                                         # its scope ends; an abbreviation or bare word = its
                                                         # standard name (营收=营业收入, 出生率=人口出生率)
                                                         "scope_end", "standard_name",
                                                         # a zone (…园, …区): a topic whose figures are its own
                                                         "zone_head",
                                                         # took_measure: the one word naming the time a
                                                         # milestone took (40天开工: …开工用时);
                                                         # occurrence_unit: ``unit=measure``, a count unit of
                                                         # times an event was held (举办2届…: …举办届数)
                                                         # topic_mark: a sentence's opening clause so ending
                                                         # sets its topic (煤炭…开采方面，…产量: 煤炭产量)
                                                         # measured_work: a count verb naming the work a length
                                                         # or area is of, written after the thing (…管网改造长度)
                                                         "took_measure", "occurrence_unit", "topic_mark",
                                                         # done_share: ``verb=measure``, a percent right after
                                                         # the verb is the share done (完成25%: …完成比例)
                                                         # class_all: a class word for all kinds (各类), after
                                                         # which examples before 等 are no part of a subject
                                                         "measured_work", "done_share", "class_all")),
    "figure_contexts": Schema(("word", "category"), _cats(
        "quantity_cue", "duration_ok", "duration_bad", "money_subject", "rank_context", "verb_after",
        "landmark_after", "ratio_verb", "ratio_noun", "achieve_before_quote", "bare_cue",
        # rank_place: a scope before a written rank (全国第一, 全国前三, 居…首位); duration_after: a
        # milestone after a duration (40天开工); ratio_chain_noun: the noun before 3.9:39.0:57.1
        "rank_place", "duration_after", "ratio_chain_noun",
        # an indicator's Latin acronym glued to its figure (全国GDP5.5%的增长目标)
        "acronym_before")),
    # generic: words that look like a division's name or short name but are ordinary words, never
    # a region alias; blocker: ordinary words that contain a region name (长治久安, 长白山), read as
    # one word so the name inside them is no region (orchestration/inputs/regions.py)
    "region_generic": Schema(("word", "category"), _cats("generic", "blocker")),
    # linking.py: what may stand around a catalog alias inside a fact's subject. same_measure: a
    # word after the alias that keeps the measure (总额, 增速); longer_measure: a word after it that
    # makes another measure (贡献率, 占比, 能耗) — any other word after it refuses as well, these
    # name the reason; relation_end: a word ending the text before the alias that relates two
    # measures (工业|对|GDP…, 投资|占|…); scope: a word before the alias that keeps the measure
    # (全省, 省级); aggregate_head: an alias ending so is an aggregate, and a sub-sector before it
    # (装备|制造业增加值, 民间|投资) makes another measure; series_head: the head noun an earlier
    # item of a 、/分别 list borrows from the last item (新能源产业、装备制造业增加值分别…);
    # predicate_after: a word right after a count-first subject that makes the figure a count of
    # those that did something (5所高职院校|入选…, 3500所村卫生室|达到…标准), not of the stock;
    # split_scope: a scope word that names several populations, which a 分别 list then splits
    # (城乡居民人均可支配收入分别增长7%和8%: urban, then rural), so no one figure is the whole;
    # class_marker: a grade before the alias that makes a subclass (示范型|老人家食堂); effect_lead: a
    # word right before the subject in the sentence making the figure an effect (带动|陕西进出口…)
    "link_words": Schema(("word", "category"), _cats(
        "same_measure", "longer_measure", "relation_end", "scope", "aggregate_head", "series_head",
        "predicate_after", "split_scope", "class_marker", "effect_lead", "entity_head", "rank_scope",
        # indicator families (linking.family_member): a subject so opening is a bad cut; a verb of
        # doing opening a member is dropped from it; a level word opening it is the member's level
        "family_bad_start", "family_lead_verb", "family_end_verb", "family_level", "family_rank_field", "family_fallback_stop",
        "entity_lead", "population_part", "person_noun")),
    # words that begin with a written unit but are another word (numbers.unit_pattern)
    "unit_stops": Schema(("word", "category"), _cats("continuation")),
}


def _number(value: str, path: Path, line: int, column: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise LexiconError(path, line, f"column {column!r}: {value!r} is not a number") from None
    if not number > 0:
        raise LexiconError(path, line, f"column {column!r}: {value!r} must be positive")
    return number


@cache
def _load(directory: Path, name: str) -> tuple[dict, ...]:
    schema = SCHEMAS[name]
    path = directory / f"{name}.csv"
    if not path.is_file():
        raise LexiconError(path, 1, f"lexicon {name!r} is missing")
    key_column = schema.columns[0]
    out: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]
        if header != list(schema.columns):
            raise LexiconError(path, 1, f"header must be {','.join(schema.columns)}, not {','.join(header) or '(empty)'}")
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields) or fields[0].lstrip().startswith("#"):
                continue  # blank line or comment
            if len(fields) != len(schema.columns):
                raise LexiconError(path, line, f"{len(fields)} fields, header has {len(schema.columns)}")
            row = dict(zip(schema.columns, fields))
            word = row[key_column]
            if not word.strip():
                raise LexiconError(path, line, f"column {key_column!r}: empty word")
            if word != word.strip():
                raise LexiconError(path, line, f"column {key_column!r}: {word!r} has surrounding spaces")
            category = row[schema.category_column].strip()
            if category not in schema.categories:
                raise LexiconError(path, line, f"column {schema.category_column!r}: unknown category {category!r} "
                                               f"(one of {'|'.join(sorted(schema.categories))})")
            key = (word, category if schema.category_column == "category" else "")
            if key in seen:
                raise LexiconError(path, line, f"duplicate entry {word!r}" + (f" in {category!r}" if key[1] else "")
                                               + f" (first on line {seen[key]})")
            seen[key] = line
            for column in schema.number_columns:
                row[column] = _number(row[column].strip(), path, line, column)
            if schema.flag_column:
                flags = [f for f in row[schema.flag_column].strip().split("|") if f]
                unknown = [f for f in flags if f not in schema.flags]
                if unknown:
                    raise LexiconError(path, line, f"column {schema.flag_column!r}: unknown flag {unknown[0]!r} "
                                                   f"(one of {'|'.join(sorted(schema.flags))})")
                row[schema.flag_column] = "|".join(flags)
            row[schema.category_column] = category
            row["source_line"] = line
            out.append(row)
    return tuple(out)


def rows(name: str, directory: Path | None = None) -> tuple[dict, ...]:
    """The validated rows of one lexicon (each with its ``source_line``), in file order."""
    if name not in SCHEMAS:
        raise KeyError(f"no lexicon named {name!r} (one of {sorted(SCHEMAS)})")
    return _load((directory or DIRECTORY).resolve(), name)


def words(name: str, *categories: str, directory: Path | None = None) -> tuple[str, ...]:
    """The words of the given categories of one lexicon, in file order."""
    schema = SCHEMAS[name]
    unknown = [c for c in categories if c not in schema.categories]
    if unknown:
        raise KeyError(f"lexicon {name!r} has no category {unknown[0]!r}")
    key = schema.columns[0]
    return tuple(r[key] for r in rows(name, directory) if r[schema.category_column] in categories)


def load(directory: Path | None = None) -> dict[str, tuple[dict, ...]]:
    """Every lexicon of a directory, validated (raises :class:`LexiconError` on the first problem)."""
    return {name: rows(name, directory) for name in SCHEMAS}
