"""Link extracted facts to the curated indicator catalog, and apply curated overrides.

* :func:`load_indicators` reads catalog rows (``seeds/curated/indicators.csv``).
* :func:`link` assigns ``indicator_code`` by matching the fact's subject against indicator
  names and aliases, and can say no: an alias inside a longer measure (``贡献率``, ``占比``,
  a sub-sector's ``增加值``), an alias met only in a neighbour's subject, a relative change of
  a share are refused (words in ``lexicons/link_words.csv``), and so are an alias inside a
  longer one, a size class, grade or per-head prefix, a ``城乡…分别`` figure, a count-first
  subject followed by a predicate (入选, 达到) and a run of figures left with one subject
  (:func:`position_rule`, :func:`fact_refusal`, :func:`undistributed_list`); every fact keeps the rule and
  score of its link, or the refusal, in ``link_rule``/``link_score``. The longest accepted
  alias wins, among indicators whose unit is compatible with the fact (a relative change – ``增长5%``, ``增长1.8倍`` – fits any
  indicator; a change in percentage points needs a percent indicator; otherwise the units
  must be equal).  On equal alias length a growth-type indicator wins for a percent change
  (``地区生产总值增长4.8%`` -> GDP growth) and a non-growth one otherwise.  The subject alone
  is tried first, then ``subject_context + subject`` (``集中式光伏项目`` + ``装机容量``).
  Unmatched facts keep ``indicator_code=None``. A curated subject map
  (``seeds/curated/subject_map.csv``: normalised subject -> indicator, :func:`candidate_key`)
  is tried before the aliases: a fact whose normalised subject is mapped links to that
  indicator (rule ``subject_map``) when its unit and stat type fit.
* :func:`apply_overrides` applies curated corrections (``seeds/curated/fact_overrides.csv``):
  ``reject`` keeps the fact with ``status='rejected'``; ``relink`` sets the indicator and
  records the override.  A row matching no fact – or several – raises
  :class:`OverrideError` naming the row.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orchestration.parsing.facts import Fact
from orchestration.parsing.facts.subjects import gap_indicators
from orchestration.parsing.lexicons import words as lexicon_words

__all__ = [
    "CATALOG_COLUMNS",
    "DIRECTIONS",
    "FAMILY_COLUMNS",
    "Family",
    "FamilyMember",
    "STAT_TYPES",
    "Indicator",
    "IndicatorError",
    "OverrideError",
    "apply_overrides",
    "candidate_key",
    "family_member",
    "link",
    "load_families",
    "load_indicators",
    "subject_map",
]

FAMILY_COLUMNS = ("family", "name_zh", "name_en", "heads", "units", "stat_type", "theme", "direction")
CATALOG_COLUMNS = ("code", "name_zh", "name_en", "theme", "canonical_unit", "stat_type", "direction", "aliases")
OVERRIDE_COLUMNS = ("doc_id", "quote", "action", "indicator_code", "note")
STAT_TYPES = frozenset({"count", "level", "share", "rate", "growth", "rank"})
DIRECTIONS = frozenset({"higher_is_better", "lower_is_better", "neutral"})
ACTIONS = frozenset({"reject", "relink"})


class IndicatorError(ValueError):
    """A malformed indicator catalog row."""


class OverrideError(ValueError):
    """An override row that is malformed or does not match exactly one fact."""


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    theme: str
    canonical_unit: str
    stat_type: str
    direction: str
    aliases: tuple[str, ...]  # name_zh first, then the listed aliases


_QUOTES_RE = re.compile(r"[\"'“”‘’「」『』_]")


def unquoted(text: str) -> str:
    """Text without quotation marks and markdown underscores: ``“瞪羚”企业`` and ``瞪羚企业``,
    ``PM_2.5`` and ``PM2.5`` name one measure."""
    return _QUOTES_RE.sub("", text)


def _read_rows(source: Iterable[Mapping[str, str]] | str | os.PathLike) -> list[Mapping[str, str]]:
    if isinstance(source, (str, os.PathLike)):
        with Path(source).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    return list(source)


def load_indicators(rows: Iterable[Mapping[str, str]] | str | os.PathLike) -> list[Indicator]:
    """Indicators from catalog rows (dicts with :data:`CATALOG_COLUMNS`) or a CSV path.

    Validated on load, errors naming the file and line (``indicators.csv:12: …``; ``indicator
    row N`` for rows given as dicts): every column present, a code that is set and unique, a
    known stat type and direction, and no alias (quotes ignored) listed by two indicators of the
    same canonical unit and stat type, which would make the link a coin toss.
    """
    path = Path(rows) if isinstance(rows, (str, os.PathLike)) else None
    out: list[Indicator] = []
    seen: set[str] = set()
    owners: dict[tuple[str, str, str], tuple[str, str]] = {}
    for i, row in enumerate(_read_rows(rows), start=1):
        where = f"{path.name}:{i + 1}" if path else f"indicator row {row.get('source_line', i)}"
        missing = [c for c in CATALOG_COLUMNS if c not in row or row[c] is None]
        if missing:
            raise IndicatorError(f"{where}: missing column(s) {missing}")
        code = row["code"].strip()
        if not code or code in seen:
            raise IndicatorError(f"{where}: empty or duplicate code {code!r}")
        if row["stat_type"] not in STAT_TYPES:
            raise IndicatorError(f"{where} ({code}): stat_type {row['stat_type']!r} not in {sorted(STAT_TYPES)}")
        if row["direction"] not in DIRECTIONS:
            raise IndicatorError(f"{where} ({code}): direction {row['direction']!r} not in {sorted(DIRECTIONS)}")
        aliases = [row["name_zh"].strip()] + [a.strip() for a in (row["aliases"] or "").split("|")]
        aliases = list(dict.fromkeys(a for a in aliases if a))
        for alias in aliases:
            key = (unquoted(alias), row["canonical_unit"].strip(), row["stat_type"])
            other = owners.setdefault(key, (code, where))
            if other[0] != code:
                raise IndicatorError(f"{where} ({code}): alias {alias!r} is also an alias of {other[0]} "
                                     f"({other[1]}) with the same unit and stat type")
        seen.add(code)
        out.append(Indicator(
            code=code, name_zh=row["name_zh"].strip(), name_en=row["name_en"].strip(), theme=row["theme"].strip(),
            canonical_unit=row["canonical_unit"].strip(), stat_type=row["stat_type"], direction=row["direction"],
            aliases=tuple(aliases),
        ))
    return out


def unit_compatible(fact: Fact, indicator: Indicator) -> bool:
    """Can this fact be an observation of this indicator?"""
    if fact.change_kind != "level" and fact.change_unit in ("percent", "times"):
        return True  # a relative change says nothing about the unit
    if fact.change_unit == "pp":
        return indicator.canonical_unit == "percent"
    return fact.unit_code == indicator.canonical_unit


_ENTITY_COUNT_UNITS = frozenset({"count", "household"})


def entity_count(fact: Fact, indicator: Indicator, alias: str, words: _Words | None = None) -> bool:
    """A count of entities written in 户 for a count indicator, or in 家/个 for a 户 one.

    ``规上工业企业达到4358户`` counts enterprises as ``专精特新中小企业1003家`` does: when the
    alias ends with a noun naming entities (``link_words.csv`` category ``entity_head``: 企业,
    主体…), the units ``count`` and ``household`` are one. Households of a housing measure
    (``改造城镇老旧小区9.8万户``) stay apart: 小区 names no entity.
    """
    words = words or _link_words()
    return (fact.change_kind == "level" or fact.change_unit == "absolute") and fact.unit_code != indicator.canonical_unit \
        and {fact.unit_code, indicator.canonical_unit} <= _ENTITY_COUNT_UNITS \
        and _COUNT_END_RE.sub("", unquoted(alias)).endswith(words.entity_head)


def rank_fits(fact: Fact, indicator: Indicator, measure: str, words: _Words | None = None) -> bool:
    """May a rank figure be an observation of this rank indicator?

    A rank indicator holds the rank of its measure in the field its name says (``rank_scope``:
    全国位次, 全省位次): the figure is a level, the sentence names that field in the few
    characters before it (``居全国第4位``; not ``居中部第1``, ``全球第1位``, nor a move
    ``排名提升7位``), and the rank of a growth
    (``增速居全国第4位``) is the rank of the growth indicator only (growth words in the measure
    exactly when in the indicator's name).
    """
    if indicator.stat_type != "rank":
        return True
    words = words or _link_words()
    if fact.change_kind != "level":
        return False
    sentence = fact.sentence or ""
    start = fact.char_start - fact.sentence_start
    before = re.split(r"[。；;！!？?]", sentence[max(0, start - 16):max(0, start)])[-1]
    fields = [w for w in words.rank_scope if w in indicator.name_zh]
    if fields and not any(w in before for w in fields):
        return False
    growth = tuple(words.growth_words)
    return any(w in measure for w in growth) == any(w in indicator.name_zh for w in growth)


class _AliasIndex:
    """Aliases grouped by first character, for substring search without scanning them all."""

    def __init__(self, indicators: Sequence[Indicator]):
        self.by_char: dict[str, list[tuple[str, int, Indicator]]] = {}
        for order, ind in enumerate(indicators):
            for alias in dict.fromkeys(unquoted(a) for a in ind.aliases):
                if alias:
                    self.by_char.setdefault(alias[0], []).append((alias, order, ind))

    def find(self, text: str) -> list[tuple[str, int, Indicator]]:
        return [(alias, order, ind) for _, alias, order, ind in self.find_at(text)]

    def find_at(self, text: str) -> list[tuple[int, str, int, Indicator]]:
        hits = []
        for i, ch in enumerate(text):
            for alias, order, ind in self.by_char.get(ch, ()):
                if text.startswith(alias, i):
                    hits.append((i, alias, order, ind))
        return hits


# ----------------------------------------------------------------------------- link rules
# link_rule values: why a fact was linked, or why its best alias was refused ("refused_…:detail|alias").
LINK_RULES = frozenset({
    "subject", "subject_map", "subject_lead", "subject_scope", "subject_prefix", "same_measure_suffix", "context_span", "override",
    "no_subject", "no_alias", "refused_unit", "refused_stat_type", "refused_longer_measure", "refused_relation",
    "refused_sub_sector", "refused_neighbour", "refused_predicate", "refused_split_scope", "refused_undistributed_list",
    "refused_entity", "subject_verb", "family",  # family:<name>, a member of an indicator family (seeds/curated/indicator_families.csv)
})
_SCORES = {"subject": 1.0, "subject_map": 0.95, "subject_lead": 0.9, "subject_scope": 0.9,
           "same_measure_suffix": 0.85, "subject_prefix": 0.8, "context_span": 0.75, "override": 1.0, "subject_verb": 0.85,
           "family": 0.7}


@dataclass(frozen=True)
class _Words:
    same_measure: frozenset[str]
    longer_measure: tuple[str, ...]
    relation_end: tuple[str, ...]
    scope: tuple[str, ...]            # longest first
    aggregate_head: tuple[str, ...]
    predicate_after: tuple[str, ...] = ()
    split_scope: tuple[str, ...] = ()
    class_marker: tuple[str, ...] = ()
    effect_lead: tuple[str, ...] = ()
    entity_head: tuple[str, ...] = ()
    rank_scope: tuple[str, ...] = ()
    growth_words: tuple[str, ...] = ("增速", "增幅", "增长率", "涨幅", "增长", "增量", "年均增长")
    family_bad_start: tuple[str, ...] = ()
    family_lead_verb: tuple[str, ...] = ()   # longest first
    family_level: tuple[str, ...] = ()       # longest first
    family_end_verb: tuple[str, ...] = ()    # longest first
    family_rank_field: tuple[str, ...] = ()
    family_fallback_stop: tuple[str, ...] = ()
    entity_lead: tuple[str, ...] = ()
    population_part: tuple[str, ...] = ()
    person_noun: tuple[str, ...] = ()


@cache
def _link_words(directory: Path | None = None) -> _Words:
    def w(*cats: str) -> tuple[str, ...]:
        return lexicon_words("link_words", *cats, directory=directory)
    return _Words(frozenset(w("same_measure")), tuple(sorted(w("longer_measure"), key=len, reverse=True)),
                  w("relation_end"), tuple(sorted(w("scope"), key=len, reverse=True)), w("aggregate_head"),
                  w("predicate_after"), w("split_scope"), w("class_marker"), w("effect_lead"),
                  w("entity_head"), w("rank_scope"), family_bad_start=w("family_bad_start"),
                  family_lead_verb=tuple(sorted(w("family_lead_verb"), key=len, reverse=True)),
                  family_level=tuple(sorted(w("family_level"), key=len, reverse=True)),
                  family_end_verb=tuple(sorted(w("family_end_verb"), key=len, reverse=True)),
                  family_rank_field=w("family_rank_field"), family_fallback_stop=w("family_fallback_stop"),
                  entity_lead=w("entity_lead"), population_part=w("population_part"),
                  person_noun=w("person_noun"))


# a date before the measure never changes it (到2030年|人均地区生产总值, 2025年末|常住人口)
_TIME_PREFIX_RE = re.compile(r"^(到|至|截至)?[0-9０-９]{4}年(末|底|全年)?")


def _strip_scope(prefix: str, words: _Words) -> str:
    changed = True
    while prefix and changed:
        changed = False
        dated = _TIME_PREFIX_RE.match(prefix)
        if dated and dated.end():
            prefix, changed = prefix[dated.end():], True
            continue
        for word in words.scope:
            if prefix.startswith(word):
                prefix, changed = prefix[len(word):], True
                break
    return prefix


# a count word ending an alias (经营主体数, 专精特新中小企业数量): the alias's head noun is before it
_COUNT_END_RE = re.compile("(总数|个数|数量|数)$")


# a prefix naming a size class (投资超10亿元…, 5000万元以上…): the alias's measure for a subset only
_SIZE_CLASS_RE = re.compile(r"(超|超过|逾)[0-9０-９]|[0-9０-９.]+[亿万千百]?[元吨]?(以上|及以上)")


# a prefix making the measure one per head (每10万人…, 每千人口…, 人均…)
_PER_CAPITA_RE = re.compile(r"每[0-9０-９十百千万]*(万|千|百)?(人|人口|户)|人均")


def position_rule(text: str, pos: int, alias: str, subject_offset: int = 0,
                  words: _Words | None = None) -> tuple[bool, str]:
    """May the alias found at ``pos`` of ``text`` stand for the whole measure? (ok, rule[:detail]).

    ``text`` is the subject, or ``subject_context + subject`` with the subject from
    ``subject_offset`` on. Rules, in order: an alias wholly inside the context is a neighbour's
    subject (refused_neighbour); a word after the alias that is not a same-measure word makes a
    longer, other measure (refused_longer_measure: 贡献率, 占比…); text before it ending in a
    relation word relates two measures (refused_relation: 工业对GDP…; 、 ends a coordinated list,
    whose one figure is the members' sum unless 均 says it is each one's); an aggregate alias
    (…增加值, 投资) after anything but scope words is a sub-sector's (refused_sub_sector).
    """
    words = words or _link_words()
    end = pos + len(alias)
    if subject_offset and end <= subject_offset:
        return False, "refused_neighbour"
    suffix, prefix = text[end:], text[:pos]
    if alias.endswith("数") and suffix.startswith("量"):
        suffix = suffix[1:]  # 高新技术企业数|量: the alias's 数 begins 数量, the same count
    if suffix and suffix not in words.same_measure:
        named = next((w for w in words.longer_measure if w in suffix), None)
        return False, f"refused_longer_measure:{named or suffix[:8]}"
    relation = next((w for w in words.relation_end if prefix.endswith(w)), None)
    if relation:
        return False, f"refused_relation:{relation}"
    rest = _strip_scope(prefix, words)
    if rest and _COUNT_END_RE.sub("", alias).endswith(words.aggregate_head):  # 经营主体(数)
        return False, f"refused_sub_sector:{rest[-8:]}"
    if rest and rest.endswith(words.class_marker):
        return False, f"refused_sub_sector:{rest[-8:]}"  # 示范型|老人家食堂: a grade, a subclass
    if rest and _PER_CAPITA_RE.search(rest):
        return False, f"refused_sub_sector:{rest[-8:]}"  # 每10万人|刑事案件数: a rate per head, not the count
    if rest and _SIZE_CLASS_RE.search(rest):
        return False, f"refused_sub_sector:{rest[-8:]}"  # 投资超10亿元|重大项目: a size class, not all
    if subject_offset:
        return True, "context_span"
    if suffix:
        return True, "same_measure_suffix"
    if rest:
        return True, "subject_prefix"
    return True, "subject_scope" if prefix else "subject"


_KEY_PUNCT_RE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】·•,，、:：;；.。!！?？]+")


def candidate_key(entity: str | None, subject: str | None) -> str:
    """The one normalised form of a subject, for grouping and for curated subject maps.

    The full subject (the entity in front unless the subject holds it), NFKC (full-width to
    half-width), without spaces, quotes, brackets and punctuation, and without leading scope
    words (全省, 全市…, ``link_words.csv`` category ``scope``), which never change the measure.
    """
    entity, subject = entity or "", subject or ""
    text = subject if entity in subject else entity + subject
    text = _KEY_PUNCT_RE.sub("", unicodedata.normalize("NFKC", text))
    stripped = _strip_scope(text, _link_words())
    return stripped or text


def stat_compatible(fact: Fact, indicator: Indicator, measure: str | None = None) -> bool:
    """Can the fact's kind of figure be an observation of the indicator's stat type?

    A relative change (增长5%, 增长1.8倍) is no observation of a share or a rate; a percent
    level (占比34%, 达到90%) is an observation of a growth indicator only when the words of
    the measure (``measure``: the alias and what follows it) say growth (增速, 涨幅…).
    """
    relative = fact.change_kind != "level" and fact.change_unit in ("percent", "times")
    if relative and indicator.stat_type in ("share", "rate"):
        return False
    if (measure is not None and fact.change_kind == "level" and fact.unit_code == "percent"
            and indicator.stat_type == "growth"):
        return any(w in measure for w in _link_words().growth_words)
    return True


def _shadowed(hits: list[tuple[int, str, int, Indicator]]) -> set[tuple[int, str]]:
    """Alias hits that lie inside a longer hit (出口总额 inside 进出口总额): never a measure of their own."""
    spans = {(pos, pos + len(alias)) for pos, alias, _, _ in hits}
    return {(pos, alias) for pos, alias, _, _ in hits
            if any(s <= pos and pos + len(alias) <= e and (e - s) > len(alias) for s, e in spans)}


def fact_refusal(fact: Fact, subject: str, words: _Words | None = None) -> str | None:
    """A refusal that holds for every alias, from the sentence around the figure (or None).

    * ``refused_predicate``: a count-first subject (``5所高职院校…``) followed by a predicate
      word (入选, 达到…): the figure counts those that did something, not the stock.
    * ``refused_relation``: the sentence puts an effect word (带动, 拉动) right before the subject.
    * ``refused_entity``: the sentence puts a named entity's word (机场, 集团…) right before the
      subject: the figure is that entity's, not the place's (no family member either).
    * ``refused_split_scope``: a subject opening with a scope that names several populations
      (城乡) followed by 分别 before the figure: each figure is one population's.
    """
    words = words or _link_words()
    sentence = fact.sentence or ""
    start, end = fact.char_start - fact.sentence_start, fact.char_end - fact.sentence_start
    if not (0 <= start <= end <= len(sentence)) or not subject:
        return None
    after = sentence[end:end + len(subject) + 12]
    at = after.find(subject)
    written = subject
    if at < 0 and subject.endswith("数"):  # 5项|预期性指标(数): the count word is the extractor's
        written = subject[:-1]
        at = after.find(written)
    if fact.change_kind == "level" and 0 <= at <= 2 and not _KEY_PUNCT_RE.search(after[:at]):
        tail = sentence[end + at + len(written):]
        clause = re.split(r"[，,。；;：:！!？?]", tail, maxsplit=1)[0]
        word = next((w for w in words.predicate_after if clause.startswith(w)), None)
        if word is None and clause.startswith("、"):  # 8所职业院校、12个专业群|入选…: the list's predicate
            word = next((w for w in words.predicate_after if w in clause), None)
        if word:
            return f"refused_predicate:{word}"
    lead_at = sentence[:start].rfind(subject)
    if lead_at > 0:
        word = next((w for w in words.effect_lead if sentence[:lead_at].endswith(w)), None)
        if word:
            return f"refused_relation:{word}"  # 带动|陕西进出口415.4亿元: what the trains brought, not the total
        word = next((w for w in words.entity_lead if sentence[:lead_at].endswith(w)), None)
        if word:
            return f"refused_entity:{word}"  # 昆明长水国际机场|年度旅客吞吐量: one airport's, not the province's
    scope = next((w for w in words.split_scope if subject.startswith(w)), None)
    if scope:
        before = sentence[:start]
        at = before.rfind(subject)
        if at >= 0 and "分别" in before[at + len(subject):]:
            return f"refused_split_scope:{scope}"
    return None


@cache
def _place_names() -> dict[str, tuple[str, ...]]:
    """Region code -> its names, longest first (深圳市, 深圳), from the package's division catalog."""
    from orchestration.inputs.regions import package_rows, short_name  # pure data; imported when first needed

    out: dict[str, tuple[str, ...]] = {}
    for row in package_rows():
        names = {row["name_zh"], short_name(row["name_zh"]) or ""}
        out[row["code"]] = tuple(sorted((n for n in names if len(n) >= 2), key=len, reverse=True))
    return out


def without_own_place(subject: str, region: str | None) -> str:
    """The subject without a leading name of the fact's own region (深圳|GDP of a Shenzhen figure).

    The place a figure belongs to is no sub-sector: ``深圳GDP`` in a Shenzhen text is its GDP.
    Another place's name stays, so its total (``大湾区11城GDP``) is still refused.
    """
    for name in _place_names().get(region or "", ()):
        if subject.startswith(name) and len(subject) > len(name):
            return subject[len(name):]
    return subject


def _scope_lead(fact: Fact, subject: str) -> str:
    """A scope word written right before the subject in the sentence (全国|重点实验室), or ''."""
    sentence = fact.sentence or ""
    start = fact.char_start - fact.sentence_start
    if not subject or not 0 <= start <= len(sentence):
        return ""
    at = unquoted(sentence[:start]).rfind(subject)
    if at <= 0:
        return ""
    before = unquoted(sentence[:start])[:at]
    return next((w for w in _link_words().scope if before.endswith(w)), "")


def _stated_for_each(fact: Fact) -> bool:
    """The figure is said of each member of a 、-list (``A、B均增长8%``): 均 right before it."""
    sentence = fact.sentence or ""
    start = fact.char_start - fact.sentence_start
    return bool(_EACH_RE.search(re.split(r"[，,。；;]", sentence[max(0, start - 8):max(0, start)])[-1]))


_EACH_RE = re.compile(r"(?<![年平人户])均")  # 均增长, not 年均/平均/人均


def _judge(fact: Fact, index: _AliasIndex) -> tuple[Indicator | None, str | None, str, float | None]:
    """The fact's indicator, alias, link rule and score (or None, None, the refusal, None)."""
    if not fact.subject and not fact.subject_context:
        return None, None, "no_subject", None
    entity = unquoted(getattr(fact, "subject_entity", "") or "")
    own = without_own_place(unquoted(fact.subject), fact.region)
    subject = own if entity in own else entity + own  # an entity's figure is its own
    context = unquoted(fact.subject_context or "")
    texts = [(subject, 0)]
    if context and context not in subject:
        texts.append((context + subject, len(context)))
    lead = _scope_lead(fact, own)
    if lead:  # tried first: 全国|重点实验室 names 全国重点实验室, not any 重点实验室
        texts.insert(0, (lead + subject, -len(lead)))
    percent_change = fact.change_kind != "level" and fact.change_unit == "percent"
    refusals: list[tuple[int, str, str]] = []
    for text, offset in texts:
        accepted = []
        hits = _AliasIndex.find_at(index, text)
        shadowed = _shadowed(hits)
        if offset < 0:  # the scope lead: only an alias that starts in it counts, judged as the subject
            hits = [h for h in hits if h[0] < -offset < h[0] + len(h[1]) and (h[0], h[1]) not in shadowed]
            for pos, alias, order, ind in hits:
                ok, rule = position_rule(text, pos, alias)
                if (ok and (unit_compatible(fact, ind) or entity_count(fact, ind, alias))
                        and stat_compatible(fact, ind, text[pos:]) and rank_fits(fact, ind, text[pos:])
                        and not fact_refusal(fact, fact.subject)):
                    accepted.append((len(alias), -order, alias, ind))
            if accepted:
                *_, alias, ind = max(accepted, key=lambda r: r[:2])
                return ind, alias, "subject_lead", _SCORES["subject_lead"]
            continue
        for pos, alias, order, ind in hits:
            if offset and pos >= offset:
                continue  # wholly in the subject: judged with the subject alone
            if (pos, alias) in shadowed:
                continue  # part of a longer alias: that one is judged
            ok, rule = position_rule(text, pos, alias, offset)
            if rule == "refused_relation:、" and not offset and _stated_for_each(fact):
                ok, rule = position_rule(text[pos:], 0, alias)  # 游客人次、旅游总花费|均增长8%: each one's figure
            if ok and rule == "subject_prefix" and "城乡" in ind.name_zh and _strip_scope(text[:pos], _link_words()).endswith(
                    _link_words().population_part):
                ok, rule = False, f"refused_sub_sector:{text[:pos][-8:]}"  # 农村|低保标准: one population's, not the average
            if ok and not unit_compatible(fact, ind) and not (
                    rule in ("subject", "subject_scope") and entity_count(fact, ind, alias)):
                ok, rule = False, "refused_unit"  # 户 for 家 only when the alias is the whole measure
            if ok and not (stat_compatible(fact, ind, text[pos:]) and rank_fits(fact, ind, text[pos:])):
                ok, rule = False, "refused_stat_type"
            if ok:
                refusal = fact_refusal(fact, fact.subject)
                if refusal:
                    ok, rule = False, refusal
            if ok:
                accepted.append((len(alias), (ind.stat_type == "growth") == percent_change, _SCORES[rule], -order,
                                 alias, ind, rule))
            else:
                refusals.append((len(alias), rule, alias))
        if accepted:
            *_, alias, ind, rule = max(accepted, key=lambda r: r[:4])
            return ind, alias, rule, _SCORES[rule]
    if not refusals:
        return None, None, "no_alias", None
    _, rule, alias = max(refusals, key=lambda r: r[0])
    return None, None, f"{rule}|{alias}", None


def subject_map(rows: Iterable[Mapping[str, str]], indicators: Sequence[Indicator]) -> dict[str, Indicator]:
    """Normalised subject -> indicator from subject-map rows (``subject``, ``indicator_code``).

    The subject is normalised with :func:`candidate_key`, so a row may copy the candidate mart's
    ``subject_key`` or the subject as the text writes it. An unknown indicator or a subject
    mapped twice raises :class:`IndicatorError` naming the row.
    """
    by_code = {ind.code: ind for ind in indicators}
    out: dict[str, Indicator] = {}
    for i, row in enumerate(rows, start=1):
        key = candidate_key("", row.get("subject"))
        code = (row.get("indicator_code") or "").strip()
        where = f"subject map row {row.get('source_line', i)} ({row.get('subject')!r})"
        if not key:
            raise IndicatorError(f"{where}: empty subject")
        if code not in by_code:
            raise IndicatorError(f"{where}: unknown indicator_code {code!r}")
        if key in out and out[key].code != code:
            raise IndicatorError(f"{where}: subject already mapped to {out[key].code}")
        out[key] = by_code[code]
    return out


def _mapped(fact: Fact, mapping: Mapping[str, Indicator]) -> Indicator | None:
    ind = mapping.get(candidate_key(getattr(fact, "subject_entity", ""), fact.subject))
    if ind is None:
        ind = mapping.get(candidate_key("", fact.subject))
    if ind is not None and unit_compatible(fact, ind) and stat_compatible(fact, ind):
        return ind
    return None


_LIST_GLUE_RE = re.compile(r"^\s*[、和及与]\s*$")


def undistributed_list(facts: Sequence[Fact]) -> set[str]:
    """Ids of figures written as one list (``800公里、600公里、300公里``) that all got one subject.

    Several figures of a sentence, joined only by 、/和/及, with the same subject, unit and kind
    of change, belong to several measures (``改造老旧供热、燃气、排水管网800公里、600公里…``):
    the subject names at most one of them, so none is linked (``refused_undistributed_list``).
    """
    out: set[str] = set()
    by_sentence: dict[tuple[str, int], list[Fact]] = {}
    for f in facts:
        by_sentence.setdefault((f.doc_id, f.sentence_start), []).append(f)
    for group in by_sentence.values():
        group.sort(key=lambda f: f.char_start)
        for a, b in zip(group, group[1:]):
            if (a.subject and a.subject == b.subject and a.unit_code == b.unit_code
                    and a.change_kind == b.change_kind and a.change_unit == b.change_unit):
                glue = a.sentence[a.char_end - a.sentence_start:b.char_start - b.sentence_start]
                if _LIST_GLUE_RE.match(glue):
                    out |= {a.fact_id, b.fact_id}
    return out


# ----------------------------------------------------------------------------- indicator families
@dataclass(frozen=True)
class Family:
    """A parametrised indicator (``seeds/curated/indicator_families.csv``): its members are made
    from a fact's normalised subject by rule, so the same measure in two reports joins one member."""

    family: str
    name_zh: str
    name_en: str
    heads: tuple[str, ...]   # longest first
    units: tuple[str, ...]
    stat_type: str
    theme: str
    direction: str


@dataclass(frozen=True)
class FamilyMember:
    """One member of a family: the indicator a family-linked fact observes."""

    code: str        # fam_<family>_<sha1(member|unit)[:10]>
    family: str
    member: str      # the normalised measure (国家级专精特新小巨人企业): the member's Chinese name
    level: str       # a level word opening the member (国家级, 省级…), or ''
    unit: str        # the member's canonical unit
    stat_type: str


GROWTH_FAMILY, RANK_FAMILY = "growth", "rank"
_DERIVED = (GROWTH_FAMILY, RANK_FAMILY)  # families whose member is a measure another family names


def _as_list(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split("|")
    return tuple(dict.fromkeys(v.strip() for v in (value or ()) if v and v.strip()))


def load_families(rows: Iterable[Mapping[str, object]] | str | os.PathLike) -> list[Family]:
    """Families from rows of ``indicator_families.csv`` (dicts; lists or ``|``-strings) or its path.

    Validated on load, errors naming the row: every column of :data:`FAMILY_COLUMNS` set, a unique
    family id, a known stat type and direction, heads and units present, and no head listed by two
    families that share a unit (which family a subject belongs to would be a coin toss).
    """
    path = Path(rows) if isinstance(rows, (str, os.PathLike)) else None
    out: list[Family] = []
    owners: dict[tuple[str, str], str] = {}
    for i, row in enumerate(_read_rows(rows), start=1):
        where = f"{path.name}:{i + 1}" if path else f"family row {row.get('source_line', i)}"
        missing = [c for c in FAMILY_COLUMNS if not row.get(c)]
        if missing:
            raise IndicatorError(f"{where}: missing or empty column(s) {missing}")
        name = str(row["family"]).strip()
        if any(f.family == name for f in out):
            raise IndicatorError(f"{where}: duplicate family {name!r}")
        if row["stat_type"] not in STAT_TYPES:
            raise IndicatorError(f"{where} ({name}): stat_type {row['stat_type']!r} not in {sorted(STAT_TYPES)}")
        if row["direction"] not in DIRECTIONS:
            raise IndicatorError(f"{where} ({name}): direction {row['direction']!r} not in {sorted(DIRECTIONS)}")
        heads, units = _as_list(row["heads"]), _as_list(row["units"])
        if not heads or not units:
            raise IndicatorError(f"{where} ({name}): heads and units must list at least one word")
        for head in heads:
            for unit in units:
                other = owners.setdefault((head, unit), name)
                if other != name:
                    raise IndicatorError(f"{where} ({name}): head {head!r} in unit {unit!r} is also a head of {other}")
        out.append(Family(family=name, name_zh=str(row["name_zh"]).strip(), name_en=str(row["name_en"]).strip(),
                          heads=tuple(sorted(heads, key=len, reverse=True)), units=units,
                          stat_type=str(row["stat_type"]), theme=str(row["theme"]).strip(),
                          direction=str(row["direction"])))
    return out


# link rules after which the subject alone may still name a family member: the catalog found no
# alias, or found one that is not the whole measure; a refusal from the sentence (a predicate, a
# relation, a 分别 split, an undistributed list) holds for families too
_FAMILY_AFTER = frozenset({"no_alias", "refused_neighbour", "refused_longer_measure", "refused_sub_sector",
                           "refused_unit", "refused_stat_type"})
_MIN_STEM, _MIN_MEMBER, _MAX_MEMBER, _MIN_FALLBACK = 2, 4, 24, 4
ANY_HEAD = "*"  # heads of a fallback family: any subject of its units that no other family names


def _names_people(bare: str, words: _Words) -> bool:
    """A member of people ends with a person noun (高素质农民, 医疗旅游人次; not 育儿补贴|惠及60万人)."""
    return bare.endswith(words.person_noun) or bare.endswith(("人次", "人数", "人口"))


def _family_of(key: str, families: Sequence[Family], unit: str | None,
               adjacent: Callable[[str], bool] | None = None) -> tuple[Family, str] | None:
    """The family whose longest head ends ``key`` (after a count word) in ``unit`` (None: any unit),
    with the stem before the head long enough to say which thing it is; else None.

    A fallback family (heads ``*``) takes a key no other family's head ends, of at least
    ``_MIN_FALLBACK`` characters, holding no ``family_fallback_stop`` word (a clause, a list), a
    person noun when it counts people, and, when ``adjacent`` is given, written right beside the
    figure (``adjacent(key)``).
    """
    bare = _COUNT_END_RE.sub("", key)
    best: tuple[int, Family, str] | None = None
    for fam in families:
        if fam.family in _DERIVED or (unit is not None and unit not in fam.units):
            continue
        if fam.heads == (ANY_HEAD,):  # a fallback family: any measure of its units, when no other family has it
            words = _link_words()
            if (best is None and unit is not None and len(bare) >= _MIN_FALLBACK and (adjacent is None or adjacent(bare))
                    and not (fam.stat_type == "count" and _PER_CAPITA_RE.match(bare))
                    and not any(w in bare for w in words.family_fallback_stop)
                    and (unit not in ("person", "person_time") or _names_people(bare, words))):
                best = (0, fam, "")
            continue
        for head in fam.heads:
            stem = bare[:len(bare) - len(head)]
            if (bare.endswith(head) and len(stem) >= _MIN_STEM and len(bare) >= _MIN_MEMBER
                    and stem not in _link_words().family_lead_verb
                    and not (fam.stat_type == "count" and _PER_CAPITA_RE.match(bare))):
                if best is None or len(head) > best[0] or best[0] == 0:
                    best = (len(head), fam, head)
                break  # heads are longest first
    return (best[1], best[2]) if best else None


def _member_text(entity: str | None, subject: str, words: _Words) -> str:
    """:func:`candidate_key`, except that a level word (国家级, 省级: ``family_level``) is kept:
    a national and a provincial count are two members."""
    entity = entity or ""
    text = subject if entity in subject else entity + subject
    text = _KEY_PUNCT_RE.sub("", unicodedata.normalize("NFKC", text))
    changed = True
    while text and changed and not text.startswith(words.family_level):
        changed = False
        dated = _TIME_PREFIX_RE.match(text)
        if dated and dated.end():
            text, changed = text[dated.end():], True
            continue
        word = next((w for w in words.scope if text.startswith(w)), None)
        if word and len(text) > len(word):
            text, changed = text[len(word):], True
    return text


_LIST_CUT_RE = re.compile("^.[和及与]")
# a count word inside a subject, before another head (超200亿元县数|产值): two subjects run together
_INNER_COUNT_RE = re.compile("(?<![指系倍函参分])数(?![字据量码智值学])..")
_PAREN_RE = re.compile(r"[（(][^）)]*[）)]")


def _several_measures(fact: Fact) -> bool:
    """One figure said of a 、-list of measures (造纸与木材加工、石化化工、电力、机械产业|超2千亿元;
    a rank of 牛奶、牛肉、羊肉…等产量): no member. Examples of one thing (A、B等首店) are one measure,
    unless the figure is a rank; a list in brackets (县（市、区）) is no list of measures."""
    subject = _PAREN_RE.sub("", fact.subject or "")
    if "、" not in subject:
        return False
    return fact.unit_code == "rank" or "等" not in subject.rsplit("、", 1)[-1]  # 市和两当县: a list cut after its first character


def member_key(fact: Fact, words: _Words | None = None) -> str:
    """The measure a family member is named by: the normalised subject (:func:`candidate_key`),
    the fact's own place and a leading verb of doing dropped; '' when it is a bad cut."""
    words = words or _link_words()
    key = _member_text(getattr(fact, "subject_entity", ""), without_own_place(unquoted(fact.subject or ""), fact.region), words)
    if (not key or key.startswith(words.family_bad_start) or len(key) > _MAX_MEMBER or key[0].isdigit()
            or _LIST_CUT_RE.match(key)):
        return ""
    verb = next((v for v in words.family_lead_verb if key.startswith(v) and len(key) > len(v) + _MIN_STEM), "")
    key = key[len(verb):]
    if verb and key.startswith("的"):  # 创建的|乡村振兴示范村
        key = key[1:]
    end = next((v for v in words.family_end_verb if key.endswith(v) and len(key) > len(v) + _MIN_STEM), "")
    key = key[:len(key) - len(end)]
    if (key.startswith(words.family_bad_start) or re.search(r"[0-9０-９]", _COUNT_END_RE.sub("", key)[-3:])
            or _INNER_COUNT_RE.search(key)):
        return ""
    return key


def _member(family: Family, member: str, unit: str, words: _Words) -> FamilyMember:
    import hashlib

    digest = hashlib.sha1(f"{member}|{unit}".encode()).hexdigest()[:10]
    level = next((w for w in words.family_level if member.startswith(w)), "")
    return FamilyMember(code=f"fam_{family.family}_{digest}", family=family.family, member=member, level=level,
                        unit=unit, stat_type=family.stat_type)


def _rank_field(fact: Fact, words: _Words) -> str:
    """The field written right before a rank figure, in its clause (居|全国|第4, 居中部第1), or ''."""
    sentence = fact.sentence or ""
    start = fact.char_start - fact.sentence_start
    before = re.split(r"[，,。；;！!？?、]", sentence[max(0, start - 10):max(0, start)])[-1]
    hits = [(before.rfind(w), w) for w in words.family_rank_field if w in before]
    return max(hits)[1] if hits else ""


def family_member(fact: Fact, families: Sequence[Family], words: _Words | None = None) -> FamilyMember | None:
    """The family member this (unlinked) fact observes, or None.

    * A level or an absolute change: the family whose head ends the member (:func:`member_key`)
      and whose units hold the fact's unit; the member keeps that unit (亩 and 平方公里 stay
      apart: their values differ by 1500).
    * A change in percentage points: a member of a percent family (share, rate).
    * A relative change in % (增长8%, 下降3%): a member of ``growth`` whose measure another family
      names (not a share or a rate: their relative change is no growth); a percent level written
      as a growth (``X增速8%``) joins the same member.
    * A rank (``居全国第4``): a member of ``rank`` whose measure another family names, or a noun
      phrase a fallback family would take (人工智能产业发展评价), with the field the clause names
      right before the figure (no field: no member).
    A change in 倍 has no family.
    """
    words = words or _link_words()
    key = member_key(fact, words)
    by_name = {f.family: f for f in families}
    growth = by_name.get(GROWTH_FAMILY)
    if not key or _borrowed_whole(fact, key, families) or _several_measures(fact):
        return None
    if fact.change_kind != "level" and fact.change_unit == "percent":
        head = next((h for h in growth.heads if key.endswith(h)), "") if growth else ""
        measure = key[:len(key) - len(head)]  # X增速|提高到8%: the growth of X
        hit = _family_of(measure, families, None)
        if growth is None or hit is None or hit[0].stat_type in ("share", "rate"):
            return None
        return _member(growth, measure, "percent", words)
    if fact.change_kind != "level" and fact.change_unit not in ("absolute", "pp"):
        return None
    unit = "percent" if fact.change_unit == "pp" else fact.unit_code
    if growth is not None and unit == "percent":  # X增速8%, X增速提高1.2个百分点: a growth of X
        head = next((h for h in growth.heads if key.endswith(h)), None)
        hit = _family_of(key[:-len(head)], families, None) if head else None
        if hit and hit[0].stat_type not in ("share", "rate"):
            return _member(growth, key[:-len(head)], "percent", words)
    rank = by_name.get(RANK_FAMILY)
    if rank is not None and unit == "rank" and fact.change_kind == "level":
        field = _rank_field(fact, words)
        bare = _COUNT_END_RE.sub("", key)
        named = _family_of(key, families, None) or (  # 人工智能产业发展评价|居全国第5位: any noun phrase
            len(bare) >= _MIN_FALLBACK and not any(w in bare for w in words.family_fallback_stop))
        if field and named:
            return _member(rank, f"{key}|{field}", "rank", words)
        return None
    hit = _family_of(key, families, unit, lambda bare: _beside(fact, bare))
    if hit is None:
        return None
    return _member(hit[0], key, unit, words)


def _borrowed_whole(fact: Fact, key: str, families: Sequence[Family]) -> bool:
    """A list item that is a measure on its own, given a head written only after a later item.

    ``免签入境游客、…、离岛免税销售额分别增长38.9%、64%…``: the subject ``免签入境游客销售额`` is
    not written in the sentence; its item ``免签入境游客`` is followed by 、 and already names people
    or entities (a head of a family counting people, or an ``entity_head``: 企业…), so the
    borrowed head 销售额 is the last item's only.
    (``新能源产业、装备制造业增加值``: 新能源产业 names no measure, it borrows 增加值.)
    """
    bare = _COUNT_END_RE.sub("", key)
    if bare in unquoted(fact.sentence or ""):
        return False
    hit = _family_of(bare, families, None)
    if hit is None:
        return False
    item = bare[:len(bare) - len(hit[1])]
    if f"{item}、" not in unquoted(fact.sentence or ""):
        return False  # not a list item (新建改造城市道路|4767公里: the extractor named the length)
    words = _link_words()
    own = _family_of(item, families, None)
    return item.endswith(words.entity_head) or (own is not None and "person" in own[0].units)


def _beside(fact: Fact, bare: str) -> bool:
    """Is ``bare`` written right before the figure or right after it (quotes ignored)?"""
    sentence = fact.sentence or ""
    start, end = fact.char_start - fact.sentence_start, fact.char_end - fact.sentence_start
    before = unquoted(sentence[max(0, start - len(bare) - 4):max(0, start)])
    after = unquoted(sentence[end:end + len(bare) + 4])
    return bare in before or bare in after


def _after_verb(fact: Fact, aliases: Mapping[str, list[Indicator]]) -> tuple[str, Indicator] | None:
    """A catalog alias that is the whole subject once a leading verb of doing is dropped
    (建成|电力装机2000万千瓦: the installed capacity), when unit and stat type fit; else None."""
    words = _link_words()
    key = _member_text(getattr(fact, "subject_entity", ""), without_own_place(unquoted(fact.subject or ""), fact.region), words)
    verb = next((v for v in words.family_lead_verb if key.startswith(v)), "")
    if not verb or fact_refusal(fact, fact.subject):
        return None
    alias = key[len(verb):]
    fits = [ind for ind in aliases.get(alias, ()) if unit_compatible(fact, ind) and stat_compatible(fact, ind, alias)
            and rank_fits(fact, ind, alias)]
    return (alias, fits[0]) if len(fits) == 1 else None


def link(facts: Iterable[Fact], indicators: Sequence[Indicator],
         subject_map_rows: Iterable[Mapping[str, str]] = (),
         families: Sequence[Family] = ()) -> list[Fact]:
    """Facts with ``indicator_code``, ``link_alias``, ``link_rule`` and ``link_score`` set.

    The catalog comes first; a subject that is a catalog alias once a leading verb of doing is
    dropped links to it (rule ``subject_verb``: 建成|电力装机). A fact it leaves unlinked (no alias, or an alias that is not the
    whole measure: ``_FAMILY_AFTER``) whose own subject names a member of an indicator family
    (:func:`family_member`) links to that member: ``indicator_code`` the member's code,
    ``link_rule`` ``family:<family>``, ``link_alias`` the member's measure.

    A fact whose normalised subject the subject map names links to that indicator when unit
    and stat type fit (rule ``subject_map``). Otherwise an alias links only when it stands for
    the subject's whole measure (:func:`position_rule`), its unit fits (:func:`unit_compatible`)
    and its stat type fits (:func:`stat_compatible`); otherwise the fact stays unlinked with the
    refusal in ``link_rule``.
    """
    index = _AliasIndex(indicators)
    aliases: dict[str, list[Indicator]] = {}
    for ind in indicators:
        for alias in dict.fromkeys(unquoted(a) for a in ind.aliases):
            aliases.setdefault(alias, []).append(ind)
    mapping = subject_map(subject_map_rows, indicators)
    facts = list(facts)
    undistributed = undistributed_list(facts)
    out = []
    def judged(fact: Fact) -> dict[str, object] | None:
        """The link fields of one fact, or None for a fact whose link stays as it is."""
        if fact.fact_id in undistributed and fact.status not in ("rejected", "relinked"):
            return {"indicator_code": None, "link_alias": None, "link_rule": "refused_undistributed_list",
                    "link_score": None}
        if fact.status == "rejected" or fact.status == "relinked":
            return None
        mapped = _mapped(fact, mapping) if mapping else None
        if mapped is not None:
            return {"indicator_code": mapped.code, "link_alias": None, "link_rule": "subject_map",
                    "link_score": _SCORES["subject_map"]}
        ind, alias, rule, score = _judge(fact, index)
        if ind is None and rule.split("|")[0].split(":")[0] in _FAMILY_AFTER:
            verb_alias = _after_verb(fact, aliases)
            if verb_alias is not None:
                return {"indicator_code": verb_alias[1].code, "link_alias": verb_alias[0], "link_rule": "subject_verb",
                        "link_score": _SCORES["subject_verb"]}
        if ind is None and families and rule.split("|")[0].split(":")[0] in _FAMILY_AFTER:
            member = family_member(fact, families)
            if member is not None:
                return {"indicator_code": member.code, "link_alias": member.member,
                        "link_rule": f"family:{member.family}", "link_score": _SCORES["family"]}
        return {"indicator_code": ind.code if ind else None, "link_alias": alias, "link_rule": rule,
                "link_score": score}

    for fact in facts:
        views = _judged_views(fact)
        fields = judged(views[0])
        for view in views[1:]:  # a gap against a benchmark is judged as its indicator's figure
            if fields is None or fields["indicator_code"]:
                break
            fields = judged(view)
        out.append(fact if fields is None else fact.evolve(**fields))
    return out


def _judged_views(fact: Fact) -> list[Fact]:
    """The fact as :func:`link` judges it, in order: a gap in points against a benchmark
    (``…增速（高于全国的幅度）``) as its indicator's figure, then as its rate; any other fact as it is."""
    views = gap_indicators(fact.subject) if fact.change_unit == "pp" else ()
    return [fact.evolve(subject=v) for v in views] or [fact]


def linked_member(fact: Fact, families: Sequence[Family], words: _Words | None = None) -> FamilyMember | None:
    """The family member a fact :func:`link` linked to a family (rule ``family:<family>``) observes,
    judged on the same view of the fact as the link (a gap's indicator); None for any other fact."""
    if not (fact.link_rule or "").startswith("family:"):
        return None
    for view in _judged_views(fact):
        member = family_member(view, families, words)
        if member is not None and member.code == fact.indicator_code:
            return member
    return None  # not reached for link()'s own output: the same views, the same deterministic member


def with_members(facts: Iterable[Fact], families: Sequence[Family]) -> tuple[list[Fact], dict[str, FamilyMember]]:
    """The facts, and the family member of each one linked to a family (:func:`linked_member`).

    A family link whose member cannot be found again (a linker bug, not an input's fault) is
    undone and said in ``link_rule`` (``refused_family_member:<code>``) rather than published as
    a code no catalog holds: one odd fact must not fail a whole refresh's relationship test."""
    out, members = [], {}
    for fact in facts:
        member = linked_member(fact, families)
        if member is not None:
            members[fact.fact_id] = member
        elif (fact.link_rule or "").startswith("family:"):
            fact = fact.evolve(indicator_code=None, link_alias=None, link_score=None,
                               link_rule=f"refused_family_member:{fact.indicator_code}")
        out.append(fact)
    return out, members


def _override_rows(overrides: Iterable[Mapping[str, str] | Sequence[str]] | str | os.PathLike) -> list[dict]:
    if isinstance(overrides, (str, os.PathLike)):
        return [dict(r) for r in _read_rows(overrides)]
    rows = []
    for row in overrides:
        rows.append(dict(row) if isinstance(row, Mapping) else dict(zip(OVERRIDE_COLUMNS, row)))
    return rows


def _matches(fact: Fact, quote: str) -> bool:
    """The override quote is the fact's quote, or a longer snippet around it in its sentence."""
    if fact.quote == quote:
        return True
    if fact.quote not in quote:
        return False
    rel_start, rel_end = fact.char_start - fact.sentence_start, fact.char_end - fact.sentence_start
    pos = fact.sentence.find(quote)
    while pos != -1:
        if pos <= rel_start and rel_end <= pos + len(quote):
            return True
        pos = fact.sentence.find(quote, pos + 1)
    return False


def apply_overrides(facts: Iterable[Fact],
                    overrides: Iterable[Mapping[str, str] | Sequence[str]] | str | os.PathLike) -> list[Fact]:
    """Apply reject/relink rows; every row must match exactly one fact (quote or longer snippet)."""
    out = list(facts)
    for i, row in enumerate(_override_rows(overrides), start=1):
        label = f"override row {i} {row!r}"
        action = (row.get("action") or "").strip()
        if action not in ACTIONS:
            raise OverrideError(f"{label}: action must be one of {sorted(ACTIONS)}")
        code = (row.get("indicator_code") or "").strip() or None
        if action == "relink" and not code:
            raise OverrideError(f"{label}: relink needs an indicator_code")
        doc_id, quote = (row.get("doc_id") or "").strip(), row.get("quote") or ""
        hits = [j for j, f in enumerate(out) if f.doc_id == doc_id and _matches(f, quote)]
        exact = [j for j in hits if out[j].quote == quote]
        if len(hits) > 1 and len(exact) == 1:
            hits = exact
        if not hits:
            raise OverrideError(f"{label}: matches no fact")
        if len(hits) > 1:
            raise OverrideError(f"{label}: matches {len(hits)} facts; quote a longer snippet around the figure")
        j = hits[0]
        note = (row.get("note") or "").strip() or None
        if action == "reject":
            out[j] = out[j].evolve(status="rejected", override_note=note)
        else:
            out[j] = out[j].evolve(indicator_code=code, link_alias=None, link_rule="override", link_score=1.0,
                                   status="relinked", override_note=note)
    return out
