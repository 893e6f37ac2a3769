"""The subject of a figure: the counted noun after it, or the noun phrase before it with
time, scope words and verbs trimmed (word lists in ``lexicons/subject_words.csv``).

Trims are made on word boundaries: the text is segmented into Chinese words
(``parsing.segment``, jieba), and a cut that would fall inside a word (``欠发达`` losing ``达``
as a verb) keeps the whole word. An earlier item of a ``、``/``分别`` list gets its own
subject, borrowing the head noun of the last item where it has none of its own
(``新能源产业、装备制造业增加值`` -> ``新能源产业增加值``; heads in ``lexicons/link_words.csv``,
category ``series_head``)."""

from __future__ import annotations

import re
from functools import cache

from orchestration.parsing.facts.lexicon import (
    LEAD_RE,
    LEADING_TIME_RE,
    POST_ADVERB_RE,
    POST_STOP_RE,
    TARGET_CUE_RE,
    TIME_WORDS,
    TRAIL_REV_RE,
)
from orchestration.parsing.facts.scan import _NUM
from orchestration.parsing.lexicons import DIRECTORY, LexiconError
from orchestration.parsing.lexicons import rows as lexicon_rows
from orchestration.parsing.lexicons import words as lexicon_words
from orchestration.parsing.numbers import unit_pattern
from orchestration.parsing.segment import tagged
from orchestration.parsing.segment import words as segment_words

_LEADING_MEASURE_RE = re.compile(rf"{_NUM}(?:万亿|亿|万)?{unit_pattern()}(?:及?以上|以下)?")
_POST_NOUN_RE = re.compile(r"[\u4e00-\u9fff“”A-Za-z][^\s，,。；;、：:！？!?（）()0-9０-９《》]{0,19}")
_POST_TRIM_RE = re.compile(r"^的|(?:和|与|及|以及|或)$")
_POST_NOUN_UNIT_KINDS = frozenset({"count", "measure"})
_CONNECTOR_RE = re.compile(r"[、和与及或/]?")
_POST_VERB_END_RE = re.compile(rf"(?:{POST_STOP_RE.pattern})$")


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


def _word_bounds(text: str) -> list[int]:
    bounds, pos = [0], 0
    for w in segment_words(text):
        found = text.find(w, pos)
        if found < 0:
            continue
        if found != bounds[-1]:
            bounds.append(found)  # whitespace jieba dropped
        pos = found + len(w)
        bounds.append(pos)
    return bounds


def _on_word(text: str, cut: int, forward: bool) -> int:
    """``cut`` moved to the nearest word boundary, keeping the word it would split."""
    if cut <= 0 or cut >= len(text) or not ("\u4e00" <= text[cut - 1] <= "\u9fff" and "\u4e00" <= text[cut] <= "\u9fff"):
        return cut
    bounds = _word_bounds(text)
    if cut in bounds:
        return cut
    if forward:
        return next((b for b in bounds if b > cut), len(text))
    return max((b for b in bounds if b < cut), default=0)


@cache
def _count_verbs() -> tuple[str, ...]:
    return tuple(sorted(lexicon_words("subject_words", "count_verb"), key=len, reverse=True))


def _strip_np(text: str, counted: bool = False) -> str:
    """The noun phrase: trailing verbs and comparisons and leading time, scope and verbs trimmed.

    For a count (``counted``), a ``count_verb`` right before the noun stays: it says which ones are
    counted (``建成运输机场``|3座, ``累计培育商圈``|140个 -> ``培育商圈``)."""
    m = TRAIL_REV_RE.match(text[::-1])
    if m:
        text = text[:_on_word(text, len(text) - m.end(), forward=True)]
    m = LEAD_RE.match(text)
    if m:
        cut = m.end()
        if counted and cut < len(text):
            verb = next((v for v in _count_verbs() if text.endswith(v, 0, cut)), "")
            cut -= len(verb)
        text = text[_on_word(text, cut, forward=False):]
    return _balance_quotes(text)


_SERIES_SPLIT_RE = re.compile(r"[、和及与]")


def _list_tail(pre: str) -> str:
    """The part of ``pre`` (text before one figure) that names it, across a ``、``-list.

    A list of nouns before one figure is one subject (``交通运输、仓储和邮政业投资``, ``粮油、食品类``);
    a list of actions is not: from the last item that opens with a verb on (``减税降费、扩大投资…``
    -> the last action), and nothing before a clause mark.
    """
    items = pre.split("、")
    for i in range(len(items) - 1, 0, -1):
        m = LEAD_RE.match(items[i])
        if m and m.end() and not LEADING_TIME_RE.match(items[i]):
            return "、".join(items[i:])
    return pre


def _split_items(phrase: str, n: int | None) -> list[str]:
    """The items of a list: at ``、`` first; at 和/及/与 too when the figures (``n``) need more items
    than the ``、`` give (``智能手机、集成电路和电子元器件``: 3), or when ``n`` is unknown and there is no
    ``、``. A ``和``/``及`` inside an item (``计算机及办公设备制造业、电子及通信设备制造业``: 2) stays."""
    items = [i for i in phrase.split("、") if i]
    if n is not None and len(items) >= n:
        return items
    if n is None and len(items) > 1:
        return items
    out: list[str] = []
    for k, item in enumerate(items):
        parts = [p for p in _AND_SPLIT_RE.split(item) if p]
        need = (n - len(items) - (len(out) - k)) if n is not None else len(parts) - 1
        if need > 0 and len(parts) > 1:
            keep = parts[:1 + min(need, len(parts) - 1)]
            keep[-1] = item[sum(len(p) + 1 for p in keep[:-1]):] if len(keep) < len(parts) else keep[-1]
            out.extend(keep)
        else:
            out.append(item)
    return out


def _borrowed_head(item: str, last: str, heads: tuple[str, ...]) -> str:
    """What an earlier list item takes from the last one to name its measure.

    * its own ending (2 to 4 characters) met again in the last item: what follows it there
      (``城镇居民、农村居民人均可支配收入``: 居民 -> 人均可支配收入);
    * a short item (up to 3 characters: 城镇, 刑事): the last item minus as many characters;
    * else the measure head the last item ends in (``新能源产业、装备制造业增加值``: 增加值)."""
    if item.endswith(heads) or names_measure(item):  # 每千人床位数、执业（助理）医师数: its own measure
        return ""
    for k in range(min(len(item), 4), 1, -1):  # the item's ending, 4 characters down to 2
        at = last.rfind(item[-k:])
        if 0 < at and at + k < len(last):
            return last[at + k:]
    if len(item) <= 3 and len(last) > len(item) + 1 and not _AND_SPLIT_RE.match(last, len(item)) \
            and not last.startswith("以及", len(item)):
        return last[len(item):].lstrip("等")
    head = next((h for h in heads if last.endswith(h) and len(last) > len(h)), "")
    if head:
        return head
    ws = tagged(last)  # …、政务移动应用|整合: the verb closing a list of nouns is every item's
    own = tagged(item)
    if len(ws) > 1 and ws[-1][1] in ("v", "vn") and own and own[-1][1] not in ("v", "vn"):
        return ws[-1][0]
    return ""


@cache
def _done_shares() -> tuple[tuple[str, str], ...]:
    pairs = []
    for row in lexicon_rows("subject_words"):
        if row["category"] != "done_share":
            continue
        verb, _, measure = row["word"].partition("=")
        if not verb or not measure or "=" in measure:
            raise LexiconError(DIRECTORY / "subject_words.csv", row["source_line"],
                               f"done_share {row['word']!r} must read verb=measure")
        pairs.append((verb, measure))
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def done_share(subject: str, verb_text: str) -> str:
    """A percent right after a verb of doing (``done_share``: 完成=完成比例) is the share done:
    ``省级政务信息系统整合``|完成25% -> ``省级政务信息系统整合完成比例``; a subject naming a measure
    already (``计划完成率``) is kept."""
    verb_text = verb_text.strip()
    measure = next((m for v, m in _done_shares() if verb_text == v), "")
    if not measure or not subject or names_measure(subject):
        return subject
    return subject + measure


def listed_items(phrase: str, n: int | None) -> list[str]:
    """The items of a ``、``-list matched to as many figures without 分别, one per figure, as a 分别
    list's (:func:`_series_items`: ``汽车、新能源汽车产量``|第8位、第4位 -> 汽车产量, 新能源汽车产量);
    [] when the list has not exactly as many items. When the middle items borrow one head from the last
    (``燃气``+``管网``) and the first borrows nothing (``改造老旧供热``), the first takes it too and
    the words before its last one (``改造老旧``) are every item's: ``改造老旧供热管网``,
    ``改造老旧燃气管网``, ``改造老旧排水管网``."""
    items = phrase.split("、")
    if not n or n < 2 or len(items) != n or not all(items):
        return []
    out = _series_items(phrase, n)
    if len(out) != n:
        return []
    tails = {o[len(i):] for i, o in zip(items[1:-1], out[1:-1]) if o.startswith(i)}
    first = segment_words(items[0])
    if n > 2 and out[0] == items[0] and len(tails) == 1 and "" not in tails and len(first) > 1 \
            and all(o.startswith(i) for i, o in zip(items[1:-1], out[1:-1])):
        head, prefix = tails.pop(), "".join(first[:-1])
        return [items[0] + head] + [prefix + o for o in out[1:]]
    return out


def _series_items(phrase: str, n: int | None = None) -> list[str]:
    """``城镇和农村居民人均可支配收入`` -> [城镇居民人均可支配收入, 农村居民人均可支配收入].

    ``n`` is the number of figures the list gives (``分别增长3.5%、8.5%``), when known. Earlier
    items borrow what names the measure from the last one (:func:`_borrowed_head`); a leading
    preposition of the first item (``对``共建“一带一路”国家、非洲、欧洲出口) is shared by all."""
    items = _split_items(phrase, n)
    if len(items) < 2 and n and n > 1:
        items = _expanded(phrase, n) or items
    if len(items) < 2:
        return items
    last = items[-1]
    heads = tuple(sorted(set(_series_heads()) | set(_measure_words()[0]), key=len, reverse=True))
    prep = items[0][0] if items[0][0] in _SHARED_PREPOSITIONS and len(items[0]) > 2 else ""
    out = share_thing([item + _borrowed_head(item, last, heads) for item in items[:-1]] + [last])
    return [x if not prep or x.startswith(prep) else prep + x for x in out]


@cache
def _expansions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for row in lexicon_rows("subject_words"):
        if row["category"] != "series_expand":
            continue
        word, _, parts = row["word"].partition("=")
        if not word or "|" not in parts or "" in parts.split("|"):
            raise LexiconError(DIRECTORY / "subject_words.csv", row["source_line"],
                               f"series_expand {row['word']!r} must read word=part|part")
        out.append((word, tuple(parts.split("|"))))
    return tuple(sorted(out, key=lambda x: len(x[0]), reverse=True))


def _expanded(phrase: str, n: int) -> list[str]:
    """A word standing for a list, as many parts as figures: ``城乡居民人均可支配收入`` (2 figures) ->
    城镇居民人均可支配收入, 农村居民人均可支配收入 (``series_expand`` in subject_words.csv)."""
    for word, parts in _expansions():
        at = phrase.find(word)
        if at >= 0 and len(parts) == n:
            return [phrase[:at] + part + phrase[at + len(word):] for part in parts]
    return []


_AND_SPLIT_RE = re.compile(r"[和及与]")
_SHARED_PREPOSITIONS = frozenset("对向")


@cache
def _own_words() -> tuple[re.Pattern[str], frozenset[str], tuple[str, ...]]:
    places = sorted(lexicon_words("figure_contexts", "rank_place"), key=len, reverse=True)
    rank_tail = re.compile(rf"(?:{'|'.join(map(re.escape, places))})+(?:前|第)$")
    return (rank_tail, frozenset(lexicon_words("subject_words", "bare_measure")),
            tuple(lexicon_words("subject_words", "comparator_start")))


_OPEN_NOTE_RE = re.compile(r"[（(]([\u4e00-\u9fff]{2,6})")  # a parenthesis the figure stands in: （同口径

# 比上年末|增加, 较“十三五”期末|增长, 比2019年同期|增长: a comparison with a time is no part of the subject
_COMPARE_TIME_RE = re.compile(rf"(?:比|较)(?:{TIME_WORDS})")


@cache
def _measure_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    def longest_first(category: str) -> tuple[str, ...]:
        return tuple(sorted(lexicon_words("subject_words", category), key=len, reverse=True))
    return (longest_first("measure_head"), longest_first("measure_end"), longest_first("sector_end"),
            longest_first("relation_start"))


_PAREN_END_RE = re.compile(r"[（(][^（）()]*[）)]$")


def measure_head(subject: str) -> str:
    """The measure noun the subject ends in (``采矿业增加值`` -> ``增加值``), or "". A final
    parenthesis is no part of it (``居民消费价格（CPI）`` -> ``价格``)."""
    heads = _measure_words()[0]
    subject = _PAREN_END_RE.sub("", subject)
    return next((h for h in heads if subject.endswith(h) and len(subject) > len(h)), "")


def names_measure(subject: str) -> bool:
    """Whether the subject ends in a measure word (产量, 比重, 数, 率…) rather than a thing counted."""
    heads, ends, _, _ = _measure_words()
    return subject.endswith(heads) or subject.endswith(ends)


@cache
def _quantity_units() -> dict[str, str]:
    return {**{u: "面积" for u in lexicon_words("subject_words", "area_unit")},
            **{u: "长度" for u in lexicon_words("subject_words", "length_unit")}}


def measured_subject(subject: str, unit: str) -> str:
    """An area's or a length's subject names it: ``造林`` (100万亩) -> ``造林面积``,
    ``城市绿道`` (200公里) -> ``城市绿道长度``; one naming a measure already (``通车里程``) is kept.
    A work verb opening it (``measured_work``: 改造城镇地下管网) names the work the length or area is
    of, so it stands after the thing, before the measure: ``城镇地下管网改造长度``; other verbs stay
    first (``新建成高标准农田面积``)."""
    noun = _quantity_units().get(unit)
    if not noun or not subject or names_measure(subject) or not "\u4e00" <= subject[-1] <= "\u9fff":
        return subject
    works = sorted(lexicon_words("subject_words", "measured_work"), key=len, reverse=True)
    verb = next((v for v in works if subject.startswith(v)), "")
    thing = subject[len(verb):]
    if verb and len(thing) >= 2 and not LEAD_RE.match(thing):
        return thing + verb + noun
    return subject + noun


def measure_only(subject: str) -> bool:
    """Whether the subject is measure words only (``个数占比``: 个数|占比, ``总投资``), naming no thing:
    measure words peeled off its end leave at most one character."""
    heads, ends, _, _ = _measure_words()
    words_ = tuple(sorted(set(heads) | set(ends), key=len, reverse=True))
    rest = subject
    while rest and (w := next((x for x in words_ if rest.endswith(x)), "")):
        rest = rest[:-len(w)]
    return rest != subject and len(rest) <= 1


_NOTE_RE = re.compile(r"[（(](?:不?含|不?包括)[^（）()]*[）)]$")


def split_note(subject: str) -> tuple[str, str]:
    """(subject, note) where the subject ends in a note of what it includes: ``…人数（含离退休人员）``
    -> (``…人数``, ``（含离退休人员）``); the note qualifies the measure and stays after it. Another
    parenthesis (``工程实验室（工程研究中心）``: another name) is part of the subject."""
    m = _NOTE_RE.search(subject)
    return (subject[:m.start()], m.group()) if m and m.start() else (subject, "")


def counted_subject(subject: str, unit: str = "") -> str:
    """A count's subject names the count: ``普通高校`` (9所) -> ``普通高校数``; one that names a
    measure already (``通用机场数量``, ``中欧班列开行列数``) or ends in the unit it is counted in
    (``首贷户`` in 户) is kept. A final note stays last: ``在建项目（不含房地产开发）`` ->
    ``在建项目数（不含房地产开发）``."""
    core, note = split_note(subject)
    if not core or names_measure(core) or (unit and core.endswith(unit)):
        return subject
    if not ("\u4e00" <= core[-1] <= "\u9fff" or core[-1] in "”）)"):
        return subject
    return core + "数" + note


@cache
def _standard_words() -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    pairs = []
    for row in lexicon_rows("subject_words"):
        if row["category"] != "enrol_verb":
            continue
        verb, _, noun = row["word"].partition("=")
        if not verb or not noun or "=" in noun:
            raise LexiconError(DIRECTORY / "subject_words.csv", row["source_line"],
                               f"enrol_verb {row['word']!r} must read verb=noun")
        pairs.append((verb, noun))
    return tuple(pairs), frozenset(lexicon_words("subject_words", "flow_amount"))


def standard_measure(subject: str, unit_kind: str, change_kind: str) -> str:
    """The measure named as statistics name it, from the text's own words.

    * an enrolment (``enrol_verb`` ``参加=参保``): ``参加基本医疗保险人数`` -> ``基本医疗保险参保人数``
      (the verb before its object becomes the measure's noun before 人数);
    * a trade flow (``flow_amount``: 出口, 进口) given in money, or its change in percent, is its 额:
      ``出口``|17103.48亿元 -> ``出口额``; the flow must be the last word (``进出口`` is not ``出口``)."""
    core, note = split_note(subject)
    enrol, flows = _standard_words()
    for verb, noun in enrol:
        at = core.find(verb)
        if at >= 0 and core.endswith("人数") and len(core) > at + len(verb) + 2:
            return core[:at] + core[at + len(verb):-2] + noun + "人数" + note
    money = unit_kind == "currency" or (unit_kind == "percent" and change_kind in ("increase", "decrease"))
    if money and not note and core and segment_words(core)[-1] in flows:
        return core + "额"
    return subject


def own_subject(np: str, prev_subject: str, prev_head: str = "", counted: bool = False, prev_base: str = "") -> str:
    """The noun phrase before a figure as its subject, repaired where it names no measure.

    * a parenthesis opened before the figure (``（同口径``|增长2.5%）) qualifies the previous subject:
      ``地方一般公共预算收入（同口径）``;
    * a comparison with a time ends the subject: ``实有企业较“十三五”期末`` -> ``实有企业``; with
      nothing before it (``比上年末``) the previous subject's measure goes on;
    * a rank's place is no subject: ``高铁运营里程稳居全国前`` -> ``高铁运营里程``, and a place
      alone (``稳居全国前``) leaves the previous subject's measure;
    * a bare measure word names the previous subject's measure: ``经营主体…，总量`` ->
      ``经营主体总量``;
    * a comparison (``快于经济增速``) is the previous subject's gap, not a subject;
    * a relation (``占规模以上工业比重``) relates the previous subject's thing to a whole:
      ``装备制造业增加值…，占规模以上工业比重`` -> ``装备制造业占规模以上工业比重``;
    * a sector or category with no measure of its own (``制造业``, ``食品类``) shares the measure
      of the figures before it (``prev_head``: ``采矿业增加值…，制造业`` -> ``制造业增加值``),
      unless the figure counts it (``counted``: 建筑业企业734家 is a count of firms).

    ``prev_base`` is the previous subject before a count's 数 (``现代产业类项目`` for
    ``现代产业类项目数``): what a bare measure word (``总投资``) or a relation belongs to.
    """
    rank_tail, bare, comparators = _own_words()
    relations = _measure_words()[3]
    note = _OPEN_NOTE_RE.fullmatch(np)
    if note and prev_subject:  # …收入3000亿元（同口径增长2.5%）: the previous subject, as counted
        return f"{prev_subject}（{note.group(1)}）"
    m = _COMPARE_TIME_RE.search(np)
    if m:
        np = _balance_quotes(np[:m.start()])
        if not np:
            return prev_subject
    m = rank_tail.search(np)
    if m:
        np = np[:m.start()] or prev_subject
    base = prev_base or prev_subject
    if np in bare and base:
        return base if base.endswith(np) else base + np
    if np.startswith(comparators) and prev_subject:
        return prev_subject
    if np.startswith(relations) and base:
        head = measure_head(base)
        stem = _PAREN_END_RE.sub("", base)[:-len(head)] if head else base
        if not any(r in stem for r in relations):
            return stem + np
    return np if counted else sector_measure(np, prev_head)


def sector_measure(np: str, head: str) -> str:
    """A sector or category with no measure of its own takes ``head``: ``制造业`` -> ``制造业增加值``."""
    if head and np.endswith(_measure_words()[2]) and not names_measure(np) and len(np) > 1:
        return np + head
    return np


@cache
def _entity_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (tuple(lexicon_words("subject_words", "entity_head")), tuple(lexicon_words("subject_words", "entity_generic")))


_NAME_TAGS = frozenset({"ns", "nr", "nz", "nt", "nrt", "nrfg"})


def split_entity(subject: str) -> tuple[str, str]:
    """(entity, measure) when the subject opens with a named entity it belongs to.

    ``天开高教科创园累计注册科技型企业`` -> (``天开高教科创园``, ``累计注册科技型企业``). The entity
    is the words up to the first one ending in an ``entity_head`` (园, 机场, 公司, 项目…), at
    least 4 characters, named (a place, person, organisation or other proper noun before the
    head by jieba's part-of-speech tags, or a quoted name: ``西安咸阳国际机场``, ``“三北”工程``; not
    ``通用机场``, ``体育公园``), not opening with an ``entity_generic`` word (重点项目 is a class, not a
    name), with at least 2 characters of measure after it; else ("", subject).
    """
    heads, generic = _entity_words()
    ws = segment_words(subject)
    if len(ws) < 2 or subject.startswith(generic):
        return "", subject
    for i, w in enumerate(ws[:-1]):
        if w.endswith(heads) and not any(c in w for c in "“”"):
            end = i + 2 if ws[i + 1] == "”" else i + 1  # “三北”工程 / “中国洋浦港”
            entity = "".join(ws[:end])
            if entity.count("“") != entity.count("”") or any(c in entity for c in "和与及等、"):
                return "", subject  # half a quoted name, or a list of several: no one entity
            w = ws[i]
            rest = subject[len(entity):].lstrip("”") if subject.startswith(entity) else ""
            named = "“" in entity or any(tag in _NAME_TAGS for _, tag in tagged(entity[:-len(w)] or entity))
            if rest.startswith(("和", "与", "及", "、", "等")):
                return "", subject  # 兰州新区和西宁园区…: several entities, no one
            if named and len(entity) >= 4 and len(rest) >= 2 and entity not in generic:
                return entity, rest
            return "", subject
    return "", subject


def _series_heads() -> tuple[str, ...]:
    return tuple(sorted(lexicon_words("link_words", "series_head"), key=len, reverse=True))


_CLAUSE_END_RE = re.compile(r"[，,。；;：:、！!？?\n（(]|$")
_DIGIT_RE = re.compile(r"[0-9０-９]")


def _predicate(body: str, pos: int) -> str:
    """The short predicate that closes the clause after a counted noun (``有序退出``, ``纳入“白名单”``),
    without its adverbs (``退出``), or "" when the clause goes on with anything else."""
    end = _CLAUSE_END_RE.search(body, pos).start()
    rest = body[pos:end].strip()
    if not rest or len(rest) > 10 or _DIGIT_RE.search(rest):
        return ""
    adverbs = 0
    while (adverb := POST_ADVERB_RE.match(rest)) and adverb.end() < len(rest):
        rest, adverbs = rest[adverb.end():], adverbs + 1
    # a verb of the list, or any word after an adverb (有序|退出), is a predicate
    verb = POST_STOP_RE.match(rest) or adverbs
    return rest if verb and _balance_quotes(rest) == rest else ""


def _post_noun(body: str, pos: int, counted: bool = False) -> str:
    """The counted noun after a figure (``236个|计划竣工投产项目``). For a count (``counted``)
    whose clause ends in a short predicate, the predicate says which ones are counted:
    ``170家融资平台有序退出`` -> ``退出的融资平台``."""
    t = LEADING_TIME_RE.match(body, pos) or _LEADING_MEASURE_RE.match(body, pos)
    if t:  # 236个|2025年度|计划竣工投产项目, 14个|750千伏|电网工程
        pos = t.end()
    m = _POST_NOUN_RE.match(body, pos)
    if not m:
        return ""
    text = m.group()
    stop = POST_ADVERB_RE.search(text, 2) or POST_STOP_RE.search(text, 1)
    if stop:
        text = text[:stop.start()]
    # a verb left before the adverb is the predicate (5条|高速项目建设|积极推进), unless a noun
    # follows it (计划竣工投产项目|已投产: 竣工投产 qualifies 项目)
    while (end := _POST_VERB_END_RE.search(text)) and end.start() >= 2:
        text = text[:end.start()]
    predicate = _predicate(body, m.start() + len(text)) if counted and len(text) >= 2 else ""
    text = _POST_TRIM_RE.sub("", text)
    m = TRAIL_REV_RE.match(text[::-1])
    if m:
        text = text[:len(text) - m.end()]
    if LEAD_RE.fullmatch(text):
        return ""  # 66户|整合至12户: only verbs follow, no counted noun
    text = _balance_quotes(text)
    return f"{predicate}的{text}" if predicate and text else text


@cache
def _table_words() -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    pairs = []
    for row in lexicon_rows("subject_words"):
        if row["category"] != "part_measure":
            continue
        whole, _, part = row["word"].partition("=")
        if not whole or not part or "=" in part:
            raise LexiconError(DIRECTORY / "subject_words.csv", row["source_line"],
                               f"part_measure {row['word']!r} must read whole=measure")
        pairs.append((whole, part))
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True)), frozenset(lexicon_words("subject_words", "index_measure"))


def table_subject(label: str, measure: str | None = None, whole: str | None = None, note: str | None = None) -> str:
    """A table cell's subject: its row label, with what the table says it measures.

    * a part (a row below the first, ``whole``) naming no measure takes the measure of its parts
      the whole names (``part_measure``: 生产总值=增加值, ``地区生产总值`` over ``第一产业`` ->
      ``第一产业增加值``) or the whole's measure head (``居民消费价格`` over ``食品烟酒`` -> ``食品烟酒价格``);
    * the column's measure word (``产量``) goes on a label naming none (``汽车`` -> ``汽车产量``); an
      ``index_measure`` (``指数``) on every label not ending in it (``居民消费价格`` -> ``居民消费价格指数``);
    * an index table's base from its caption ends it: ``食品烟酒价格指数（上年=100）``."""
    parts, index = _table_words()
    if whole and label != whole and not names_measure(label):
        label += next((p for w, p in parts if whole.endswith(w)), "") or measure_head(whole)
    if measure and (not names_measure(label) or (measure in index and not label.endswith(measure))):
        label += measure  # 汽车 under 产量: 汽车产量
    return label + (note or "") if measure in index else label


_FOOTNOTE_RE = re.compile(r"[①-⑳]")


def ratio_share_subject(subject: str, index: int, parts: int) -> str:
    """The subject of one share of a ratio chain: the structure with the part it is the share of,
    where the structure names a word standing for as many parts (``series_expand``):
    ``三次产业结构`` (2.9∶30.7∶66.4), share 1 -> ``三次产业结构（第一产业占比）``. A footnote
    mark (``三次产业结构③``) is no part of it."""
    subject = _FOOTNOTE_RE.sub("", subject)
    for word, names in _expansions():
        if word in subject and len(names) == parts:
            return f"{subject}（{names[index]}占比）"
    return subject


@cache
def _standard_names() -> tuple[tuple[str, str], ...]:
    pairs = []
    for row in lexicon_rows("subject_words"):
        if row["category"] != "standard_name":
            continue
        word, _, name = row["word"].partition("=")
        if not word or not name or "=" in name:
            raise LexiconError(DIRECTORY / "subject_words.csv", row["source_line"],
                               f"standard_name {row['word']!r} must read word=standard name")
        pairs.append((word, name))
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))  # 全国GDP before GDP


def standard_name(subject: str) -> str:
    """The measure under its standard name (``standard_name`` in subject_words.csv), read by words.

    * an abbreviation or synonym as the subject's last word is written out: ``农产品加工业营收`` ->
      ``农产品加工业营业收入``, ``深圳GDP`` -> ``深圳地区生产总值``, ``国际友城`` -> ``国际友好城市``;
      one inside the subject (``制造业占GDP比重``: GDP is the whole, not the measure) stays; the
      longest entry first (``全国GDP`` -> ``国内生产总值``);
    * a bare word whose standard name only adds what it is of gets it when it stands alone:
      ``出生率`` -> ``人口出生率``; after another word (``婴儿死亡率``) it already says what it is of."""
    core, note = split_note(subject)
    ws = segment_words(core)
    if not ws:
        return subject
    for word, name in _standard_names():
        if "".join(ws[-len(segment_words(word)):]) != word or core.endswith(name):
            continue
        if name.endswith(word):  # 出生率 -> 人口出生率: only a bare word (自然|增长率 is one too)
            return name + note if core == word else subject
        return core[:-len(word)] + name + note
    return subject


# A sentence opening with its whole: (在)规模以上工业中，… / 限额以上批发零售业企业商品零售额中，…; a
# sentence going on with the same whole's breakdown: 分门类看，… / 按经营地分，…
WHOLE_OPEN_RE = re.compile(r"\s*(?:在)?(?P<whole>[^，,。；;：:、\d０-９“”（）()]{2,24}?)中[，,]")
BREAKDOWN_OPEN_RE = re.compile(r"\s*(?:分|按)[^，,。；;\d]{1,10}(?:看|分)[，,]")


def sentence_whole(opening: str) -> str:
    """The whole a sentence opens with (``在规模以上工业中，`` -> ``规模以上工业``), or "": a noun
    phrase ending in a sector or unit word or in a measure word (``…商品零售额``), no verb first."""
    m = WHOLE_OPEN_RE.match(opening)
    if not m:
        return ""
    whole = m.group("whole")
    if LEAD_RE.match(whole) or not (names_measure(whole) or _whole_split(whole)[0]):
        return ""
    return whole


def _whole_split(whole: str) -> tuple[str, str]:
    """(scope, measure) of a whole: its words up to the last sector or unit word (``限额以上批发零售业企业``
    | ``商品零售额``; ``规模以上工业`` | ""), else ("", whole)."""
    ends = tuple(_measure_words()[2]) + tuple(lexicon_words("subject_words", "scope_end"))
    ws = segment_words(whole)
    cut = next((i for i in range(len(ws) - 1, -1, -1) if ws[i].endswith(ends)), -1)
    if cut < 0:
        return "", whole
    scope = "".join(ws[:cut + 1])
    return scope, whole[len(scope):] if whole.startswith(scope) else ""


def within_whole(subject: str, whole: str) -> str:
    """A part's subject inside the whole its sentence opened with: the whole's scope before it and,
    for a part naming no measure, the whole's measure after it: ``粮油、食品类`` in
    ``限额以上批发零售业企业商品零售额中`` -> ``限额以上批发零售业企业粮油、食品类商品零售额``;
    ``国有企业增加值`` in ``规模以上工业中`` -> ``规模以上工业国有企业增加值``. A subject already naming
    the scope (``占规模以上工业比重``) is kept."""
    scope, measure = _whole_split(whole)
    if subject.startswith(scope) and subject.count(scope) > 1:  # 占规模以上工业比重 names it: once
        return subject[len(scope):]
    if not subject or not scope or scope in subject or whole in subject:
        return subject
    core, note = split_note(subject)
    if measure and not names_measure(core):
        core += measure
    return scope + core + note


_RATE_END_RE = re.compile(r"的?(?:同比|年均|平均)?(?:增速|增幅|增长率|涨幅|(?:预期)?(?:增长|增速)?目标)$")


def growth_subject(subject: str, prev_subject: str = "") -> str:
    """A growth in percent is a change of its indicator, and the subject names the indicator, not the
    change: ``出口年均增速``|20% -> ``出口``, ``地区生产总值预期增长目标``|6% -> ``地区生产总值``; a rate
    word alone (``同比增速``|6.6% after
    ``地区生产总值``|15695亿元) is the previous subject's growth. A gap (``…增速（高于全国的幅度）``)
    or a rank is no growth and never comes here."""
    core, note = split_note(subject)
    m = _RATE_END_RE.search(core)
    if not m or note:
        return subject
    rest = _balance_quotes(core[:m.start()])
    if not rest:
        return prev_subject or subject
    return rest if len(rest) >= 2 else subject


_GAP_RATE_RE = re.compile(r"(?:增速|增幅|增长率|涨幅|速度)$")


def gap_subject(subject: str, comparison: str, rate: str = "") -> str:
    """A gap in points against a benchmark (``高于全国0.3个百分点``) is no level of the indicator but
    the gap between its rate and the benchmark's: the indicator's rate, with the comparison as the
    text writes it: ``规模工业增加值`` (after its growth ``增长6.2%``, ``rate`` 增速), ``高于全国平均`` ->
    ``规模工业增加值增速（高于全国平均的幅度）``. A subject naming its rate already keeps it."""
    if not subject or not comparison:
        return subject
    core = _PAREN_END_RE.sub("", subject)
    if _GAP_RATE_RE.search(core):
        rate = ""
    return f"{subject}{rate}（{comparison}的幅度）"


_GAP_NOTE_RE = re.compile(r"（[^（）]*的幅度）$")
_GAP_RATE_END_RE = re.compile(r"(?:年均)?(?:增速|增幅|增长率|涨幅|速度)$")


def gap_indicators(subject: str | None) -> tuple[str, ...]:
    """The indicator a gap's subject (:func:`gap_subject`) is the gap of, as the indicator itself and
    as its rate: ``规模工业增加值增速（高于全国平均的幅度）`` -> (``规模工业增加值``,
    ``规模工业增加值增速``); () for a subject that is no gap."""
    m = _GAP_NOTE_RE.search(subject or "")
    if not subject or not m or not m.start():
        return ()
    rate = subject[:m.start()]
    bare = _GAP_RATE_END_RE.sub("", rate)
    return (bare, rate) if bare and bare != rate else (rate,)


def _bare_measure_item(item: str) -> bool:
    """A list item that is a measure word only, naming no thing (``死亡人数``: 死亡|人数; not
    ``棉花产量``: 棉花 is a thing): every word but the final measure word is a plain verb."""
    ws = tagged(item)
    if len(ws) < 2 or len(item) > 5 or not names_measure(item):
        return False
    return all(tag == "v" for _, tag in ws[:-1])  # 死亡|人数; not 旅游(vn)|收入, 三产(m)|增加值


def share_thing(items: list[str]) -> list[str]:
    """Later list items that are bare measures measure the first item's thing:
    ``安全生产事故起数、死亡人数`` -> [安全生产事故起数, 安全生产事故死亡人数]."""
    if len(items) < 2:
        return items
    first = segment_words(items[0])
    if len(first) < 2 or not names_measure(items[0]):
        return items
    thing = items[0][:len(items[0]) - len(first[-1])]
    return [items[0]] + [thing + x if _bare_measure_item(x) and thing not in x else x for x in items[1:]]


def shared_count_verb(subject: str, prev_subject: str) -> str:
    """A count in a ``、``-list shares the count verb the list opened with (``count_verb``):
    ``建成运输机场3座、通用机场8座`` -> 通用机场 -> ``建成通用机场``."""
    verb = next((v for v in _count_verbs() if prev_subject.startswith(v)), "")
    if not verb or not subject or subject.startswith(verb) or LEAD_RE.match(subject):
        return subject
    return verb + subject


_PREDICATE_TAGS = frozenset({"v", "vn", "vd", "a", "ad", "d", "i", "l"})
_TOPIC_MAX_PREDICATE = 4


def topic_entity(clause: str) -> str:
    """The named entity a clause without figures makes the sentence's topic, or "":

    * verbs, then the entity to the clause's end: ``成功申建中国（新疆）自贸试验区`` -> ``中国（新疆）自贸试验区``;
    * the entity, then a short predicate and nothing else: ``天开高教科创园蓬勃发展`` -> ``天开高教科创园``.

    An entity with a longer predicate (``…科创园成为创新策源、创业集聚新地标``) says something else about
    it, and the figures after it need not be its own. Entities as :func:`split_entity` finds them
    (an ``entity_head``, a name before it), and only zones (``zone_head``: …园, …区): a project or a
    railway worked on (``推进重庆至贵阳高速铁路前期工作，…完成交通投资800亿元``) owns no figure after it."""
    clause = clause.strip()
    zones = tuple(lexicon_words("subject_words", "zone_head"))
    if not clause or _DIGIT_RE.search(clause) or not any(z in clause for z in zones):
        return ""  # no zone word: nothing to tag (POS tagging every clause costs)
    entity = _topic_candidate(clause)
    return entity if entity.endswith(zones) else ""


def _topic_candidate(clause: str) -> str:
    ws = tagged(clause)
    i = 0
    while i < len(ws) and ws[i][1] in _PREDICATE_TAGS:
        i += 1
    if 0 < i < len(ws):
        rest = "".join(w for w, _ in ws[i:])
        entity, _ = split_entity(rest + "数量")  # the entity alone, as a subject's opening
        if entity == rest:
            return entity
    entity, rest = split_entity(clause)
    if entity and len(rest) <= _TOPIC_MAX_PREDICATE and all(tag in _PREDICATE_TAGS for _, tag in tagged(rest)):
        return entity
    return ""


_OPENING_VERB_TAGS = frozenset({"v", "vn", "vd", "d", "ad"})  # 着力|培育, 扎实|推进: verbs and their adverbs
_ATTRIBUTE_MAX = 12  # a longer run before a count is a clause, not an attribute
_ATTRIBUTE_END_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "f", "r", "m", "q", "d", "ad"})


def count_attribute(np: str, pre: str = "") -> str:
    """What the words glued before a count say about the counted noun after it (``_post_noun``):

    * a noun phrase or a short subject-verb phrase is an attribute: ``实施稳经济|30项|举措`` ->
      ``稳经济``, ``晋电外送|24个|省份`` -> ``晋电外送``; a count verb kept by :func:`_strip_np`
      stays (``建成|5座|水库`` -> ``建成``), other verbs opening it do not (``完善县乡村三级|…网络`` ->
      ``县乡村三级``; ``加快|6个…建设``, ``包括|…指标``: none), nor a run with an adverb (``连续``);
    * before examples (``消除桥园里、和苑等|6处|易积水点位``, in ``pre``, the text before the figure)
      only the verbs opening them count: ``消除``; a target cue (``力争黄蒿界等|6处|煤矿``) is none;
    * a preposition, conjunction, particle or adverb at its end (``为``, ``与``, ``以长协价为``) is
      no attribute of the noun: "", nor words a verb stands between (``国际朋友圈扩展到|19个|国家``:
      the clause's topic, kept as ``subject_context``)."""
    if pre.rstrip().endswith("等") and "、" in pre:  # the verbs before the examples
        ws = tagged(pre.strip())
        verbs = []
        for w, tag in ws:
            if tag != "v":
                break
            verbs.append(w)
        verb = "".join(verbs)
        return verb if verbs and len(verbs) < len(ws) and not TARGET_CUE_RE.search(verb) else ""
    np = np.strip()
    if len(np) < 2 or _DIGIT_RE.search(np) or any(c in np for c in "，,；;：:（）()") or "、" in pre:
        return ""  # …350个美丽乡村、|500个|和美乡村: the words before are the previous item's
    if pre and not pre.rstrip().endswith(np):
        return ""  # 国际朋友圈|扩展到|19个国家: a verb between, the words are the clause's topic
    ws = tagged(np)
    if "、" in np or not ws or ws[-1][1] in _ATTRIBUTE_END_TAGS or ws[0][1] == "p":
        return ""
    if np.startswith(_count_verbs()):
        return np
    i = 0
    while i < len(ws) and ws[i][1] in _OPENING_VERB_TAGS:  # 加快|6个…建设, 完善|县乡村三级: a verb on the noun
        i += 1
    rest = ws[i:]
    if not rest or len(np) > _ATTRIBUTE_MAX or any(tag in ("d", "ad") for _, tag in rest):
        return ""
    return "".join(w for w, _ in rest)


_GRADE_RE = re.compile(r"[\u4e00-\u9fff]{1,3}级")
_GRADE_PREFIX_RE = re.compile(r"[\u4e00-\u9fff]{1,2}级(?:及?以上)?")


def graded_subject(subject: str, prev_thing: str) -> str:
    """A grade alone (``其中国家级17个``) is that grade of the previous figure's thing:
    ``国家级`` after ``省级以上企业技术中心`` -> ``国家级企业技术中心``."""
    if not prev_thing or not _GRADE_RE.fullmatch(subject):
        return subject
    m = _GRADE_PREFIX_RE.search(prev_thing)  # 年末共有|省级以上|企业技术中心
    thing = prev_thing[m.end():] if m else ""
    return subject + thing if thing else subject


@cache
def _took_words() -> tuple[str, dict[str, str]]:
    took = lexicon_words("subject_words", "took_measure")
    if len(took) != 1:
        raise LexiconError(DIRECTORY / "subject_words.csv", 1, f"took_measure must have exactly one word, not {len(took)}")
    occurrences = {}
    for row in lexicon_rows("subject_words"):
        if row["category"] != "occurrence_unit":
            continue
        unit, _, measure = row["word"].partition("=")
        if not unit or not measure or "=" in measure or not measure.startswith(unit):
            raise LexiconError(DIRECTORY / "subject_words.csv", row["source_line"],
                               f"occurrence_unit {row['word']!r} must read unit=measure, the measure opening with the unit")
        occurrences[unit] = measure
    return took[0], occurrences


def took_subject(thing: str, milestone: str) -> str:
    """A duration before a milestone (``海澜集团产业基地|40天|开工``, duration_after in
    figure_contexts.csv) is the time the thing took to reach it, the milestone before the measure
    (``took_measure``): ``海澜集团产业基地开工用时``, ``百万吨乙烯项目具备开工条件用时``."""
    if not thing or not milestone:
        return thing
    return f"{thing}{milestone}{_took_words()[0]}"


def occurrence_subject(noun: str, verb: str, unit: str) -> str:
    """A count in an occurrence unit (``occurrence_unit``: 届=届数) of an event a count verb holds
    counts the times it was held: ``举办|2届|亚欧博览会`` -> ``亚欧博览会举办届数`` (the event, the
    verb, the unit's measure); with no verb, or another unit, the noun is kept."""
    measure = _took_words()[1].get(unit)
    if not noun or not verb or not measure or noun.startswith(verb):
        return noun
    return f"{noun}{verb}{measure}"


def ends_in_count_verb(text: str) -> str:
    """The count verb (``count_verb``) ``text`` ends in, or ""."""
    return next((v for v in _count_verbs() if text.endswith(v)), "")


def named_flow_subject(pre: str, subject: str) -> str:
    """An indicator named by its flow (``named_flow``: 新增农村劳动力转移就业) keeps the addition word
    before it (``increase_absolute``) that the leading trim took: it is the indicator's name."""
    at = pre.rfind(subject) if subject else -1
    if at <= 0:
        return subject
    word = next((w for w in _increase_words() if pre.endswith(w, 0, at)), "")
    return word + subject if word else subject


@cache
def _increase_words() -> tuple[str, ...]:
    return tuple(sorted(lexicon_words("change_verbs", "increase_absolute"), key=len, reverse=True))


_TOPIC_CLAUSE_RE = re.compile(r"[，,；;]")
_TOPIC_PREDICATE_TAGS = frozenset({"d", "vd", "v", "a", "ad"})
_TOPIC_NOUN_TAGS = frozenset({"n", "nz", "nt", "ng", "nrt"})


def lone_measure(subject: str) -> bool:
    """Whether the subject is one measure word and nothing else (``产量``, ``投资``, ``总量``): a
    ``measure_head`` or a ``bare_measure``, naming no thing."""
    return bool(subject) and (subject in _measure_words()[0] or subject in _own_words()[1])


def _leading_noun(text: str) -> str:
    """The words of ``text`` up to its first noun, when it opens with a noun phrase
    (``煤炭|智能绿色安全开采`` -> ``煤炭``, ``非常规|天然气|发展`` -> ``非常规天然气``, ``经营|主体``);
    "" when it opens with a verb (``抓好产能接续``)."""
    out = []
    for w, tag in tagged(text):
        if tag in _TOPIC_PREDICATE_TAGS or tag in ("p", "c", "u", "uj", "m", "q", "x", "r"):
            return ""
        out.append(w)
        if tag in _TOPIC_NOUN_TAGS:
            return "".join(out)
    return ""


def topic_thing(opening: str, previous: str) -> str:
    """What a lone measure word (:func:`lone_measure`: ``产量稳定在13亿吨``) measures, from the topic
    its sentence or the one before set, holding no figure:

    * a sentence opening with a topic (``topic_mark``: ``煤炭智能绿色安全开采方面，…，产量…``): the
      thing it names first, ``煤炭`` (:func:`_leading_noun`);
    * a previous sentence that is only a noun phrase and a short predicate (``经营主体持续壮大。总量
      接近800万户``): ``经营主体``.

    "" when neither: a measure after another figure's clause is left alone (``投资`` after a GDP
    figure is not the GDP's)."""
    first = _TOPIC_CLAUSE_RE.split(opening, 1)[0].strip() if opening else ""
    mark = next((w for w in lexicon_words("subject_words", "topic_mark") if first.endswith(w)), "")
    if mark and _TOPIC_CLAUSE_RE.search(opening) and len(first) > len(mark):
        return _leading_noun(first[:-len(mark)])
    previous = previous.strip().rstrip("。；;！!")
    if not previous or _DIGIT_RE.search(previous) or _TOPIC_CLAUSE_RE.search(previous):
        return ""
    ws = tagged(previous)
    i = next((k for k, (_, tag) in enumerate(ws) if tag in _TOPIC_PREDICATE_TAGS), -1)
    if i <= 0 or not all(tag in _TOPIC_PREDICATE_TAGS for _, tag in ws[i:]):
        return ""
    if sum(len(w) for w, _ in ws[i:]) > _TOPIC_MAX_PREDICATE:
        return ""
    return _leading_noun("".join(w for w, _ in ws[:i]))


@cache
def _population_parts() -> tuple[str, ...]:
    return tuple(sorted(lexicon_words("link_words", "population_part"), key=len, reverse=True))


def population_part(subject: str, whole: str) -> str:
    """A population's part of the whole a breakdown sentence (``按经营单位所在地分，``) goes on with,
    written short (``城镇零售额`` after ``社会消费品零售总额``): the part (``population_part``: 城镇,
    乡村) and its measure word, with the word the whole names before its own form of that measure
    (``消费品`` before ``零售总额``): ``城镇消费品零售额``. Any other subject is kept."""
    part = next((p for p in _population_parts() if subject.startswith(p)), "")
    measure = subject[len(part):]
    if not part or len(measure) < 2 or not whole or len(segment_words(measure)) != 1:
        return subject
    ws = segment_words(whole)
    at = next((i for i, w in enumerate(ws) if i and w[:2] == measure[:2]), 0)
    if not at or ws[at - 1] in _population_parts() or ws[at - 1] in subject:
        return subject
    return part + ws[at - 1] + measure


_EXAMPLE_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg"})


def without_examples(subject: str) -> str:
    """A class after its examples (``银行、保险…等各类金融机构``, ``贵阳“青云市集”等夜间消费聚集区``)
    is the subject, the examples are not: after the last 等, when the class opens with a word for all
    kinds (``class_all``: 各类) or the examples name places or people (a quoted name, a place or
    person by jieba's tags, not a generic word: 城市); 等 must be a word of its own (not 中等, 高等).
    A count verb opening the examples stays (``引进华为智能生活馆、…等首店`` -> ``引进首店``).
    Examples that are kinds of the class (``科创、金融等服务机构``) stay."""
    at = subject.rfind("等")
    if at <= 0 or len(subject) - at - 1 < 2 or at not in _word_bounds(subject) or at + 1 not in _word_bounds(subject):
        return subject  # 中等, 高等, 立等可取: 等 inside a word
    examples, rest = subject[:at], subject[at + 1:]
    if _DIGIT_RE.search(examples) or rest.startswith(("、", "”")):
        return subject
    generic = set(_entity_words()[1]) | set(_population_parts())
    named = "“" in examples or any(tag in _EXAMPLE_NAME_TAGS and w not in generic for w, tag in tagged(examples))
    if rest.startswith(tuple(lexicon_words("subject_words", "class_all"))) or named:
        verb = next((v for v in _count_verbs() if examples.startswith(v)), "")  # 引进|华为智能生活馆…等首店
        return verb + rest
    return subject


_INNER_YEAR_RE = re.compile(r"(?:19|20)\d{2}年(?:度|底|末|初)?")


def without_inner_time(subject: str) -> str:
    """A year inside a subject (``深圳2021年全年地区生产总值``) is the figure's period, no part of
    what it measures: it goes, and so does what a verb before it said (``省政府工作报告官宣|2021年|
    广东省GDP`` -> ``广东省GDP``): ``深圳全年地区生产总值``."""
    m = _INNER_YEAR_RE.search(subject)
    if not m or not m.start() or m.end() >= len(subject):
        return subject
    before, after = subject[:m.start()], subject[m.end():]
    ws = tagged(before)
    if ws and ws[-1][1] == "v":
        return after
    return before + after
