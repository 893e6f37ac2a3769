"""Assembly: context attached to each accepted figure, in text order (a figure may inherit
its subject or change from the previous one), and :func:`extract`, the entry point."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from orchestration.parsing.facts.context import (
    _base_for,
    _clause_cues,
    _Context,
    _infer_unit,
    _modality,
    _period_for,
    _period_kind,
)
from orchestration.parsing.facts.layout import _Layout
from orchestration.parsing.facts.lexicon import (
    APPROX_NOUN_RE,
    CHANGE_REV_RE,
    CLAUSE_NEW_RE,
    COMPARE_REV_RE,
    DURATION_AFTER_RE,
    INCREASE_ABSOLUTE,
    LEADING_TIME_RE,
    NAMED_FLOW_RE,
    POST_CHANGE_RE,
    QUALIFIER_PREFIX_RE,
    RATE_REV_RE,
    STEP_NOUN_RE,
    STEP_VERB_RE,
    TARGET_CUE_RE,
    TIME_BEFORE_RE,
    alternation,
)
from orchestration.parsing.facts.mentions import _Mention
from orchestration.parsing.facts.periods import baseline_span, paragraph_contexts
from orchestration.parsing.facts.records import Extraction, Fact
from orchestration.parsing.facts.scan import _mentions, _Scanner
from orchestration.parsing.facts.scope import document_scope
from orchestration.parsing.facts.subjects import (
    _CONNECTOR_RE,
    _POST_NOUN_UNIT_KINDS,
    BREAKDOWN_OPEN_RE,
    _balance_quotes,
    _list_tail,
    _post_noun,
    _series_items,
    _strip_np,
    count_attribute,
    counted_subject,
    done_share,
    ends_in_count_verb,
    gap_subject,
    graded_subject,
    growth_subject,
    listed_items,
    lone_measure,
    measure_head,
    measure_only,
    measured_subject,
    named_flow_subject,
    occurrence_subject,
    own_subject,
    population_part,
    ratio_share_subject,
    sector_measure,
    sentence_whole,
    shared_count_verb,
    split_entity,
    standard_measure,
    standard_name,
    table_subject,
    took_subject,
    topic_entity,
    topic_thing,
    within_whole,
    without_examples,
    without_inner_time,
)
from orchestration.parsing.facts.times import _reference_period, _sections, _Time, _time_refs
from orchestration.parsing.facts.version import EXTRACTOR_VERSION
from orchestration.parsing.segment import tagged
from orchestration.parsing.segment import words as segment_words

_CHANGE_UNIT = {"percent": "percent", "pp": "pp", "times": "times"}
_PERSON_CODES = frozenset({"person", "person_time", "household"})
_CHAIN_GAP_RE = re.compile(r"\s*[、和与及或/]?\s*")
_LIST_GAP_RE = re.compile(r"\s*(?:、|和|及)\s*")
_TABLE_LABEL_MARK_RE = re.compile(r"^(?:[#＃]+|其中[:：]?)\s*")
_MILESTONE_END_RE = re.compile(r"[，,。；;、：:！!？?（(\n]|$")
_VERB_TAGS = frozenset({"v", "vd", "d", "ad", "p"})  # 仅|用: verbs, adverbs and prepositions, no thing
_MILESTONE_MAX = 8  # a longer run after a duration is a clause, not its milestone


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
        self.prev_post = ""
        self.cue_sentence = -1
        self.cue_at = 0
        self.series: tuple[list[str], str] | None = None
        self.series_index = 0
        self.mentions: Sequence[_Mention] = ()  # all of the text's figures, in order (for list lengths)
        self.owner: tuple[int, str] = (-1, "")  # (sentence, subject) of its last count of places
        self.prev_base = ""  # the previous subject before a count's 数 (what the next figure may share)
        self.step_thing = ""  # what crossed a threshold (地区生产总值|连跨两个万亿元台阶): the next figure's thing
        self.ratio_whole = ""  # the structure a ratio chain's first share named (三次产业结构)
        self.head_para, self.head = -1, ""  # the paragraph's last measure head (增加值, 产值…)
        self.whole: tuple[int, str] = (-1, "")  # (sentence, whole) a sentence opened with (规模以上工业中，)
        self.topic: tuple[int, int, str] = (-1, -1, "")  # (sentence, scanned up to, entity) of its topic clause
        self.broken: tuple[int, str] = (-1, "")  # (sentence, subject) a breakdown sentence goes on with
        self.took: tuple[int, str] = (-1, "")  # (end of its milestone, thing) of the last duration before one
        self.occurrence: tuple[int, str] = (-1, "")  # (clause, count verb) of the last count of occurrences

    def _owned(self, m: _Mention, sentence: int, subject: str) -> str:
        """People counted after a count of places in one sentence are those places' people:
        ``普通高校9所，招生7.2万人，在校生21.2万人`` -> 普通高校招生, 普通高校在校生. Only a short
        subject (one word of up to 3 characters) is so owned; the owner is the last count of
        places or things (a count unit other than persons) of the sentence. A subject made of
        measure words only (``个数占比``, ``总投资``) is the owner's measure, whatever its unit."""
        if m.table_label is not None:
            return subject
        owner = self.owner[1] if self.owner[0] == sentence else ""
        if owner and subject and measure_only(subject):  # 现代产业类项目250个，个数占比28.3%，总投资…
            return owner + subject
        if m.unit_kind != "count":
            return subject
        if m.unit_code in _PERSON_CODES:
            owner = self.owner[1] if self.owner[0] == sentence else ""
            if owner and subject and len(subject) <= 3 and len(segment_words(subject)) == 1 and owner not in subject:
                return owner + subject
        elif subject and not m.rank:
            self.owner = (sentence, subject)
        return subject

    def _chained(self, m: _Mention) -> int | None:
        """How many figures a list joins from ``m`` on (``分别增长3.5%、8.5%和0.6%``: 3)."""
        try:
            i = next(k for k, x in enumerate(self.mentions) if x is m)
        except StopIteration:
            return None
        n = 1
        while i + n < len(self.mentions):
            a, b = self.mentions[i + n - 1], self.mentions[i + n]
            if not _CHAIN_GAP_RE.fullmatch(self.ctx.body, a.end_ext, b.start):
                break
            n += 1
        return n

    def _listed(self, m: _Mention) -> int:
        """How many figures of one unit kind a list mark joins from ``m`` on (``800公里、600公里、300公里``:
        3; ``2座35万千瓦``: 1, nothing joins them)."""
        i = next((k for k, x in enumerate(self.mentions) if x is m), len(self.mentions))
        n = 1
        while i + n < len(self.mentions):
            a, b = self.mentions[i + n - 1], self.mentions[i + n]
            if b.unit_kind != m.unit_kind or not _LIST_GAP_RE.fullmatch(self.ctx.body, a.end_ext, b.start):
                break
            n += 1
        return n

    def _target_cue(self, sentence: int, s_start: int, s_end: int) -> int:
        """Offset of the first target cue (力争/确保/预期目标…) in the sentence, or a large number."""
        if sentence != self.cue_sentence:
            cue = TARGET_CUE_RE.search(self.ctx.body, s_start, s_end)
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
        if not same_clause and body.count("）", seg_start, m.start) > body.count("（", seg_start, m.start):
            opened = body.rfind("（", 0, seg_start)  # 固定资产投资（不含农户，|下同）比上年下降7.5%: one clause
            if opened >= 0 and layout.sentence(opened) == sentence and (self.prev is None or opened >= self.prev.end_ext):
                seg_start = layout.clause_start(opened)
        pre, qualifier, own_time = self._pre_text(m, seg_start)
        noun_follows = m.unit_kind in _POST_NOUN_UNIT_KINDS or (m.unit_inferred and not m.unit_code)
        self.prev_post = self.post if same_clause else ""  # 19个|国家|35个城市: the previous figure's noun
        self.post = _post_noun(body, m.end_ext, counted=m.unit_kind == "count") if noun_follows else ""
        cues = _clause_cues(body, clause, m.start)

        change_kind, change_unit, comparator = self._change(m, pre, clause, same_clause)
        value, value_high = m.value, m.value_high
        if m.negative:  # 增长-2.1%: a decrease of 2.1 (the gold convention: positive number, minus kept in the quote)
            if change_kind in ("increase", "decrease"):
                change_kind = "decrease" if change_kind == "increase" else "increase"
            else:
                value, value_high = -value, -value_high if value_high is not None else None
        if para != self.head_para:
            self.head_para, self.head = para, ""
        whole = self._whole(sentence, s_start, m.start)
        if whole and measure_head(whole):  # …商品零售额中，饮料类下降13.4%: the parts' measure is the whole's
            self.head = measure_head(whole)
        subject, context = self._subject(m, pre, clause, same_sentence, same_clause)
        if m.unit_kind == "duration" and m.table_label is None:  # 40天开工: …开工用时
            subject = self._took(m, subject, same_clause)
        if NAMED_FLOW_RE.search(pre) and m.table_label is None:  # 新增农村劳动力转移就业: 新增 is its name
            subject = named_flow_subject(pre, subject)
        if lone_measure(subject) and m.table_label is None:  # 经营主体持续壮大。总量…: 经营主体总量
            subject = topic_thing(body[s_start:clause], self._previous_sentence(sentence, para)) + subject
        if m.unit_kind == "count" and same_clause and self.prev_fact is not None \
                and body[self.prev.end_ext:m.start].lstrip().startswith("、"):  # type: ignore[union-attr]
            subject = shared_count_verb(subject, self.prev_fact["subject"])  # 建成运输机场3座、通用机场8座
        if m.table_label is None:  # 深圳2021年全年地区生产总值: the year is the period
            subject = without_inner_time(subject)
        if "等" in subject and m.table_label is None:  # 银行、保险…等各类金融机构: 各类金融机构
            subject = without_examples(subject)
        if m.table_label is None:  # 社会消费品零售总额…。按经营单位所在地分，城镇零售额: 城镇消费品零售额
            subject = self._broken_down(sentence, s_start, subject)
        if whole and m.table_label is None:  # 在规模以上工业中，…国有企业增加值: 规模以上工业国有企业增加值
            subject = within_whole(subject, whole)
        entity, subject = split_entity(subject)  # 天开高教科创园|累计注册科技型企业
        if not entity and m.table_label is None:  # 天开高教科创园蓬勃发展，…，累计注册科技型企业超4500家
            entity = self._topic(sentence, s_start, clause)
        subject = standard_name(self._owned(m, sentence, subject))  # 营收 -> 营业收入
        subject = graded_subject(subject, self.prev_base if same_sentence else "")  # 其中国家级17个
        self.prev_base = self.step_thing or subject
        self.head = measure_head(subject) or self.head
        if m.unit_kind == "count" and self.post and m.table_label is None:  # 举办2届亚欧博览会: …举办届数
            subject = self._occurrence(m, subject, pre, clause)
        if m.unit_kind == "count" and m.unit_code != "person_time" and not m.rank and m.table_label is None:
            subject = counted_subject(subject, m.unit_written)  # 普通高校|9所: 普通高校数
        elif m.unit_kind == "measure" and m.table_label is None:
            subject = measured_subject(subject, m.unit_written)  # 造林|100万亩: 造林面积
        subject = standard_measure(subject, m.unit_kind, change_kind)  # 参加…保险人数: …保险参保人数
        if m.ratio_part:  # 三次产业结构|2.9∶30.7∶66.4: 三次产业结构（第一产业占比）
            if m.ratio_part[0] == 0:
                self.ratio_whole = subject
            subject = ratio_share_subject(self.ratio_whole or subject, *m.ratio_part)
        if m.unit_inferred and not m.unit_code:
            _infer_unit(m, subject or context, bool(self.post))
        if change_kind != "level" and change_unit is None:
            change_unit = _CHANGE_UNIT.get(m.unit_kind, "absolute")
        if change_unit == "percent" and m.table_label is None and not m.rank:  # 出口年均增速|20%: 出口
            prev = self.prev_fact if same_sentence else None
            subject = growth_subject(subject, prev["subject"] if prev else "")
        if change_unit == "pp" and comparator and m.table_label is None:  # 高于全国|0.3个百分点: a gap
            subject = gap_subject(subject, *self._gap(pre, comparator, same_sentence, subject))

        pc = ctx.paragraph_context(para)
        target_section = bool(pc and pc.target_section)
        cue_at = self._target_cue(sentence, s_start, s_end)
        if own_time is not None:
            p_start, p_end, p_source = own_time.start, own_time.end, "own"
        else:
            p_start, p_end, p_source = _period_for(ctx, m, clause, sentence, para, cue_at < m.start or target_section)
            baseline = baseline_span(body, m.start, m.end_ext, p_start, p_end)
            if baseline:
                p_start, p_end = baseline
        base = _base_for(ctx, clause, m.start, cues.base_word, p_end, own_time)
        if comparator and comparator.endswith("年") and comparator[:4].isdigit():
            base, comparator = comparator[:4], None

        region = _clause_region(ctx, clause, layout.clause_end(m.end), m.start)
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
            "value": value,
            "value_low": value if value_high is not None else None,
            "value_high": value_high,
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
            "period_source": p_source if p_start else "none",
            "streak_years": m.streak_years if m.streak_years is not None else cues.streak_years,
            "subject": subject,
            "subject_context": context,
            "subject_entity": entity,
            "region": region,
            "count_multiplier": m.count_multiplier,
            "modality": _modality(ctx, cue_at, m.start, cues.actual or cues.cumulative, p_start, p_end,
                                  target_section),
            "cumulative": cues.cumulative,
            "indicator_code": None,
            "link_alias": None,
            "status": "extracted",
            "override_note": None,
        }
        self.prev, self.prev_clause, self.prev_sentence, self.prev_fact = m, clause, sentence, values
        return Fact._from_dict(values)

    def _broken_down(self, sentence: int, s_start: int, subject: str) -> str:
        """A part's subject in a sentence breaking down the whole of the sentence before
        (``BREAKDOWN_OPEN_RE``: 按经营单位所在地分，; :func:`population_part`); the whole is the first
        subject of the last sentence that is no breakdown."""
        if BREAKDOWN_OPEN_RE.match(self.ctx.body, s_start):
            return population_part(subject, self.broken[1]) if self.broken[0] >= 0 else subject
        if self.broken[0] != sentence:
            self.broken = (sentence, subject)
        return subject

    def _previous_sentence(self, sentence: int, para: int) -> str:
        """The text of the sentence before ``sentence`` in its paragraph, or ""."""
        layout = self.ctx.layout
        if sentence <= 0:
            return ""
        start, end = layout.sentence_span(sentence - 1)
        return self.ctx.body[start:end] if layout.paragraph(start) == para else ""

    def _took(self, m: _Mention, subject: str, same_clause: bool) -> str:
        """A duration right before a milestone (``duration_after``: 40天|开工) is the time the thing
        took (:func:`took_subject`); the milestone runs to the clause end when short (6个月|具备开工条件),
        and a next duration after only a list mark (``…40天开工、9个月投产``) is the same thing's."""
        body = self.ctx.body
        verb = DURATION_AFTER_RE.match(body, m.end_ext)
        if not verb:
            return subject
        end = _MILESTONE_END_RE.search(body, m.end_ext).start()
        milestone = body[m.end_ext:end]
        if len(milestone) > _MILESTONE_MAX or any(c.isdigit() for c in milestone):
            milestone, end = verb.group(), verb.end()
        at, thing = self.took
        if not (same_clause and at >= 0 and thing and _CONNECTOR_RE.fullmatch(body[at:m.start].strip())):
            thing = subject
        if not thing or all(tag in _VERB_TAGS for _, tag in tagged(thing)):  # 仅用|90天|建成“南A中心”: the milestone's object
            thing = _balance_quotes(re.split(r"[并和及与]", body[verb.end():_MILESTONE_END_RE.search(body, verb.end()).start()])[0])
            milestone, end = verb.group(), max(end, verb.end())
        self.took = (end, thing)
        return took_subject(thing, milestone)

    def _occurrence(self, m: _Mention, subject: str, pre: str, clause: int) -> str:
        """A count of occurrences (``occurrence_unit``: 举办|2届|亚欧博览会) names the event and the
        count verb (:func:`occurrence_subject`); a next item after only the previous item's noun and a
        list mark (``2届亚欧博览会、|3届商博会``) shares the verb."""
        verb = ends_in_count_verb(pre.rstrip())
        if not verb and self.occurrence[0] == clause and _CONNECTOR_RE.fullmatch(pre.strip().removeprefix(self.prev_post)):
            verb = self.occurrence[1]
        if verb:
            self.occurrence = (clause, verb)
            if subject.endswith(self.post):  # 圆满举办|4届|南博会: the verb is said once, after the event
                subject = self.post
        return occurrence_subject(subject, verb, m.unit_written)

    def _gap(self, pre: str, comparator: str, same_sentence: bool, subject: str) -> tuple[str, str]:
        """(comparison as written, rate word) of a gap in points against a benchmark: ``高于全国平均``
        and, when the figure before it in the sentence is the same indicator's growth in percent,
        ``增速`` (``年均增速`` for an annual average); ("", "") for a comparison with a time
        (``高于上年``, ``快于2024年``: a change, not a gap)."""
        rev = pre.rstrip()[::-1]
        cmp = COMPARE_REV_RE.match(rev)
        if not cmp or LEADING_TIME_RE.fullmatch(comparator) or comparator[:4].isdigit():
            return "", ""
        prev = self.prev_fact if same_sentence else None
        rate = ""
        if prev and prev["change_unit"] == "percent" and prev["subject"] == subject:
            rate = ("年均" if prev["period_kind"] == "per_year" else "") + "增速"
        return rev[:cmp.end()][::-1], rate

    def _topic(self, sentence: int, s_start: int, clause: int) -> str:
        """The entity an earlier clause of the sentence, holding no figure, made its topic
        (:func:`topic_entity`); the figures of the sentence after it are that entity's."""
        if self.topic[0] != sentence:
            self.topic = (sentence, s_start, "")
        _, scanned, entity = self.topic
        if clause > scanned:
            for part in re.split(r"[，,；;]", self.ctx.body[scanned:clause]):
                found = topic_entity(part)
                if found:
                    entity = found
            self.topic = (sentence, clause, entity)
        return entity

    def _whole(self, sentence: int, s_start: int, at: int) -> str:
        """The whole the figure's sentence opened with (``在规模以上工业中，``) or, for a sentence going
        on with its breakdown (``分门类看，``), the previous sentence's; "" when none or the figure is
        in the whole's own clause."""
        body = self.ctx.body
        if self.whole[0] != sentence:
            whole = sentence_whole(body[s_start:at])
            if not whole and self.whole[0] == sentence - 1 and self.whole[1] and BREAKDOWN_OPEN_RE.match(body, s_start, at):
                whole = self.whole[1]
            self.whole = (sentence, whole)
        whole = self.whole[1]
        return whole if whole and ("，" in body[s_start:at] or "," in body[s_start:at]) else ""

    # -------------------------------------------------------------- text before the figure
    def _pre_text(self, m: _Mention, seg_start: int) -> tuple[str, str, _Time | None]:
        """(text between segment start and figure, qualifier, the figure's own time).

        Peels, from the right, a qualifier word (超/约/不到) and a time expression glued to
        the figure (``2020年的5.2万元``), which is then the figure's own period.
        """
        body = self.ctx.body
        q_word = QUALIFIER_PREFIX_RE.search(body, max(seg_start, m.start - 4), m.start)
        verb_end = q_word.start() if q_word else m.start
        qualifier = m.qualifier
        if q_word and qualifier == "exact":
            qualifier = q_word.lastgroup or "exact"
        if qualifier == "exact":  # 迈上5万亿台阶: over; 3万亿量级的深圳: approximately
            if STEP_NOUN_RE.match(body, m.end_ext) and STEP_VERB_RE.search(body, max(seg_start, verb_end - 3), verb_end):
                qualifier = "over"
            elif APPROX_NOUN_RE.match(body, m.end_ext):
                qualifier = "approximately"
        own_time = None
        t = TIME_BEFORE_RE.search(body, max(seg_start, verb_end - 9), verb_end)
        if t:
            for x in self.ctx.clause_times.get(self.ctx.layout.clause_start(t.start()), ()):
                # 从2020年的5.2万元: own time; 快于2024年1.8个百分点: a base, left to _change
                if x.ref.char_start == t.start() and x.start and (x.ref.role != "base" or t.group()[-1] == "的"):
                    own_time, verb_end = x, t.start()
        return body[seg_start:verb_end], qualifier, own_time

    # -------------------------------------------------------------- change kind
    def _change(self, m: _Mention, pre: str, clause: int, same_clause: bool):
        if m.table_label is not None:  # a table cell: its column says (tables.py)
            return (m.table_change, "percent", None) if m.table_change else ("level", None, None)
        if m.rank or m.unit_kind == "streak":
            return "level", None, None
        if m.unit_written == "番":  # 翻番, 翻两番: always a growth to a multiple
            return "increase", "times", None
        rev = pre.rstrip()[::-1]  # 增长 8.6%: a space-padded figure (OCR, tables)
        cmp = COMPARE_REV_RE.match(rev)
        if cmp:
            kind = "increase" if cmp["up"] else "decrease"
            return kind, None, cmp["what"][::-1] if cmp["what"] else None
        rate = RATE_REV_RE.match(rev) if m.unit_kind == "percent" and not m.negative else None
        if rate:  # 居民消费价格涨幅2%左右, 增速为6.6%: a growth rate
            return ("increase" if rate["up"] else "decrease"), None, None
        ch = CHANGE_REV_RE.match(rev)
        if ch and ch.lastgroup == "inc" and rev.startswith("负", ch.end()):
            return "decrease", None, None  # 负增长3.9%: a decrease of 3.9
        if ch and ch.lastgroup == "level":
            return "level", None, None
        if ch and ch["inc"] and ch["inc"][::-1] in INCREASE_ABSOLUTE:
            return "increase", "absolute", None
        if ch and not self.post:  # 新建提升|310公里农村公路: an action on the noun, not a change
            return ("increase" if ch.lastgroup == "inc" else "decrease"), None, None
        if same_clause and self.prev_fact is not None and _CONNECTOR_RE.fullmatch(pre.strip()):
            return self.prev_fact["change_kind"], None, self.prev_fact["comparator"]
        body = self.ctx.body
        if NAMED_FLOW_RE.search(pre):  # 新增农村劳动力转移就业5.3万人: the indicator's name, a level
            return "level", None, None
        if CLAUSE_NEW_RE.match(body, clause, m.start):
            return "increase", "absolute", None
        post = POST_CHANGE_RE.match(body, m.end_ext)
        if post:  # 保持10%以上增长
            return ("increase" if post.lastgroup == "inc" else "decrease"), None, None
        return "level", None, None

    # -------------------------------------------------------------- subject
    def _subject(self, m: _Mention, pre: str, clause: int, same_sentence: bool,
                 same_clause: bool) -> tuple[str, str]:
        if m.table_label is not None:  # a table cell: the row label, under its column header
            self.series = None
            label = _TABLE_LABEL_MARK_RE.sub("", m.table_label)  # #无缝钢管, 其中:食品烟酒: sub-item marks
            return table_subject(label, m.table_measure, m.table_whole and _TABLE_LABEL_MARK_RE.sub("", m.table_whole),
                                 m.table_note), m.table_header or ""
        prev = self.prev_fact if same_sentence else None
        raw_pre = pre
        if not same_clause:
            self.series = None
        if "分别" in pre:  # 城镇和农村居民人均可支配收入分别增长4%左右和6%左右
            whole = _strip_np(pre[:pre.rindex("分别")])
            items = [sector_measure(x, self.head) for x in _series_items(whole, self._chained(m))]
            if m.unit_kind == "percent":  # …整合分别完成25%、50%: each item's share done
                items = [done_share(x, pre[pre.rindex("分别") + 2:]) for x in items]
            if len(items) > 1:
                self.series = (items, whole)
                self.series_index = 0
                return items[0], whole
        elif "、" in pre:  # 改造老旧供热、燃气、排水管网800公里、600公里、300公里: a list matched without 分别
            whole = _strip_np(_list_tail(pre), counted=m.unit_kind in ("count", "measure"))
            items = listed_items(whole, self._listed(m))
            if items:
                self.series = (items, whole)
                self.series_index = 0
                return items[0], whole
        if same_clause and prev is not None and _CONNECTOR_RE.fullmatch(pre.strip()):  # 3.5% 、 8.5%
            if self.series:
                self.series_index += 1
                items, whole = self.series
                return items[min(self.series_index, len(items) - 1)], whole
            return prev["subject"], prev["subject_context"]
        if m.count_multiplier > 1:  # 开工率、纳统率、投资完成率…实现“三个百分之百”
            pre = self.ctx.body[clause:m.start].rstrip("“”")
        elif "、" in pre:
            pre = _list_tail(pre)
        step_thing, self.step_thing = self.step_thing, ""
        prev_subject = (step_thing or prev["subject"]) if prev else ""
        counted = m.unit_kind == "count" or m.rank
        stripped = _strip_np(pre, counted=m.unit_kind in ("count", "measure"))
        np = own_subject(stripped, prev_subject, self.head,
                         counted=counted,
                         prev_base=self.prev_base if prev else "")
        if not same_clause:
            self.clause_topic = np  # 国际朋友圈|扩展到19个国家35个城市
        topic_of_prev = self.prev_base if prev else ""  # a count's thing, not its 数, is the next one's topic
        step = STEP_NOUN_RE.search(self.post) if self.post else None
        thing = STEP_VERB_RE.sub("", np)  # 地区生产总值迈上: the thing, not the step
        if not self.post and thing and thing != np and STEP_NOUN_RE.match(self.ctx.body, m.end_ext):
            np = _strip_np(thing)  # 深圳经济总量站上|2万亿元|台阶 (an amount: no noun read after it): the thing
        if step and step.end() == len(self.post) and not thing and not counted and prev_subject:  # …，踏上3万亿台阶
            self.post = ""
            return prev_subject, prev["subject_context"] if prev else ""
        if step and step.end() == len(self.post) and thing:  # a threshold after the figure names no thing
            np = self.step_thing = thing
            if counted:  # 地区生产总值连跨两个万亿元台阶: the thresholds the thing crossed, counted
                verb = pre[pre.rfind(np) + len(np):].strip() if np in pre else ""
                return f"{np}{verb}{self.post}", ""
            self.post = ""  # 地区生产总值迈上5万亿台阶: the thing's level
            return np, ""
        if self.post:
            topic = self.clause_topic if same_clause and self.clause_topic else np
            attribute = count_attribute(stripped, raw_pre) if m.unit_kind == "count" and not m.rank \
                and not (self.prev_post and raw_pre.strip().startswith(self.prev_post)) else ""
            return attribute + self.post, topic or topic_of_prev  # 实施稳经济|30项|举措: 稳经济举措
        if np:
            return np, topic_of_prev if topic_of_prev != np else ""
        return prev_subject, prev["subject_context"] if prev else ""


def _clause_region(ctx: _Context, c_start: int, c_end: int, figure_start: int | None = None) -> str:
    """The one region the clause names, else the document's.

    A region named as one example of a list that the figure totals (``贵阳“青云市集”等…55个``,
    ``商洛电厂二期、店头电厂二期等402万千瓦``: a 等 between the name and the figure) does not
    own the figure.

    Names resolve in the document's context (``RegionCatalog.resolve``: 海南 in a Qinghai report
    is 海南藏族自治州); a name that resolves to nothing, or a clause naming two regions, gives the
    document's region.
    """
    if ctx.region_re is None:
        return ctx.default_region
    resolve = getattr(ctx.region_codes, "figure_region", None)
    codes = set()
    for m in ctx.region_re.finditer(ctx.body, c_start, c_end):
        if figure_start is not None and m.end() <= figure_start and "等" in ctx.body[m.end():figure_start]:
            continue
        code = resolve(m.group(), ctx.default_region) if resolve else ctx.region_codes.get(m.group())
        if code:
            codes.add(code)
    return codes.pop() if len(codes) == 1 else ctx.default_region


@lru_cache(maxsize=32)
def _region_pattern(aliases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not aliases:
        return None
    return re.compile(alternation(aliases))


def extract(
    body: str,
    *,
    doc_id: str,
    doc_date: dt.date | None,
    default_region: str,
    paragraph_spans: Sequence[tuple[int, int]] | None = None,
    region_aliases: Mapping[str, str] | None = None,
    heading_paths: Sequence[str | None] | None = None,
    title: str | None = None,
    scope_year: int | None = None,
) -> Extraction:
    """Extract numeric facts and time references from one article body.

    ``heading_paths`` (one per paragraph of ``paragraph_spans``, the splitter's
    ``Paragraph.heading_path``), ``title`` and ``scope_year`` (the year the title names) give the
    context beyond the sentence: blocks, sections and the document's scope (``facts.periods``,
    ``facts.scope``)."""
    layout = _Layout(body, paragraph_spans)
    scope = document_scope(title, scope_year, doc_date)
    times = _time_refs(body, doc_id, doc_date, layout, scope)
    scanner = _Scanner(body, layout, [(t.ref.char_start, t.ref.char_end) for t in times])
    mentions = _mentions(body, scanner)

    clause_times: dict[int, list[_Time]] = {}
    clause_periods: dict[int, list[_Time]] = {}
    for t in times:
        clause_times.setdefault(t.clause, []).append(t)
        if t.ref.role == "period" and t.start:
            clause_periods.setdefault(t.clause, []).append(t)
    initial = [t for t in times if t.clause_initial and t.ref.role == "period" and t.start]
    aliases = region_aliases if hasattr(region_aliases, "resolve") else dict(region_aliases or {})
    names = aliases.pattern_names if hasattr(aliases, "pattern_names") else tuple(sorted(aliases))
    reference = _reference_period(times, doc_date)
    ctx = _Context(
        body=body, doc_id=doc_id, doc_date=doc_date, default_region=default_region, layout=layout,
        clause_times=clause_times, clause_periods=clause_periods, initial_starts=[t.ref.char_start for t in initial], initial_times=initial,
        sections=_sections(body, layout, times), reference=reference,
        region_re=_region_pattern(names), region_codes=aliases, scope=scope,
        paragraphs=(paragraph_contexts(body, doc_id, layout, times, heading_paths, scope)
                    if heading_paths is not None else None),
    )
    builder = _FactBuilder(ctx)
    builder.mentions = mentions
    facts = [builder.build(m) for m in mentions]
    ref = (reference[0].isoformat(), reference[1].isoformat()) if reference else None
    return Extraction(doc_id=doc_id, facts=facts, time_refs=[t.ref for t in times], reference_period=ref,
                      document_kind=scope.kind)
