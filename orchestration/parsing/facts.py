"""Numeric-fact extraction from Chinese official report prose.

``extract(body, ...)`` finds every measured figure in an article body (the repaired text,
paragraphs separated by blank lines, or one paragraph per line) and returns them as
:class:`Fact` records with exact provenance (``body[f.char_start:f.char_end] == f.quote``),
together with the time expressions of the text as :class:`TimeRef` records.

What counts as a figure (all by rule; the lexicons are module constants):

* **Arabic numerals** (``651家``, ``215.2万千瓦``, ``14.7%``, ``3—5个``, ``第3位``) are
  quantities when a unit from :data:`numbers.UNIT_TABLE` follows, a unit shared with the
  next figure (``3500万、2300万人次``), or a multiplier (``突破3500万``) whose unit is then
  inferred from the subject.  A numeral glued to Latin letters, ``#``, ``+``, ``×`` or
  ``∶`` (``#7``, ``5G``, ``PM2.5``, ``1+N``, ``8.3∶41.4``) is an identifier; ``第N`` is an
  ordinal unless ``位``/``名`` follows or ``居`` precedes it (a rank); ``每N`` is the base of a
  rate; a unit-less figure after ``至/由`` in a ratio phrase (``收入比缩小至2.12``) is a ratio.
* **Chinese numerals** need a unit or measure word (``二十二连丰``, ``上千个``, ``十件``) and
  are dropped when they are an article (``一个``, ``一批``), a bare multiplier without a
  quantity cue (``千人口``, ``万人``), an ordinal (``十三届十次``), or a number below ten with
  no quantity verb before it (``两条底线``, ``八项规定``): small counts in reports are
  written in Arabic digits, small Chinese numerals are fixed expressions.
* **Durations** (``245天``, ``11年``) count only after a level/change verb or a qualifier
  (``达到245天``, ``增长22天``); ``五年来``, ``连续三年``, ``三年行动`` are time, not figures.
* **Quoted text** up to 24 characters (``“6293”``, ``“两个毫不动摇”``, ``“新三样”``) and book
  titles are names: figures inside are dropped, except a streak (``“二十二连丰”``) and a count
  of rates after an achievement verb (``实现“三个百分之百”``: one fact, value 100, unit
  percent, ``count_multiplier`` 3 – "three rates, each 100%"; one fact because the three
  rates share one quote, and a fact id is derived from the quote's offsets).
* **Labels**: a unit followed by ``级`` (``万吨级``), a bound naming a class
  (``20万人口以上的县``, ``总投资超10亿元项目``), an age/voltage/height/duration before a
  noun (``80岁以上老年人``, ``500千伏输变电``, ``三年行动``), ``前1%`` classes, ``N个方面``
  and bare Chinese digit strings (``二三五年``) are not figures.
* **Dates and years** are :class:`TimeRef` records, never facts.

Context of a figure: qualifier (``超``/``以上``/``约``/``左右``/``不到``…), change kind
(``增长``/``下降``… right before the figure, ``新增`` opening the clause, or ``保持…增长``
after it), base period (``较2020年``, ``比上年``, ``同比``), comparator (``高于全国``), period
(the figure's own date ``2020年的5.2万元`` → the clause → earlier clauses of the sentence →
a sentence-opening time earlier in the paragraph → a section heading → the document's
reference period), subject (the counted noun after a measure word, else the noun phrase
before the figure with verbs/time/scope words stripped, else the previous figure's
subject), region (one region alias named in the clause, else the default) and modality
(target when the sentence has a target cue or the period lies ahead of the document).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from orchestration.parsing.numbers import (
    CHINESE_NUMBER_CHARS,
    MULTIPLIERS,
    UNITS,
    normalize_digits,
    parse_chinese,
    unit_pattern,
)

__all__ = ["EXTRACTOR_VERSION", "Extraction", "Fact", "TimeRef", "extract"]

EXTRACTOR_VERSION = "1.0.0"


# =========================================================================== records


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
        unknown = set(changes) - values.keys()
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
    period_source: str | None    # own | clause | sentence | paragraph | section | document
    streak_years: int | None
    subject: str
    subject_context: str
    region: str
    count_multiplier: int
    modality: str                # actual | target
    cumulative: bool
    indicator_code: str | None = None
    link_alias: str | None = None
    status: str = "extracted"    # extracted | rejected | relinked
    override_note: str | None = None


@dataclass(frozen=True)
class Extraction:
    doc_id: str
    facts: list[Fact]
    time_refs: list[TimeRef]
    reference_period: tuple[str, str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "facts": [f.as_dict() for f in self.facts],
            "time_refs": [t.as_dict() for t in self.time_refs],
            "reference_period": list(self.reference_period) if self.reference_period else None,
        }


# =========================================================================== lexicons


def _alternation(words: Sequence[str]) -> str:
    """Literal words as a regex alternation, longest first (so 新建成 wins over 新建)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_CN = CHINESE_NUMBER_CHARS
_SMALL_CN = "一二两三四五六七八九十"
_DIGIT = "0-9０-９"
# First character is a plain character set, so the regex engine can skip ahead quickly.
_NUM = (rf"[{_DIGIT}](?:[{_DIGIT}]{{0,2}}(?:[,，][{_DIGIT}]{{3}}(?![{_DIGIT}]))+|[{_DIGIT}]*)"
        rf"(?:[.．][{_DIGIT}]+)?")
_POST_Q = r"(?P<post>以上|以下|以内|左右|上下|有余|多|余)?"

_ARABIC_RE = re.compile(
    rf"(?P<n1>{_NUM})(?:(?P<pct1>[%％])?\s?(?P<rsep>[—–\-－~～至])\s?(?P<n2>{_NUM}))?"
    rf"(?P<fz0>多|余)?(?P<mult>万亿|千亿|百亿|亿|千万|百万|万)?(?P<fz>多|余)?(?P<unit>{unit_pattern()})?{_POST_Q}"
)
_CHINESE_RE = re.compile(  # the last branch: a run ending in 百/千/万/亿 with no unit (过百亿)
    rf"(?P<cn>[{_CN}][{_CN}]*)(?:(?P<cm>个)(?P<cmv>百分之[{_CN}]+|{_NUM}[%％])"
    rf"|分之(?P<frac>[{_CN}]+|{_NUM})|(?P<fz>多|余)?(?P<unit>{unit_pattern()})"
    rf"|(?P<bare>)(?<=[百千万亿])(?![级{_CN}])){_POST_Q}"
)
_BARE_CUES = frozenset("过超逾破近达")

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
_PLAN_TAIL = r"[”\"’]?(?:规划)?(?:以来|时期|期间|期末|末|初|前[一二两三四1-4]年)?"
_REL_N = rf"(?:[{_SMALL_CN}]{{1,3}}|\d{{1,2}})"
# Time expressions led by a word; every alternative starts with a literal character (fast).
_TIME_WORD_RE = re.compile("|".join(
    [rf"{q}十[一二三四五六七八九]五{_PLAN_TAIL}" for q in ("", "“", '"', "‘")]
    + [rf"{c}[〇零○一二三四五六七八九]{{3}}年" for c in "一二"]
    + [r"今年(?:1[0-2]月|0?[1-9]月|以来|上半年)?", "去年", "上一年", "上年", "明年", "一年来"]
    + [rf"{p}(?:一年|{_REL_N}年(?:来|以来|间)?)" for p in ("过去", "这", "近")]
    + [rf"{c}[{_SMALL_CN}]{{0,2}}年(?:以来|来|前)" for c in _SMALL_CN]
))
_PLAN_DETAIL_RE = re.compile(r"十(?P<n>[一二三四五六七八九])五.*?(?P<tail>以来|时期|期间|期末|末|初|前(?P<k>.)年)?$")
_REL_DETAIL_RE = re.compile(
    rf"(?:过去|这|近)?(?P<n>一|{_REL_N})年(?P<suf>以来|来|前|间)?$|今年(?P<m>\d{{1,2}})月$"
)

_BASE_PREFIX_RE = re.compile(r"(?:较|比|相比|比较|同|与|从|由|快于|高于|低于|慢于)$")
# What may stand between a clause start and a clause-initial time expression.
_CLAUSE_INITIAL_RE = re.compile(
    r"[\s“”\"]*(?:特别是|尤其是|截至|截止|在|到|至|从|自|于|而|但|同时|其中|此外|另外)?\s*"
)
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

# ---- words right before a figure (searched at the end of the text before it)
_QUALIFIER_PREFIX_RE = re.compile(
    r"(?:(?P<under>不超过|不到|不足|低于|少于|不高于|未超过)"
    r"|(?P<over>超过了?|超出|突破了?|多于|高于|大于|不少于|不低于|逾|超|(?<![通经越不])过)"
    r"|(?P<approximately>大约|约为|约|将近|接近|近))$"
)
_POST_QUALIFIER = {"以上": "over", "多": "over", "余": "over", "有余": "over",
                   "以下": "under", "以内": "under", "左右": "approximately", "上下": "approximately"}
_LEVEL_VERBS = ("增至", "升至", "降至", "降到", "达到", "达", "为", "是", "稳定在", "保持在", "控制在", "维持在")
_TO_VERBS = ("增长", "增加", "提高", "提升", "上升", "扩大", "下降", "减少", "降低", "缩小", "缩短", "延长", "压缩", "回落")
_INC_VERBS = ("增长", "增加", "提高", "提升", "上升", "上涨", "净增", "新增", "扩大", "延长", "多了", "增", "涨")
_DEC_VERBS = ("下降", "减少", "降低", "下滑", "回落", "缩小", "缩短", "压减", "压降", "压缩", "减", "降")


def _rev(words: Sequence[str]) -> str:
    return _alternation([w[::-1] for w in words])


# Verb right before a figure, matched on the reversed text before it: 增长|14.7%, 提高到|50%.
_CHANGE_REV_RE = re.compile(
    rf"了?(?:(?P<level>(?:到|至)(?:{_rev(_TO_VERBS)})|{_rev(_LEVEL_VERBS)})"
    rf"|(?P<inc>{_rev(_INC_VERBS)})|(?P<dec>{_rev(_DEC_VERBS)}))"
)
# 高于全国|0.8个百分点, 快于2024年|1.8个百分点 (reversed).
_COMPARE_REV_RE = re.compile(
    r"(?:平水均平|均平)?(?P<what>国全|省全|区全|市全|球全|平水均平|均平|期同|年上|年去|年\d{2}(?:91|02)|部东|部西|部中)?"
    r"(?P<cmp>于高|于快|出超|于低|于慢)"
)
_TIME_BEFORE_RE = re.compile(r"(?:(?:19|20)\d{2}年(?:底|末)?|今年|去年|上年)的?$")
_CLAUSE_NEW_RE = re.compile(r"[\s“”]*(?:全[市省区县国])?(?:累计)?(?:新增|净增)")
_POST_CHANGE_RE = re.compile(r"的?(?:(?P<inc>增长|增幅)|(?P<dec>下降|降幅))")
# Cues anywhere in the clause before the figure, found in one pass.
_PER_YEAR_VERBS = r"(?:分别)?(?:增长|增速|增幅|提高|提升|下降|降低|增加|减少|递增|递减|新增|净增)"
_CLAUSE_CUE_RE = re.compile(  # every alternative starts with a literal: the engine skips fast
    rf"连续([{_SMALL_CN}]{{1,3}}|\d{{1,2}})(年|个月|个季度|届)|每年|平均每年|年均{_PER_YEAR_VERBS}"
    rf"|年平均{_PER_YEAR_VERBS}|累计|同比|比上年|较上年|比去年|较去年|与上年相比|已|以来"
)
_CUE_KIND = {"连": "streak", "每": "per", "平": "per", "年": "per", "累": "cum", "同": "base", "比": "base",
             "较": "base", "与": "base", "已": "actual", "以": "actual"}
_TARGET_CUE_RE = re.compile(r"力争|确保|争取|预期目标|主要目标|目标任务|目标是|目标为|努力实现|力促|要实现|计划到")
_ACHIEVE_BEFORE_QUOTE_RE = re.compile(r"(?:实现|达到|达|均为|均达|保持|为)$")
_QUANTITY_CUE_RE = re.compile(
    r"(?:新增|净增|新建|建成|建设|累计|达到|达|共|共有|有|超过|超|近|约|逾|增加|减少|增长|提高|下降|"
    r"降低|扩大|开通|实施|完成|培育|引进|创建|获批|入选|办好|办成|推进|新开|开工|投产|认定|建立)$"
)
_DURATION_OK_RE = re.compile(
    r"(?:年的|达到|达|为|是|至|到|增长|增加|延长|缩短|减少|压缩|提高|提升|下降|降低|长达|保持|仅|平均|"
    r"天数|时间|时长|年限|寿命|工期|周期|时限)$"
)
_DURATION_BAD_RE = re.compile(r"(?:连续|近|这|过去|未来|前|后|每|第|历时|用)$")
# Nouns whose figure without a unit is money (连续四年过百亿).
_MONEY_SUBJECT_RE = re.compile(
    r"投资|收入|支出|产值|总值|增加值|营收|收益|利润|税|资金|金额|额|贷款|存款|基金|消费|销售|成交|融资|补贴|债|资产|GDP"
)
_RANK_CONTEXT_RE = re.compile(r"排名|排位|位次|居|位列|名次")
_VERB_AFTER_RE = re.compile(r"提升|提高|增长|增加|下降|减少|降低|缩短|延长|达到|和|或|及")
_LANDMARK_AFTER_RE = re.compile(r"的?(?:目标|水平|大关|台阶|关口|规模|增长|增速)")
_RATIO_VERB_RE = re.compile(r"(?:从|由|至|到|为|达|是)$")
_RATIO_NOUN_RE = re.compile(r"比值|倍差|之比|收入比|系数|指数")

# ---- subject clean-up: leading time/scope/verbs, trailing verbs/adverbs/comparisons.
_TIME_WORDS = (
    r"“?十[一二三四五六七八九]五”?(?:规划)?(?:以来|时期|期间|末|初)?|(?:19|20)\d{2}年(?:度|底|末|初|以来)?"
    r"|今年以来|今年|去年|上年|全年|当年|同期|五年来|近[一二两三四五]年来?|过去[一二两三四五]年|每年|年均|每月"
)
_LEAD_WORDS = (
    "全市", "全省", "全区", "全县", "全国", "我市", "我省", "我区", "我县", "全体", "其中", "此外", "同时",
    "另外", "特别是", "累计", "共计", "共有", "合计", "新增", "净增", "新建", "新建成", "新培育", "新认定",
    "新开", "新设", "建成", "建设", "实施", "完成", "打造", "创建", "成功", "培育", "引进", "改造提升",
    "改造", "推进", "推动", "举办", "开展", "实现", "获批", "入选", "认定", "争取", "发放", "带动",
    "吸引", "设立", "组建", "关停", "淘汰", "退出", "拥有", "招引", "落地", "开通", "建立", "形成",
    "有序", "持续", "稳步", "加快", "大力", "全面", "深入", "积极", "帮助", "支持", "扶持", "惠及",
    "救助", "资助", "培训", "安置", "吸纳", "开行", "运营", "接待", "办理", "签订", "新建改造",
    "新改扩建", "新建改扩建", "提请", "出台", "制定", "谋划", "选择", "再", "累计建成",
    "力争", "确保", "争取", "抓好", "推进实施", "完善提升", "滚动推进", "成为",
)
_LEAD_RE = re.compile(
    rf"(?:[\s，、的]|{_TIME_WORDS}|[{_SMALL_CN}]+是|其[{_SMALL_CN}]+|[（(][{_SMALL_CN}\d]+[）)]"
    rf"|[{_SMALL_CN}]年(?:来|间|内)?|{_alternation(_LEAD_WORDS)})+"
)
_TRAIL_WORDS = (
    "达到", "达", "为", "是", "约为", "共", "共计", "合计", "累计", "总计", "分别", "均", "都", "已经", "已",
    "再", "又", "仍", "仍然", "持续", "稳定在", "保持在", "控制在", "稳定", "保持", "增至", "升至", "降至",
    "增长到", "增长", "增加", "提高到", "提高", "提升到", "提升", "上升", "上涨", "下降到", "下降", "减少",
    "降低", "回落", "新增", "净增", "年均", "平均", "同比", "环比", "比上年", "较上年", "比去年", "较去年",
    "居全国", "居全省", "居全市", "居全区", "位居全国", "位居全省", "在全国", "在全省", "在全市", "在全区",
    "全国", "全省", "全市", "全区", "全球", "世界", "率先", "首次", "实现", "突破", "超过", "超", "近", "约",
    "逾", "过", "了", "的", "在", "于", "占", "覆盖", "扩展到", "扩大到", "增加到", "惠及", "带动", "完成",
    "建成", "到", "至", "有", "共有", "拥有", "高于", "快于", "低于", "慢于", "翻番", "翻一番", "翻两番",
    "预计", "从", "由", "跨", "每月", "每年", "每人", "跃升至", "跃升", "跃居", "位列", "排名", "排在",
    "进入", "均跃", "升至全球", "分别比", "分别较", "分别达到", "分别为", "提升至", "提高至", "增长至",
    "增加至", "下降至", "降低至", "减少至", "缩小至", "扩大至", "整合至", "调整至", "压降", "压减", "成为",
)
# Matched on the reversed text (a suffix check then costs one attempt, not one per position).
_TRAIL_REV_RE = re.compile(
    r"(?:[\s，、“]|(?:比相)?度?年\d{2}(?:91|02)(?:较比|较|比|与)?|末”五[一二三四五六七八九]十“较"
    rf"|期时”五[一二三四五六七八九]十“(?:较|比)?|(?:年|月个|度季个)[{_SMALL_CN}\d]{{1,3}}续连"
    rf"|{_alternation([w[::-1] for w in _TRAIL_WORDS])})+"
)
_LEADING_TIME_RE = re.compile(_TIME_WORDS)
_LEADING_MEASURE_RE = re.compile(rf"{_NUM}(?:万亿|亿|万)?{unit_pattern()}(?:及?以上|以下)?")
_POST_NOUN_RE = re.compile(r"[\u4e00-\u9fff“”A-Za-z][^\s，,。；;、：:！？!?（）()0-9０-９《》]{0,19}")
# Predicate markers after a counted noun: adverbs first (a compound noun may hold a verb:
# 计划竣工投产项目|已投产), then verbs.
_POST_ADVERBS = (
    "陆续", "全部", "已经", "已", "均", "都", "正在", "顺利", "积极", "加快", "分别", "共计", "合计", "累计",
    "先后", "相继", "持续", "稳步", "有序", "深入", "扎实", "率先", "初步", "首次", "正式", "全线",
    "全覆盖", "全国", "全省", "全区", "全市", "提前",
)
_POST_VERBS = (
    "超出", "符合", "进展", "取得", "位居", "居", "排名", "成为", "作为", "完成", "实现", "入选", "获批",
    "并网", "建成", "开工", "投产", "竣工", "达到", "覆盖", "涉及", "以及", "及其", "等", "在", "于", "被",
    "将", "获", "纳入", "通过", "实施", "成功", "参与", "落地", "签约", "上榜", "进入", "跻身", "创建",
    "认定", "列入", "享受", "受益", "惠及", "发放", "占", "比", "较", "同比", "增长", "下降", "提高", "提升",
    "新增", "建设", "推进", "开展", "用于", "投入", "带动", "得到", "获得", "荣获", "追回", "减免", "发行",
    "形成", "达", "为", "是", "超", "探索", "当选", "接通", "互通", "保持", "获评",
)
_POST_ADVERB_RE = re.compile(_alternation(_POST_ADVERBS))
_POST_STOP_RE = re.compile(_alternation(_POST_VERBS))
_POST_TRIM_RE = re.compile(r"^的|(?:和|与|及|以及|或)$")
_POST_NOUN_UNIT_KINDS = frozenset({"count", "measure"})
_CONNECTOR_RE = re.compile(r"[、和与及或/]?")
_DISTRIBUTIVE_CHARS = frozenset("、和与及或")
_IDENT_BEFORE = frozenset("#＃_+＋×*/／.-－—ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_IDENT_AFTER = frozenset("#＃+＋×∶:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_CJK_LO, _CJK_HI = "\u4e00", "\u9fff"
_CHANGE_UNIT = {"percent": "percent", "pp": "pp", "times": "times"}


# =========================================================================== dates


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


def _resolve_digit_time(m: re.Match[str], body: str, doc_date: dt.date | None) -> _Span | None:
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
        return _resolve_year_text(m, d, is_year, doc_date)
    if m["d2"]:
        month, day = int(d), int(m["d2"])
        date = _safe_date(doc_date.year, month, day) if doc_date else None
        return ("date", date, date) if (doc_date is None or date) and 1 <= month <= 12 else None
    month, month_end = int(d), int(m["m3b"] or d)
    if not 1 <= month <= month_end <= 12 or len(d) > 2:
        return None
    if doc_date is None:
        return "month", None, None
    return "month", dt.date(doc_date.year, month, 1), _month_end(doc_date.year, month_end)


def _resolve_year_text(m: re.Match[str], d: str, is_year: bool, doc_date: dt.date | None) -> _Span | None:
    suffix = m["ysuf"]
    if not is_year:  # 5年前, 3年来: relative to the document date
        if suffix not in ("来", "以来", "前") or doc_date is None:
            return None
        n = int(d)
        if suffix == "前":
            return ("relative", *_year_span(doc_date.year - n))
        return "relative", _years_before(doc_date, n), doc_date
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


def _resolve_word_time(text: str, doc_date: dt.date | None) -> _Span | None:
    if text[0] in "“\"‘" or text[:1] == "十" and text[2:3] == "五":
        return _resolve_plan(text, doc_date)
    if text[0] in "一二" and len(text) == 5 and text.endswith("年") and text[1] in "〇零○一二三四五六七八九":
        return ("year", *_year_span(int(parse_chinese(text[:4]))))
    if doc_date is None:
        return "relative", None, None
    y = doc_date.year
    fixed = {"今年": _year_span(y), "明年": _year_span(y + 1), "今年以来": (dt.date(y, 1, 1), doc_date),
             "今年上半年": (dt.date(y, 1, 1), dt.date(y, 6, 30))}
    if text in fixed:
        return ("relative", *fixed[text])
    if text in ("去年", "上年", "上一年", "过去一年", "这一年", "一年来", "近一年"):
        return ("relative", *_year_span(y - 1))
    m = _REL_DETAIL_RE.search(text)
    if m is None:
        return None
    if m["m"]:
        month = int(m["m"])
        return ("relative", dt.date(y, month, 1), _month_end(y, month)) if 1 <= month <= 12 else None
    n = _small_int(m["n"])
    if m["suf"] == "前":
        return ("relative", *_year_span(y - n))
    return "relative", _years_before(doc_date, n), doc_date


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


# =========================================================================== layout


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


# =========================================================================== mentions


@dataclass
class _Mention:
    """A numeric expression accepted as a quantity, before context is attached."""

    start: int            # quote start
    end: int              # quote end (figure + unit)
    end_ext: int          # end including a trailing qualifier (以上/左右)
    figure: str
    value: float
    value_high: float | None
    unit_written: str
    unit_code: str
    unit_kind: str
    multiplier: str | None
    qualifier: str
    count_multiplier: int = 1
    unit_inferred: bool = False
    streak_years: int | None = None
    rank: bool = False
    pending_unit: bool = False  # unit-less, waiting for a shared unit (3500万、2300万人次)


def _arabic_value(text: str) -> float:
    if text.isascii() and "," not in text:
        return float(text)  # the common case: plain ASCII digits
    return float(normalize_digits(text).replace(",", ""))


def _post_qualifier(post: str | None, fz: str | None) -> str:
    if fz:
        return "over"
    return _POST_QUALIFIER.get(post or "", "exact")


class _Scanner:
    """Turns regex matches into accepted :class:`_Mention` objects, by rule."""

    def __init__(self, body: str, layout: _Layout, time_spans: list[tuple[int, int]]):
        self.body = body
        self.layout = layout
        self.time_starts = [s for s, _ in time_spans]
        self.time_ends = [e for _, e in time_spans]

    # ------------------------------------------------------------------ shared tests
    def _in_time(self, start: int, end: int) -> bool:
        i = bisect_right(self.time_starts, end - 1) - 1
        return i >= 0 and self.time_ends[i] > start

    def _char(self, pos: int) -> str:
        return self.body[pos] if 0 <= pos < len(self.body) else ""

    def _before(self, pos: int, width: int = 8) -> str:
        return self.body[max(0, pos - width):pos]

    def _ratio_context(self, start: int) -> bool:
        """A unit-less figure after 至/为/由… in a ratio phrase: 城乡居民收入比由2.42缩小至2.12."""
        return bool(_RATIO_VERB_RE.search(self.body, max(0, start - 3), start)
                    and _RATIO_NOUN_RE.search(self.body, max(0, start - 24), start))

    def _qualifier_before(self, start: int) -> str | None:
        m = _QUALIFIER_PREFIX_RE.search(self.body, max(0, start - 4), start)
        return m.lastgroup if m else None

    def _duration_is_quantity(self, start: int) -> bool:
        before = self._before(start)
        if _DURATION_BAD_RE.search(before):
            return False
        return bool(self._qualifier_before(start) or _DURATION_OK_RE.search(before))

    def _is_label(self, unit: str, post: str | None, start: int, end: int, end_ext: int) -> bool:
        """A figure used as a class label rather than a measurement.

        ``万吨级``, ``两位数``; a bound before a noun (``20万人口以上的县``, ``亿元以上项目``,
        ``总投资超10亿元项目``, ``年销售收入超亿元的企业``); an age, voltage, height or
        duration before a noun (``80岁以上老年人``, ``500千伏输变电``, ``三年行动``,
        ``15分钟健身圈``); and the discourse count ``N个方面``.
        """
        body = self.body
        at_end = body[end] if 0 <= end < len(body) else ""
        if at_end == "级" or body.startswith("方面", end) or (unit == "位" and at_end == "数"):
            return True
        spec = UNITS[unit]
        after = body[end_ext] if 0 <= end_ext < len(body) else ""
        after_cjk = _CJK_LO <= after <= _CJK_HI
        if after_cjk and (_VERB_AFTER_RE.match(body, end_ext) or _LANDMARK_AFTER_RE.match(body, end_ext)):
            return False  # 9.6年|提升至, 突破5000亿元|大关, 45万人以上的|目标: still a figure
        if post in ("以上", "以下", "以内") and spec.kind != "percent" and (after == "的" or (
                spec.kind in ("currency", "measure") and after_cjk)):
            return True
        if after_cjk and spec.kind in ("currency", "measure") and self._qualifier_before(start) in ("over", "under"):
            return True
        return after_cjk and ("attributive" in spec.flags or spec.kind == "duration")

    # ------------------------------------------------------------------ Arabic
    def arabic(self, m: re.Match[str]) -> _Mention | None:
        start = m.start()
        body = self.body
        n_end = m.end("n2") if m["n2"] else m.end("n1")
        if self._in_time(start, n_end):
            return None
        prev = body[start - 1] if start else ""
        unit = m["unit"] or ""
        if prev in _IDENT_BEFORE or (not unit and self._char(n_end) in _IDENT_AFTER):
            return None
        if prev == "每":
            return None  # 每10万人口: the base of a rate, not a figure
        if self.layout.quote_around(start):
            return None
        ordinal = prev if prev in ("第", "前") else ""
        if ordinal == "前" and unit in ("%", "％", "‰"):
            return None  # ESI全球前1%学科: a class label
        rank = (unit in ("位", "名") and bool(ordinal)) or (not unit and ordinal == "第")
        if ordinal == "第" and not rank:
            return None  # 第3批: an ordinal
        q_start = start - 1 if rank else start
        end = m.end("unit") if unit else max(n_end, m.end("mult") if m["mult"] else 0, m.end("fz") if m["fz"] else 0,
                                             m.end("fz0") if m["fz0"] else 0)
        if m["fz0"] and not (m["mult"] or unit):
            return None  # 3多: not a figure
        end_ext = m.end() if (unit or m["post"]) else end
        low = _arabic_value(m["n1"])
        high = _arabic_value(m["n2"]) if m["n2"] else None
        if high is not None and high < low:
            return None
        qualifier = "under" if ordinal == "前" and rank else _post_qualifier(m["post"], m["fz"] or m["fz0"])
        figure = body[start:end - len(unit)] if unit else body[start:end]
        if rank:  # 居全省第3位; 第5、第6位 (unit shared); 稳居全国第2 (rank by context)
            ranked = bool(unit) or bool(_RANK_CONTEXT_RE.search(self._before(start - 1, 6)))
            return _Mention(q_start, end, end_ext, figure, low, high, unit, "rank" if ranked else "",
                            "rank", None, qualifier, rank=True, pending_unit=not unit)
        mult = m["mult"]
        if not unit:
            factor = MULTIPLIERS.get(mult or "", 1.0)
            ratio = not mult and self._ratio_context(start)
            return _Mention(start, end, end_ext, figure, low * factor, high * factor if high else None,
                            "", "ratio" if ratio else "", "ratio" if ratio else "", mult, qualifier,
                            pending_unit=True)
        return self._arabic_with_unit(m, start, end, end_ext, figure, low, high, unit, qualifier)

    def _arabic_with_unit(self, m, start, end, end_ext, figure, low, high, unit, qualifier) -> _Mention | None:
        spec = UNITS[unit]
        mult = m["mult"]
        if ("needs_mult" in spec.flags and not mult) or "chinese_only" in spec.flags:
            return None
        if self._is_label(unit, m["post"], start, end, end_ext):
            return None
        if spec.kind == "duration" and not self._duration_is_quantity(start):
            return None
        if "terminal" in spec.flags and _CJK_LO <= self._char(end_ext) <= _CJK_HI:
            return None
        if unit in ("位", "名") and _RANK_CONTEXT_RE.search(self._before(start, 10)):
            return _Mention(start, end, end_ext, figure, low, high, unit, "rank", "rank", None,
                            qualifier, rank=True)
        factor = MULTIPLIERS.get(mult or "", 1.0) * spec.factor
        return _Mention(start, end, end_ext, figure, low * factor, high * factor if high else None,
                        unit, spec.code, spec.kind, mult, qualifier)

    # ------------------------------------------------------------------ Chinese
    def chinese(self, m: re.Match[str]) -> _Mention | None:
        start = m.start()
        prev = self._char(start - 1)
        if prev in ("第", "前") or self._in_time(start, m.end()):
            return None  # 第十八届, 前三季度
        if m["cm"]:
            return self._count_of_rates(m)
        if m["frac"]:
            return self._fraction(m)
        if m["bare"] is not None:
            return self.bare(m, prev)
        return self._chinese_with_unit(m, prev)

    def _count_of_rates(self, m: re.Match[str]) -> _Mention | None:
        """``实现“三个百分之百”``: N rates of V% -> one fact, count_multiplier N."""
        if m["cn"][0] not in _SMALL_CN:
            return None
        quote = self.layout.quote_around(m.start())
        if quote and not _ACHIEVE_BEFORE_QUOTE_RE.search(self._before(quote[0], 4)):
            return None
        raw = m["cmv"]
        if raw.startswith("百分之"):
            value, unit = parse_chinese(raw[3:]), "百分之"
        else:
            value, unit = _arabic_value(raw[:-1]), raw[-1]
        return _Mention(m.start(), m.end("cmv"), m.end(), raw, value, None, unit, "percent", "percent",
                        None, "exact", count_multiplier=int(parse_chinese(m["cn"])))

    def _fraction(self, m: re.Match[str]) -> _Mention | None:
        """``百分之百`` (100%), ``三分之一`` (33.3%)."""
        if self.layout.quote_around(m.start()):
            return None
        raw = m["frac"]
        num = parse_chinese(raw) if raw[0] in _CN else _arabic_value(raw)
        den = parse_chinese(m["cn"])
        if not den:
            return None
        end = m.end("frac")
        return _Mention(m.start(), end, m.end(), self.body[m.start():end], num / den * 100, None,
                        "百分之" if den == 100 else "分之", "percent", "percent", None,
                        _post_qualifier(m["post"], None))

    def _chinese_with_unit(self, m: re.Match[str], prev: str) -> _Mention | None:
        unit, raw = m["unit"], m["cn"]
        spec = UNITS[unit]
        if unit[-1].isascii() or unit in ("％", "‰"):
            return None
        quoted = self.layout.quote_around(m.start())
        if spec.kind == "streak":
            value = parse_chinese(raw)
            return _Mention(m.start(), m.end("unit"), m.end(), raw, value, None, unit, spec.code, "streak",
                            None, "exact", streak_years=int(value))
        if quoted or unit == "次":
            return None
        if len(raw) > 1 and not any(c in "十百千万亿" for c in raw):
            return None  # 二三五年, 一二三产: a digit string (code, garbled year), not a number
        approx = prev if prev in ("上", "数", "几") and raw[0] in "十百千万亿" else ""
        if self._is_label(unit, m["post"], m.start() - (1 if approx else 0), m.end("unit"), m.end()):
            return None
        start = m.start() - 1 if approx else m.start()
        cue = bool(self._qualifier_before(start) or _QUANTITY_CUE_RE.search(self._before(start)))
        if raw == "一" or (raw[0] in "百千万亿" and not approx and not cue):
            return None  # 一个/一批: an article; 千人口, 万人: a per-capita base
        value = parse_chinese(raw)
        if value < 10 and not cue and spec.kind not in ("times", "percent"):
            return None  # 两条底线, 八项规定, 四件大事
        if spec.kind == "duration" and not self._duration_is_quantity(start):
            return None
        qualifier = ("approximately" if approx == "上" else "over") if approx else _post_qualifier(m["post"], m["fz"])
        big = raw.lstrip(_SMALL_CN + "百千零〇") if raw[-1] in "万亿" else ""
        return _Mention(start, m.end("unit"), m.end(), self.body[start:m.start("unit")], value * spec.factor,
                        None, unit, spec.code, spec.kind, big or None, qualifier)

    def bare(self, m: re.Match[str], prev: str) -> _Mention | None:
        """``过百亿``, ``突破千亿``: a multiplier numeral after an over/approx cue; unit inferred."""
        start, raw = m.start(), m["cn"]
        if prev not in _BARE_CUES or (prev == "过" and self._char(start - 2) in ("通", "经", "越", "不")):
            return None
        if raw[0] not in _SMALL_CN + "百千万亿" or self.layout.quote_around(start):
            return None
        if _CJK_LO <= self._char(m.end()) <= _CJK_HI and not m["post"]:
            return None  # 千亿级, 百万人口: a label, not a figure
        big = raw.lstrip(_SMALL_CN + "百千")
        return _Mention(start, m.end("cn"), m.end(), raw, parse_chinese(raw), None, "", "", "", big or None,
                        _post_qualifier(m["post"], None), unit_inferred=True, pending_unit=True)


def _resolve_distributive(body: str, mentions: list[_Mention]) -> list[_Mention]:
    """Give ``3500万、2300万人次`` / ``第5、第6位`` / ``20.9、36.2、54.3个百分点`` their shared unit.

    Walks backwards so a unit written once at the end reaches every figure of the chain.
    """
    out: list[_Mention] = []
    nxt: _Mention | None = None
    for m in reversed(mentions):
        gap = nxt.start - m.end_ext if nxt else -1
        joined = nxt is not None and (gap == 0 or (gap == 1 and body[m.end_ext] in _DISTRIBUTIVE_CHARS))
        if joined and m.unit_written == "个" and nxt.unit_written.startswith("个") and len(nxt.unit_written) > 1:
            _adopt_unit(m, nxt)
        if m.pending_unit:
            if joined and nxt.unit_code and not nxt.pending_unit and nxt.rank == m.rank:
                _adopt_unit(m, nxt)
            elif m.multiplier and not m.rank:
                m.unit_inferred = True  # unit decided from the subject later
            elif m.unit_code in ("ratio", "rank"):
                m.pending_unit = False  # 收入比缩小至2.12, 稳居全国第2
            else:
                continue                # 第3 / 尼龙6 / 1+N: not a quantity
        out.append(m)
        nxt = m
    out.reverse()
    return out


def _adopt_unit(m: _Mention, other: _Mention) -> None:
    old = UNITS[m.unit_written].factor if m.unit_written in UNITS else 1.0
    new = UNITS[other.unit_written].factor if other.unit_written in UNITS else 1.0
    m.value = m.value / old * new
    if m.value_high is not None:
        m.value_high = m.value_high / old * new
    m.unit_written, m.unit_code, m.unit_kind = other.unit_written, other.unit_code, other.unit_kind
    m.rank, m.pending_unit, m.unit_inferred = other.rank, False, False


# =========================================================================== context


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
    iso_cache: dict = field(default_factory=dict)
    target_horizon: dt.date | None = None  # doc_date + 180 days: a period ending later is a target

    def __post_init__(self) -> None:
        if self.doc_date is not None:
            self.target_horizon = self.doc_date + dt.timedelta(days=180)

    def iso(self, d: dt.date | None) -> str | None:
        if d is None:
            return None
        text = self.iso_cache.get(d)
        if text is None:
            text = self.iso_cache[d] = d.isoformat()
        return text


def _period_for(ctx: _Context, m: _Mention, clause: int, sentence: int, para: int):
    """(start, end, source) of the period a figure refers to."""
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
    for s_start, s_end, span in ctx.sections:
        if s_start <= m.start < s_end and span:
            return span[0], span[1], "section"
    if ctx.reference:
        return ctx.reference[0], ctx.reference[1], "document"
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


def _balance_quotes(text: str) -> str:
    """Trim separators and drop quote marks left unpaired by the cuts."""
    text = text.replace("“”", "").strip(" \u3000、，,等")
    opening, closing = text.count("“"), text.count("”")
    if opening == closing:
        return text
    if text.startswith("“") and not closing:
        return text[1:]
    if text.endswith("”") and not opening:
        return text[:-1]
    return text + "”" if opening > closing else "“" + text


def _strip_np(text: str) -> str:
    m = _TRAIL_REV_RE.match(text[::-1])
    if m:
        text = text[:len(text) - m.end()]
    m = _LEAD_RE.match(text)
    if m:
        text = text[m.end():]
    return _balance_quotes(text)


_SERIES_SPLIT_RE = re.compile(r"[、和及与]")


def _series_items(phrase: str) -> list[str]:
    """``城镇和农村居民人均可支配收入`` -> [城镇居民人均可支配收入, 农村居民人均可支配收入].

    A short leading item (up to 3 characters: 城镇, 投资, 一产) borrows the head noun of the
    last item, which is taken to be the last item minus as many characters as the item has.
    """
    items = [i for i in _SERIES_SPLIT_RE.split(phrase) if i]
    if len(items) < 2:
        return items
    last = items[-1]
    out = []
    for item in items[:-1]:
        head = last[len(item):].lstrip("等") if len(item) <= 3 and len(last) > len(item) + 1 else ""
        out.append(item + head)
    return out + [last]


def _post_noun(body: str, pos: int) -> str:
    t = _LEADING_TIME_RE.match(body, pos) or _LEADING_MEASURE_RE.match(body, pos)
    if t:  # 236个|2025年度|计划竣工投产项目, 14个|750千伏|电网工程
        pos = t.end()
    m = _POST_NOUN_RE.match(body, pos)
    if not m:
        return ""
    text = m.group()
    stop = _POST_ADVERB_RE.search(text, 2) or _POST_STOP_RE.search(text, 1)
    if stop:
        text = text[:stop.start()]
    text = _POST_TRIM_RE.sub("", text)
    m = _TRAIL_REV_RE.match(text[::-1])
    if m:
        text = text[:len(text) - m.end()]
    if _LEAD_RE.fullmatch(text):
        return ""  # 66户|整合至12户: only verbs follow, no counted noun
    return _balance_quotes(text)


def _region_for(ctx: _Context, c_start: int, c_end: int) -> str:
    if ctx.region_re is None:
        return ctx.default_region
    codes = {ctx.region_codes[m.group()] for m in ctx.region_re.finditer(ctx.body, c_start, c_end)}
    return codes.pop() if len(codes) == 1 else ctx.default_region


def _modality(ctx: _Context, target_cue_at: int, m_start: int, actual_cue: bool, p_start, p_end) -> str:
    if target_cue_at < m_start:
        return "target"
    doc_date = ctx.doc_date
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
    if _MONEY_SUBJECT_RE.search(subject) and not has_post_noun:
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
    for c in _CLAUSE_CUE_RE.finditer(body, start, end):
        kind = _CUE_KIND[body[c.start()]]
        if kind == "streak":
            cues.streak = True
            if c[2] == "年":
                cues.streak_years = _small_int(c[1])
        elif kind == "per":
            cues.per_year = True
        elif kind == "cum":
            cues.cumulative = True
        elif kind == "base":
            cues.base_word = True
        elif kind == "actual":
            cues.actual = True
    return cues


# =========================================================================== assembly


class _FactBuilder:
    """Attaches context to mentions, in text order (a figure may inherit from the previous one)."""

    def __init__(self, ctx: _Context):
        self.ctx = ctx
        self.prev: _Mention | None = None
        self.prev_fact: dict[str, Any] | None = None
        self.prev_clause = -1
        self.prev_sentence = -1
        self.clause_topic = ""
        self.post = ""
        self.cue_sentence = -1
        self.cue_at = 0
        self.series: tuple[list[str], str] | None = None
        self.series_index = 0

    def _target_cue(self, sentence: int, s_start: int, s_end: int) -> int:
        """Offset of the first target cue (力争/确保/预期目标…) in the sentence, or a large number."""
        if sentence != self.cue_sentence:
            cue = _TARGET_CUE_RE.search(self.ctx.body, s_start, s_end)
            self.cue_sentence, self.cue_at = sentence, cue.start() if cue else 1 << 62
        return self.cue_at

    def build(self, m: _Mention) -> Fact:
        ctx, body, layout = self.ctx, self.ctx.body, self.ctx.layout
        para = layout.paragraph(m.start)
        sentence = layout.sentence(m.start)
        clause = layout.clause_start(m.start)
        s_start, s_end = layout.sentence_span(sentence)
        same_clause = self.prev_clause == clause
        same_sentence = self.prev_sentence == sentence
        if not same_clause:
            self.clause_topic = ""

        seg_start = max(clause, self.prev.end_ext) if same_clause else clause  # type: ignore[union-attr]
        pre, qualifier, own_time = self._pre_text(m, seg_start)
        noun_follows = m.unit_kind in _POST_NOUN_UNIT_KINDS or (m.unit_inferred and not m.unit_code)
        self.post = _post_noun(body, m.end_ext) if noun_follows else ""
        cues = _clause_cues(body, clause, m.start)

        change_kind, change_unit, comparator = self._change(m, pre, clause, same_clause)
        subject, context = self._subject(m, pre, clause, same_sentence, same_clause)
        if m.unit_inferred and not m.unit_code:
            _infer_unit(m, subject or context, bool(self.post))
        if change_kind != "level" and change_unit is None:
            change_unit = _CHANGE_UNIT.get(m.unit_kind, "absolute")

        if own_time is not None:
            p_start, p_end, p_source = own_time.start, own_time.end, "own"
        else:
            p_start, p_end, p_source = _period_for(ctx, m, clause, sentence, para)
        base = _base_for(ctx, clause, m.start, cues.base_word, p_end, own_time)
        if comparator and comparator.endswith("年") and comparator[:4].isdigit():
            base, comparator = comparator[:4], None

        region = _region_for(ctx, clause, layout.clause_end(m.end)) if ctx.region_re else ctx.default_region
        values = {
            "fact_id": hashlib.sha1(f"{ctx.doc_id}\x1f{m.start}\x1f{m.end}".encode()).hexdigest()[:16],
            "doc_id": ctx.doc_id,
            "extractor_version": EXTRACTOR_VERSION,
            "paragraph_ordinal": para,
            "sentence_ordinal": sentence,
            "sentence": body[s_start:s_end],
            "sentence_start": s_start,
            "char_start": m.start,
            "char_end": m.end,
            "quote": body[m.start:m.end],
            "figure_as_written": m.figure,
            "value": m.value,
            "value_low": m.value if m.value_high is not None else None,
            "value_high": m.value_high,
            "unit_as_written": m.unit_written,
            "unit_code": m.unit_code,
            "unit_inferred": m.unit_inferred,
            "multiplier": m.multiplier,
            "qualifier": qualifier,
            "change_kind": change_kind,
            "change_unit": change_unit,
            "base_period": base,
            "comparator": comparator,
            "period_start": ctx.iso(p_start),
            "period_end": ctx.iso(p_end),
            "period_kind": _period_kind(m.unit_kind == "streak" or cues.streak, cues.per_year, p_start, p_end),
            "period_source": p_source if p_start else None,
            "streak_years": m.streak_years if m.streak_years is not None else cues.streak_years,
            "subject": subject,
            "subject_context": context,
            "region": region,
            "count_multiplier": m.count_multiplier,
            "modality": _modality(ctx, self._target_cue(sentence, s_start, s_end), m.start,
                                  cues.actual or cues.cumulative, p_start, p_end),
            "cumulative": cues.cumulative,
            "indicator_code": None,
            "link_alias": None,
            "status": "extracted",
            "override_note": None,
        }
        self.prev, self.prev_clause, self.prev_sentence, self.prev_fact = m, clause, sentence, values
        return Fact._from_dict(values)

    # -------------------------------------------------------------- text before the figure
    def _pre_text(self, m: _Mention, seg_start: int) -> tuple[str, str, _Time | None]:
        """(text between segment start and figure, qualifier, the figure's own time).

        Peels, from the right, a qualifier word (超/约/不到) and a time expression glued to
        the figure (``2020年的5.2万元``), which is then the figure's own period.
        """
        body = self.ctx.body
        q_word = _QUALIFIER_PREFIX_RE.search(body, max(seg_start, m.start - 4), m.start)
        verb_end = q_word.start() if q_word else m.start
        qualifier = m.qualifier
        if q_word and qualifier == "exact":
            qualifier = q_word.lastgroup or "exact"
        own_time = None
        t = _TIME_BEFORE_RE.search(body, max(seg_start, verb_end - 9), verb_end)
        if t:
            for x in self.ctx.clause_times.get(self.ctx.layout.clause_start(t.start()), ()):
                # 从2020年的5.2万元: own time; 快于2024年1.8个百分点: a base, left to _change
                if x.ref.char_start == t.start() and x.start and (x.ref.role != "base" or t.group()[-1] == "的"):
                    own_time, verb_end = x, t.start()
        return body[seg_start:verb_end], qualifier, own_time

    # -------------------------------------------------------------- change kind
    def _change(self, m: _Mention, pre: str, clause: int, same_clause: bool):
        if m.rank or m.unit_kind == "streak":
            return "level", None, None
        rev = pre[::-1]
        cmp = _COMPARE_REV_RE.match(rev)
        if cmp:
            kind = "increase" if cmp["cmp"] in ("于高", "于快", "出超") else "decrease"
            return kind, None, cmp["what"][::-1] if cmp["what"] else None
        ch = _CHANGE_REV_RE.match(rev)
        if ch and ch.lastgroup == "level":
            return "level", None, None
        if ch and ch["inc"] in ("增新", "增净"):
            return "increase", "absolute", None
        if ch and not self.post:  # 新建提升|310公里农村公路: an action on the noun, not a change
            return ("increase" if ch.lastgroup == "inc" else "decrease"), None, None
        if same_clause and self.prev_fact is not None and _CONNECTOR_RE.fullmatch(pre):
            return self.prev_fact["change_kind"], None, self.prev_fact["comparator"]
        body = self.ctx.body
        if _CLAUSE_NEW_RE.match(body, clause, m.start):
            return "increase", "absolute", None
        post = _POST_CHANGE_RE.match(body, m.end_ext)
        if post:  # 保持10%以上增长
            return ("increase" if post.lastgroup == "inc" else "decrease"), None, None
        return "level", None, None

    # -------------------------------------------------------------- subject
    def _subject(self, m: _Mention, pre: str, clause: int, same_sentence: bool,
                 same_clause: bool) -> tuple[str, str]:
        prev = self.prev_fact if same_sentence else None
        if not same_clause:
            self.series = None
        if "分别" in pre:  # 城镇和农村居民人均可支配收入分别增长4%左右和6%左右
            whole = _strip_np(pre[:pre.rindex("分别")])
            items = _series_items(whole)
            if len(items) > 1:
                self.series = (items, whole)
                self.series_index = 0
                return items[0], whole
        if same_clause and prev is not None and _CONNECTOR_RE.fullmatch(pre):
            if self.series:
                self.series_index += 1
                items, whole = self.series
                return items[min(self.series_index, len(items) - 1)], whole
            return prev["subject"], prev["subject_context"]
        if m.count_multiplier > 1:  # 开工率、纳统率、投资完成率…实现“三个百分之百”
            pre = self.ctx.body[clause:m.start].rstrip("“”")
        elif "、" in pre:
            pre = pre[pre.rfind("、") + 1:]
        np = _strip_np(pre)
        if not same_clause:
            self.clause_topic = np  # 国际朋友圈|扩展到19个国家35个城市
        prev_subject = prev["subject"] if prev else ""
        if self.post:
            topic = self.clause_topic if same_clause and self.clause_topic else np
            return self.post, topic or prev_subject
        if np:
            return np, prev_subject if prev_subject != np else ""
        return prev_subject, prev["subject_context"] if prev else ""


# =========================================================================== entry point


@lru_cache(maxsize=32)
def _region_pattern(aliases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not aliases:
        return None
    return re.compile(_alternation(aliases))


def _time_refs(body: str, doc_id: str, doc_date: dt.date | None, layout: _Layout) -> list[_Time]:
    found: list[tuple[int, int, _Span, bool]] = []
    for m in _TIME_DIGIT_RE.finditer(body):
        span = _resolve_digit_time(m, body, doc_date)
        if span is not None:
            found.append((m.start(), m.end(), span, m["ysuf"] == "前" and len(m["d"]) < 4))
    for m in _TIME_WORD_RE.finditer(body):
        span = _resolve_word_time(m.group(), doc_date)
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


def _make_time(body, doc_id, layout: _Layout, s, e, kind, start, end, ago: bool) -> _Time:
    if _BASE_PREFIX_RE.search(body, max(0, s - 4), s):
        role = "base"
    elif ago:
        role = "attributive"  # 5年前制定的规划
    else:
        role = "period"
    clause = layout.clause_start(s)
    sentence = layout.sentence(s)
    s_start, _ = layout.sentence_span(sentence)
    initial = _CLAUSE_INITIAL_RE.fullmatch(body, clause, s) is not None
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


def _mentions(body: str, scanner: _Scanner) -> list[_Mention]:
    found = []
    for regex, handler in ((_ARABIC_RE, scanner.arabic), (_CHINESE_RE, scanner.chinese)):
        for m in regex.finditer(body):
            mention = handler(m)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda x: (x.start, -x.end))
    kept, last_end = [], -1
    for mention in found:
        if mention.start >= last_end:
            kept.append(mention)
            last_end = mention.end
    return _resolve_distributive(body, kept)


def extract(
    body: str,
    *,
    doc_id: str,
    doc_date: dt.date | None,
    default_region: str,
    paragraph_spans: Sequence[tuple[int, int]] | None = None,
    region_aliases: Mapping[str, str] | None = None,
) -> Extraction:
    """Extract numeric facts and time references from one article body."""
    layout = _Layout(body, paragraph_spans)
    times = _time_refs(body, doc_id, doc_date, layout)
    scanner = _Scanner(body, layout, [(t.ref.char_start, t.ref.char_end) for t in times])
    mentions = _mentions(body, scanner)

    clause_times: dict[int, list[_Time]] = {}
    clause_periods: dict[int, list[_Time]] = {}
    for t in times:
        clause_times.setdefault(t.clause, []).append(t)
        if t.ref.role == "period" and t.start:
            clause_periods.setdefault(t.clause, []).append(t)
    initial = [t for t in times if t.clause_initial and t.ref.role == "period" and t.start]
    aliases = dict(region_aliases or {})
    reference = _reference_period(times, doc_date)
    ctx = _Context(
        body=body, doc_id=doc_id, doc_date=doc_date, default_region=default_region, layout=layout,
        clause_times=clause_times, clause_periods=clause_periods, initial_starts=[t.ref.char_start for t in initial], initial_times=initial,
        sections=_sections(body, layout, times), reference=reference,
        region_re=_region_pattern(tuple(sorted(aliases))), region_codes=aliases,
    )
    builder = _FactBuilder(ctx)
    facts = [builder.build(m) for m in mentions]
    ref = (reference[0].isoformat(), reference[1].isoformat()) if reference else None
    return Extraction(doc_id=doc_id, facts=facts, time_refs=[t.ref for t in times], reference_period=ref)
