"""The extractor's word lists (``parsing/lexicons/*.csv``) compiled into the regexes it runs.

Words come from the data files, written forwards; what stays here is the conditions around
them (anchors, optional particles, year and plan-period patterns, look-behind guards). The
regexes that run over reversed text (a suffix test then costs one attempt, not one per
position) are built from forward words and forward sequences by :func:`backwards`.
Compiled once, when the package is imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from orchestration.parsing.lexicons import words

SMALL_CN = "一二两三四五六七八九十"  # the Chinese numerals below eleven


def alternation(words: Sequence[str]) -> str:
    """Literal words as a regex alternation, longest first (so 新建成 wins over 新建)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def group(words: Sequence[str]) -> str:
    return f"(?:{alternation(words)})"


def reversed_words(words: Sequence[str]) -> str:
    """An alternation of the words reversed, for matching on reversed text."""
    return alternation([w[::-1] for w in words])


class Raw(str):
    """A regex atom that reads the same on reversed text (a character class, ``\\d{2}``)."""


def backwards(*parts: str | Raw | tuple[Sequence[str], str]) -> str:
    """The regex that matches, on reversed text, what the forward sequence ``parts`` matches.

    A part is a literal word, a :class:`Raw` atom, or ``(words, quantifier)``: an alternation of
    literal words with a quantifier (``""`` or ``"?"``).
    """
    out = []
    for part in reversed(parts):
        if isinstance(part, Raw):
            out.append(str(part))
        elif isinstance(part, str):
            out.append(re.escape(part[::-1]))
        else:
            alts, quantifier = part
            out.append(f"(?:{reversed_words(alts)}){quantifier}")
    return "".join(out)


def _w(lexicon: str, *categories: str) -> tuple[str, ...]:
    return words(lexicon, *categories)


_YEAR = ((["19", "20"], ""), Raw(r"\d{2}"), "年")  # 2020年, forwards
_PLAN = ("“十", Raw("[一二三四五六七八九]"), "五”")    # “十四五”

# ---------------------------------------------------------------- qualifiers
POST_QUALIFIER = {w: cat.removeprefix("after_") for cat in ("after_over", "after_under", "after_approximately")
                  for w in _w("qualifiers", cat)}
POST_Q = rf"(?P<post>{alternation(POST_QUALIFIER)})?"
# Right before a figure; 过 only when not part of 通过/经过/越过/不过 (a condition, so in code).
QUALIFIER_PREFIX_RE = re.compile(
    rf"(?:(?P<under>{alternation(_w('qualifiers', 'before_under'))})"
    rf"|(?P<over>{alternation(_w('qualifiers', 'before_over'))}|(?<![通经越不])过)"
    rf"|(?P<approximately>{alternation(_w('qualifiers', 'before_approximately'))}))$"
)

# ---------------------------------------------------------------- change verbs and comparisons
INCREASE_ABSOLUTE = frozenset(_w("change_verbs", "increase_absolute"))  # 新增, 净增: always absolute
# Verb right before a figure, matched on the reversed text before it: 增长|14.7%, 提高到|50%.
CHANGE_REV_RE = re.compile(
    rf"了?(?:(?P<level>{backwards((_w('change_verbs', 'level_to'), ''), (['到', '至'], ''))}"
    rf"|{reversed_words(_w('change_verbs', 'level'))})"
    rf"|(?P<inc>{reversed_words(_w('change_verbs', 'increase', 'increase_absolute'))})"
    rf"|(?P<dec>{reversed_words(_w('change_verbs', 'decrease'))}))"
)
# 高于全国|0.8个百分点, 快于2024年|1.8个百分点, 高于全国平均水平|… (on reversed text).
COMPARE_REV_RE = re.compile(
    f"{backwards((_w('change_verbs', 'compare_suffix'), '?'))}"
    f"(?P<what>{reversed_words(_w('change_verbs', 'compare_what'))}|{backwards(*_YEAR)}"
    # 快于经济增速|1个百分点, 高于全国平均增速: any short noun phrase ending in a rate word
    f"|(?:{reversed_words(_w('change_verbs', 'compare_rate'))})[\u4e00-\u9fffA-Za-z]{{0,6}}?)?"
    f"(?P<cmp>(?P<up>{reversed_words(_w('change_verbs', 'compare_up'))})"
    f"|{reversed_words(_w('change_verbs', 'compare_down'))})"
)
STEP_VERB_RE = re.compile(rf"{group(_w('qualifiers', 'step_verb'))}$")
STEP_NOUN_RE = re.compile(rf"的?{group(_w('qualifiers', 'step_noun'))}")
APPROX_NOUN_RE = re.compile(group(_w("qualifiers", "noun_approximately")))
NAMED_FLOW_RE = re.compile(rf"{group(_w('change_verbs', 'named_flow'))}$")
TIME_BEFORE_RE = re.compile(r"(?:(?:19|20)\d{2}年(?:底|末)?|今年|去年|上年)的?$")
# A clause opening with 新增/新建… (after 全市/全年/力争…): every figure of it is an addition,
# unless the verb is one of a mixed pair (新建改造, 新建提升: an activity count, a level).
CLAUSE_NEW_RE = re.compile(
    rf"[\s“”]*(?:全[市省区县国])?{group(_w('change_verbs', 'new_opener'))}*{group(INCREASE_ABSOLUTE)}"
    rf"(?!{group(_w('change_verbs', 'mixed_action'))})"
)
# 居民消费价格涨幅|2%左右, 上涨幅度控制在|2%, 同比增速为|6.6%: a growth rate stated as a level is
# an increase (or, for 降幅, a decrease) in percent (on reversed text).
RATE_REV_RE = re.compile(
    rf"(?:{reversed_words(_w('change_verbs', 'rate_verb'))})?"
    rf"(?:(?P<up>{reversed_words(_w('change_verbs', 'rate_increase'))})"
    rf"|(?P<down>{reversed_words(_w('change_verbs', 'rate_decrease'))}))"
)
POST_CHANGE_RE = re.compile(
    rf"的?(?:(?P<inc>{alternation(_w('change_verbs', 'after_increase'))})"
    rf"|(?P<dec>{alternation(_w('change_verbs', 'after_decrease'))}))"
)

# ---------------------------------------------------------------- clause cues and time roles
_PER_YEAR_VERBS = rf"(?:分别)?{group(_w('clause_cues', 'per_year_verb'))}"
CLAUSE_CUE_RE = re.compile(  # every alternative starts with a literal: the engine skips fast
    rf"(?P<streak>连续(?P<streak_n>[{SMALL_CN}]{{1,3}}|\d{{1,2}})(?P<streak_unit>年|个月|个季度|届))"
    rf"|(?P<per>{alternation(_w('clause_cues', 'per_year'))}|{group(_w('clause_cues', 'per_year_prefix'))}{_PER_YEAR_VERBS})"
    rf"|(?P<cum>{alternation(_w('clause_cues', 'cumulative'))})"
    rf"|(?P<base>{alternation(_w('clause_cues', 'base'))})"
    rf"|(?P<actual>{alternation(_w('clause_cues', 'actual'))})"
)
BASE_PREFIX_RE = re.compile(rf"{group(_w('clause_cues', 'base_prefix'))}$")
# What may stand between a clause start and a clause-initial time expression.
CLAUSE_INITIAL_RE = re.compile(rf"[\s“”\"—―－]*{group(_w('clause_cues', 'clause_opener'))}?\s*")  # ——这五年
TARGET_CUE_RE = re.compile(alternation(_w("target_cues", "target")))
PLAN_DEADLINE_RE = re.compile(alternation(_w("target_cues", "plan_deadline")))
PLAN_FUTURE_RE = re.compile(alternation(_w("target_cues", "target", "plan_future")))

# ---------------------------------------------------------------- document scope and sections
# A work report's own title ends in its name (2026年天津市政府工作报告, 政府工作报告（摘要）); a
# title that only mentions one (…报告里的民生温度, 关于…落实情况的报告, 解读…) is another text.
WORK_REPORT_RE = re.compile(rf"{group(_w('period_context', 'work_report'))}[\s　]*(?:[（(][^）)]{{1,8}}[）)])?[\s　“”\"'①-⑩]*$")
WORK_REPORT_NOT_RE = re.compile(alternation(_w("period_context", "work_report_not")))
BULLETIN_RE = re.compile(alternation(_w("period_context", "bulletin")))
SECTION_TARGET_RE = re.compile(alternation(_w("period_context", "section_target")))
SECTION_REVIEW_RE = re.compile(alternation(_w("period_context", "section_review")))
BLOCK_CLOSER_RE = re.compile(rf"\s*{group(_w('period_context', 'block_closer'))}[！!，,：:]")
PLAN_FIRST_YEAR = group(_w("period_context", "plan_first_year"))
PLAN_AS_PERIOD_RE = re.compile(alternation(_w("period_context", "plan_as_period")))

# ---------------------------------------------------------------- figure or not
BARE_CUES = frozenset(_w("figure_contexts", "bare_cue"))


def _suffix_re(category: str) -> re.Pattern[str]:
    return re.compile(rf"{group(_w('figure_contexts', category))}$")


def _any_re(category: str) -> re.Pattern[str]:
    return re.compile(alternation(_w("figure_contexts", category)))


ACHIEVE_BEFORE_QUOTE_RE = _suffix_re("achieve_before_quote")
QUANTITY_CUE_RE = _suffix_re("quantity_cue")
DURATION_OK_RE = _suffix_re("duration_ok")
DURATION_BAD_RE = _suffix_re("duration_bad")
MONEY_SUBJECT_RE = _any_re("money_subject")  # nouns whose figure without a unit is money (过百亿)
RANK_CONTEXT_RE = _any_re("rank_context")
RANK_PLACE_RE = re.compile(alternation(_w("figure_contexts", "rank_context") + _w("figure_contexts", "rank_place")))
DURATION_AFTER_RE = re.compile(group(_w("figure_contexts", "duration_after")))
RATIO_CHAIN_NOUN_RE = _any_re("ratio_chain_noun")
ACRONYM_BEFORE_RE = _suffix_re("acronym_before")
VERB_AFTER_RE = _any_re("verb_after")
LANDMARK_AFTER_RE = re.compile(rf"的?{group(_w('figure_contexts', 'landmark_after'))}")
RATIO_VERB_RE = _suffix_re("ratio_verb")
RATIO_NOUN_RE = _any_re("ratio_noun")

# ---------------------------------------------------------------- subject clean-up
# Leading time/scope/verbs, trailing verbs/adverbs/comparisons.
TIME_WORDS = (
    r"“?十[一二三四五六七八九]五”?(?:规划)?(?:以来|时期|期间|期末|末|初)?|(?:19|20)\d{2}年(?:度|底|末|初|以来)?"
    rf"|{alternation(_w('subject_words', 'time'))}|近[一二两三四五]年来?|过去[一二两三四五]年"
)
_LEAD_COMMON = (rf"[\s，、的]|{TIME_WORDS}|[{SMALL_CN}]+是|其[{SMALL_CN}]+|[（(][{SMALL_CN}\d]+[）)]"
                rf"|[{SMALL_CN}]年(?:来|间|内)?")
# Scope words (全省, 我市) only in the opening run, before any verb: 新增|全国重点实验室 keeps 全国.
# A name_scope word (全国) is trimmed only before a lead verb (全国|新增…): else it opens a name
# (全国重点实验室由7家增至16家).
_LEAD_SCOPE = (rf"{alternation(_w('subject_words', 'lead_scope'))}|(?:{alternation(_w('subject_words', 'name_scope'))})"
               rf"(?=(?:{_LEAD_COMMON})*(?:{alternation(_w('subject_words', 'lead'))}))")
LEAD_RE = re.compile(
    rf"(?:(?:{_LEAD_COMMON}|{_LEAD_SCOPE})+"
    rf"(?:{_LEAD_COMMON}|{alternation(_w('subject_words', 'lead'))})*"
    rf"|(?:{_LEAD_COMMON}|{alternation(_w('subject_words', 'lead'))})+)"
)
_COMPARED_WITH = (["比较", "较", "比", "与"], "?")
_STREAK_N = Raw(rf"[{SMALL_CN}\d]{{1,3}}")
# Matched on the reversed text (a suffix check then costs one attempt, not one per position).
TRAIL_REV_RE = re.compile(
    r"(?:[\s，、“]"
    rf"|{backwards(_COMPARED_WITH, *_YEAR, (['度'], '?'), (['相比'], '?'))}"   # 较2020年(度)(相比)
    rf"|{backwards('较', *_PLAN, '末')}"                                        # 较“十三五”末
    rf"|{backwards((['较', '比'], '?'), *_PLAN, '时期')}"                        # 比“十三五”时期
    rf"|{backwards('连续', _STREAK_N, (['年', '个月', '个季度'], ''))}"          # 连续三年
    rf"|{reversed_words(_w('subject_words', 'trail'))})+"
)
LEADING_TIME_RE = re.compile(TIME_WORDS)
POST_ADVERB_RE = re.compile(alternation(_w("subject_words", "after_adverb")))
POST_STOP_RE = re.compile(alternation(_w("subject_words", "after_verb")))
