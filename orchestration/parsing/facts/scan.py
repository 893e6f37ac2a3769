"""The figure scan: every Arabic and Chinese numeral in a body, accepted as a figure or
dropped (identifier, ordinal, label, time, name in quotes, article, fixed expression) by rule."""

from __future__ import annotations

import re
from bisect import bisect_right

from orchestration.parsing.facts.layout import _Layout
from orchestration.parsing.facts.lexicon import (
    ACHIEVE_BEFORE_QUOTE_RE,
    ACRONYM_BEFORE_RE,
    BARE_CUES,
    CHANGE_REV_RE,
    DURATION_AFTER_RE,
    DURATION_BAD_RE,
    DURATION_OK_RE,
    LANDMARK_AFTER_RE,
    POST_Q,
    QUALIFIER_PREFIX_RE,
    QUANTITY_CUE_RE,
    RANK_CONTEXT_RE,
    RANK_PLACE_RE,
    RATIO_CHAIN_NOUN_RE,
    RATIO_NOUN_RE,
    RATIO_VERB_RE,
    SMALL_CN,
    VERB_AFTER_RE,
)
from orchestration.parsing.facts.mentions import _arabic_value, _Mention, _post_qualifier, _resolve_distributive
from orchestration.parsing.facts.tables import table_mentions
from orchestration.parsing.numbers import (
    CHINESE_NUMBER_CHARS,
    MULTIPLIERS,
    RANGE_SEPARATORS,
    UNITS,
    NumeralError,
    parse_chinese,
    unit_pattern,
)

_CN = CHINESE_NUMBER_CHARS
_DIGIT = "0-9０-９"
# First character is a plain character set, so the regex engine can skip ahead quickly.
_NUM = (rf"[{_DIGIT}](?:[{_DIGIT}]{{0,2}}(?:[,，][{_DIGIT}]{{3}}(?![{_DIGIT}]))+|[{_DIGIT}]*)"
        rf"(?:[.．][{_DIGIT}]+)?")

_ARABIC_RE = re.compile(
    # 从3万亿到4万亿: after 从/由 the two numbers are a from-to pair (two figures), not a range
    rf"(?P<fromto>(?<=[从由]))?(?P<n1>{_NUM})"
    rf"(?(fromto)|(?:(?P<mult1>万亿|千亿|百亿|亿|千万|百万|万)?(?P<pct1>[%％])?\s?(?P<rsep>[{RANGE_SEPARATORS}])\s?"
    rf"(?P<n2>{_NUM}))?)"
    rf"(?P<fz0>多|余)?(?P<mult>万亿|千亿|百亿|亿|千万|百万|万)?(?P<fz>多|余)?(?P<unit>{unit_pattern()})?{POST_Q}"
)
_CHINESE_RE = re.compile(  # the last branch: a run ending in 百/千/万/亿 with no unit (过百亿)
    rf"(?P<cn>[{_CN}][{_CN}]*)(?:(?P<cm>个)(?P<cmv>百分之[{_CN}]+|{_NUM}[%％])"
    rf"|分之(?P<frac>[{_CN}]+|{_NUM})|(?P<cfz>多|余)(?P<cmult>万亿|亿|万)(?P<unit2>{unit_pattern()})"
    rf"|(?P<fz>多|余)?(?P<unit>{unit_pattern()})"
    rf"|(?P<bare>)(?<=[百千万亿])(?![级{_CN}])){POST_Q}"
)


# 三次产业结构为3.9:39.0:57.1: a chain of shares, one level each (after a structure noun)
_RATIO_CHAIN_RE = re.compile(r"(?<![\d.:：∶])\d+(?:\.\d+)?(?:\s*[:：∶]\s*\d+(?:\.\d+)?)+(?![\d.])")
_RATIO_PART_RE = re.compile(r"\d+(?:\.\d+)?")
# Written ranks: 全国第一, 第三名, 第二位置, 前三位, 前十强, 居全国首位
_RANK_CN_RE = re.compile(r"(?P<ord>[第前])(?P<cn>[一二两三四五六七八九十]{1,3})(?P<unit>位置|名|位|强)?|首位")
_CLAUSE_PUNCT = frozenset("，。；：、！？,;:!?\n")
_MINUS = frozenset("-－−")
# 翻番 / 翻一番 / 翻两番: a doubling (×2) or two doublings (×4), with no unit of the table
_DOUBLING_RE = re.compile(r"翻(?P<n>[一两二三四])?番")
_IDENT_BEFORE = frozenset("#＃_+＋×*/／.-－—ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_IDENT_AFTER = frozenset("#＃+＋×∶:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_CJK_LO, _CJK_HI = "\u4e00", "\u9fff"


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
        return bool(RATIO_VERB_RE.search(self.body, max(0, start - 3), start)
                    and RATIO_NOUN_RE.search(self.body, max(0, start - 24), start))

    def _qualifier_before(self, start: int) -> str | None:
        m = QUALIFIER_PREFIX_RE.search(self.body, max(0, start - 4), start)
        return m.lastgroup if m else None

    def _duration_is_quantity(self, start: int) -> bool:
        before = self._before(start)
        if DURATION_BAD_RE.search(before):
            return False
        return bool(self._qualifier_before(start) or DURATION_OK_RE.search(before))

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
        if after_cjk and (VERB_AFTER_RE.match(body, end_ext) or LANDMARK_AFTER_RE.match(body, end_ext)):
            return False  # 9.6年|提升至, 突破5000亿元|大关, 45万人以上的|目标: still a figure
        if after_cjk and spec.kind == "duration" and DURATION_AFTER_RE.match(body, end_ext):
            return False  # 40天开工, 9个月投产: the time a milestone took
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
        negative = prev in _MINUS and bool(CHANGE_REV_RE.match(body[max(0, start - 10):start - 1][::-1]))
        if negative:  # 增长-2.1%: a signed change; the quote keeps the minus sign
            prev = body[start - 2] if start > 1 else ""
        acronym = bool(unit) and prev.isascii() and bool(ACRONYM_BEFORE_RE.search(body, max(0, start - 4), start))
        if (prev in _IDENT_BEFORE and not negative and not acronym) or (
                not unit and self._char(n_end) in _IDENT_AFTER):
            return None
        if prev == "每":
            return None  # 每10万人口: the base of a rate, not a figure
        if self.layout.quote_around(start):
            return None
        ordinal = prev if prev in ("第", "前") else ""
        if ordinal == "前" and unit in ("%", "％", "‰"):
            return None  # ESI全球前1%学科: a class label
        if ordinal == "前" and (self._char(m.end()) == "的" or _CJK_LO <= self._char(m.end()) <= _CJK_HI):
            return None  # 前10位的货代企业, 前10大: a rank band naming a group
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
        if m["mult1"]:  # 5亿至8亿元, 5千万至1亿元: the first half in the second half's multiplier
            low = low * MULTIPLIERS[m["mult1"]] / MULTIPLIERS.get(m["mult"] or "", 1.0)
        if high is not None and high < low:
            return None
        qualifier = "under" if ordinal == "前" and rank else _post_qualifier(m["post"], m["fz"] or m["fz0"])
        figure = body[start:end - len(unit)] if unit else body[start:end]
        if rank:  # 居全省第3位; 第5、第6位 (unit shared); 稳居全国第2 (rank by context)
            ranked = bool(unit) or bool(RANK_CONTEXT_RE.search(self._before(start - 1, 6)))
            return _Mention(q_start, end, end_ext, figure, low, high, unit, "rank" if ranked else "",
                            "rank", None, qualifier, rank=True, pending_unit=not unit)
        mult = m["mult"]
        if not unit:
            factor = MULTIPLIERS.get(mult or "", 1.0)
            ratio = not mult and self._ratio_context(start)
            return _Mention(start, end, end_ext, figure, low * factor, high * factor if high else None,
                            "", "ratio" if ratio else "", "ratio" if ratio else "", mult, qualifier,
                            pending_unit=True)
        mention = self._arabic_with_unit(m, start, end, end_ext, figure, low, high, unit, qualifier)
        if mention is not None and negative:
            mention.start, mention.figure, mention.negative = start - 1, body[start - 1] + mention.figure, True
        return mention

    def _arabic_with_unit(self, m, start, end, end_ext, figure, low, high, unit, qualifier) -> _Mention | None:
        spec = UNITS[unit]
        mult = m["mult"]
        if ("needs_mult" in spec.flags and not mult) or "chinese_only" in spec.flags:
            return None
        if self._is_label(unit, m["post"], start, end, end_ext):
            return None
        # a range of durations (3到4年) measures a time taken, never names a programme (三年行动)
        if (spec.kind == "duration" and not m["n2"] and not self._duration_is_quantity(start)
                and not DURATION_AFTER_RE.match(self.body, end_ext)):
            return None
        if "terminal" in spec.flags and _CJK_LO <= self._char(end_ext) <= _CJK_HI:
            return None
        if unit in ("位", "名") and RANK_CONTEXT_RE.search(self._before(start, 10)):
            return _Mention(start, end, end_ext, figure, low, high, unit, "rank", "rank", None,
                            qualifier, rank=True)
        factor = MULTIPLIERS.get(mult or "", 1.0) * spec.factor
        return _Mention(start, end, end_ext, figure, low * factor, high * factor if high else None,
                        unit, spec.code, spec.kind, mult, qualifier)

    # ------------------------------------------------------------------ Chinese
    def chinese(self, m: re.Match[str]) -> _Mention | None:
        try:
            return self._chinese(m)
        except NumeralError:
            return None  # 二百五, 七十百: a numeral the strict grammar refuses is no figure

    def _chinese(self, m: re.Match[str]) -> _Mention | None:
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
        if m["cmult"]:
            return self._chinese_over_magnitude(m)
        return self._chinese_with_unit(m, prev)

    def _chinese_over_magnitude(self, m: re.Match[str]) -> _Mention | None:
        """``十余万人``, ``一千多万元``: a numeral, 余/多 (over), then 万/亿 and the unit."""
        unit, raw = m["unit2"], m["cn"]
        spec = UNITS[unit]
        if spec.kind in ("duration", "streak") or unit[-1].isascii() or self.layout.quote_around(m.start()):
            return None
        if raw[-1] in "万亿" or len(raw) > 1 and not any(c in "十百千" for c in raw):
            return None
        value = parse_chinese(raw) * MULTIPLIERS[m["cmult"]] * spec.factor
        if self._is_label(unit, m["post"], m.start(), m.end("unit2"), m.end()):
            return None
        return _Mention(m.start(), m.end("unit2"), m.end(), self.body[m.start():m.start("unit2")], value, None,
                        unit, spec.code, spec.kind, m["cmult"], "over")

    def _count_of_rates(self, m: re.Match[str]) -> _Mention | None:
        """``实现“三个百分之百”``: N rates of V% -> one fact, count_multiplier N."""
        if m["cn"][0] not in SMALL_CN:
            return None
        quote = self.layout.quote_around(m.start())
        if quote and not ACHIEVE_BEFORE_QUOTE_RE.search(self._before(quote[0], 4)):
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
        unit_start = m.start("unit")
        if not m["fz"]:
            raw, unit, unit_start = _resplit_place_unit(raw, unit, unit_start)
        spec = UNITS[unit]
        if unit[-1].isascii() or unit in ("％", "‰") or "arabic_only" in spec.flags:
            return None  # 二十届: after a Chinese numeral, 届 is an ordinal
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
        cue = bool(self._qualifier_before(start) or QUANTITY_CUE_RE.search(self._before(start)))
        if raw == "一" or (raw[0] in "百千万亿" and not approx and not cue and not m["fz"]):
            return None  # 一个/一批: an article; 千人口, 万人: a per-capita base
        value = parse_chinese(raw)
        if value < 10 and not cue and spec.kind not in ("times", "percent"):
            return None  # 两条底线, 八项规定, 四件大事
        if spec.kind == "duration" and not self._duration_is_quantity(start):
            return None
        qualifier = ("approximately" if approx == "上" else "over") if approx else _post_qualifier(m["post"], m["fz"])
        big = raw.lstrip(SMALL_CN + "百千零〇") if raw[-1] in "万亿" else ""
        return _Mention(start, m.end("unit"), m.end(), self.body[start:unit_start], value * spec.factor,
                        None, unit, spec.code, spec.kind, big or None, qualifier)

    def doubling(self, m: re.Match[str]) -> _Mention | None:
        """``翻番`` (quote 翻番, ×2), ``翻一番`` (quote 一番, ×2), ``翻两番`` (quote 两番, ×4): the
        multiple of the level, as the gold conventions write it (change kind increase/times)."""
        if self.layout.quote_around(m.start()):
            return None
        n = m["n"]
        start = m.start("n") if n else m.start()
        value = 2.0 ** (parse_chinese(n) if n else 1)
        return _Mention(start, m.end(), m.end(), self.body[start:m.end() - 1], value, None, "番", "times",
                        "times", None, "exact")

    def bare(self, m: re.Match[str], prev: str) -> _Mention | None:
        """``过百亿``, ``突破千亿``: a multiplier numeral after an over/approx cue; unit inferred."""
        start, raw = m.start(), m["cn"]
        if prev not in BARE_CUES or (prev == "过" and self._char(start - 2) in ("通", "经", "越", "不")):
            return None
        if raw[0] not in SMALL_CN + "百千万亿" or self.layout.quote_around(start):
            return None
        if _CJK_LO <= self._char(m.end()) <= _CJK_HI and not m["post"]:
            return None  # 千亿级, 百万人口: a label, not a figure
        big = raw.lstrip(SMALL_CN + "百千")
        return _Mention(start, m.end("cn"), m.end(), raw, parse_chinese(raw), None, "", "", "", big or None,
                        _post_qualifier(m["post"], None), unit_inferred=True, pending_unit=True)


    def _rank_place_before(self, pos: int, width: int) -> bool:
        before = self._before(pos, width)
        cut = max((i for i, ch in enumerate(before) if ch in _CLAUSE_PUNCT), default=-1)
        return bool(RANK_PLACE_RE.search(before[cut + 1:]))

    def rank_cn(self, m: re.Match[str]) -> _Mention | None:
        """Ranks written in words: ``居全国首位`` (rank 1, unit 位), ``稳居全国第一`` (quote 一),
        ``高居第三名``, ``第二位置``, ``稳居全国前三`` / ``前十强`` / ``前三位`` (rank band: under).
        The 第/前 is left out of the quote. 第N名/第N位置 are ranks anywhere; a bare 第N or 第N位
        and a band 前N need a ranking scope before them (全国, 居, 排名…) and nothing after them
        that makes them a name (第一工业大省, 前十大行业, 前三季度)."""
        start = m.start()
        if self.layout.quote_around(start) or self._in_time(start, m.end()):
            return None
        if m.group() == "首位":
            if not self._rank_place_before(start, 12):
                return None  # 放在首位: a priority, not a rank
            return _Mention(start, m.end(), m.end(), "首", 1.0, None, "位", "rank", "rank", None, "exact", rank=True)
        unit = m["unit"] or ""
        after = self._char(m.end())
        if unit not in ("名", "位置") and (_CJK_LO <= after <= _CJK_HI or after == "的" or after in _IDENT_AFTER):
            return None
        try:
            value = parse_chinese(m["cn"])
        except NumeralError:
            return None
        band = m["ord"] == "前"
        if (band or unit in ("", "位")) and not self._rank_place_before(start, 10):
            return None
        q_start = start + 1
        return _Mention(q_start, m.end(), m.end(), m["cn"], value, None, unit, "rank", "rank", None,
                        "under" if band else "exact", rank=True)


def _ratio_chains(body: str, scanner: _Scanner) -> list[_Mention]:
    out = []
    for m in _RATIO_CHAIN_RE.finditer(body):
        start = m.start()
        if scanner.layout.quote_around(start) or not RATIO_CHAIN_NOUN_RE.search(body, max(0, start - 12), start):
            continue
        parts = list(_RATIO_PART_RE.finditer(body, start, m.end()))
        for k, part in enumerate(parts):
            out.append(_Mention(part.start(), part.end(), part.end(), part.group(), float(part.group()), None,
                                "", "ratio", "ratio", None, "exact", ratio_part=(k, len(parts))))
    return out


def _resplit_place_unit(raw: str, unit: str, unit_start: int) -> tuple[str, str, int]:
    """``三百千米``: the run 三百千 is no numeral, but 三百 + 千米 is: the place character that
    ends the run begins the unit (千米, 千瓦, 千克, 千公顷). Only when the whole run is refused by
    the grammar and its head is a numeral; otherwise the split stays as matched."""
    try:
        parse_chinese(raw)
        return raw, unit, unit_start
    except NumeralError:
        pass
    for k in (1, 2):
        head, moved = raw[:-k], raw[-k:] + unit
        if head and moved in UNITS:
            try:
                parse_chinese(head)
            except NumeralError:
                continue
            return head, moved, unit_start - k
    return raw, unit, unit_start


def _mentions(body: str, scanner: _Scanner) -> list[_Mention]:
    tables = list(table_mentions(body, zip(scanner.layout.para_starts, scanner.layout.para_ends)))
    tables += _ratio_chains(body, scanner)
    tables.sort(key=lambda x: x.start)
    cells = [(t.start, t.end) for t in tables]
    found = []
    for regex, handler in ((_DOUBLING_RE, scanner.doubling), (_RANK_CN_RE, scanner.rank_cn),
                           (_ARABIC_RE, scanner.arabic), (_CHINESE_RE, scanner.chinese)):
        for m in regex.finditer(body):
            mention = handler(m)
            if mention is not None:
                found.append(mention)
    if cells:  # a table cell is read by its table (unit from the header), not by the prose scan
        starts = [c[0] for c in cells]
        found = [x for x in found if not _overlaps(starts, cells, x.start, x.end)]
    found.sort(key=lambda x: (x.start, -x.end))
    kept, last_end = [], -1
    for mention in found:
        if mention.start >= last_end:
            kept.append(mention)
            last_end = mention.end
    out = _resolve_distributive(body, kept) + tables
    out.sort(key=lambda x: (x.start, -x.end))
    return out


def _overlaps(starts: list[int], cells: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(starts, end - 1) - 1
    return i >= 0 and cells[i][1] > start
