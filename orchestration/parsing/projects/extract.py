"""The rules (module docstring of the package; word lists in ``project_words``).

1. Sentences end at 。！？； or a paragraph end; clauses at ，：.
2. A name ends with a ``head`` word (longest match, then its ``suffix`` words; a route code such as
   G331 is a head too) where the name stops: the clause ends, or a joiner, 等, a stage verb or a
   ``strip`` word follows. A head the text goes on from is a modifier: a later head of the same
   stretch ends the name (X高速Y段扩容工程); with none, a stretch ending in a ``section`` word
   (X高铁Y段) or a quoted nickname is the name, one of at most two characters before a stage verb is
   an adverb (正式通车), a count after the head makes a counted group (轨道交通线路7条), anything else
   means the head was inside a longer word (高铁新区, 矿山 via ``not_head``) and no name ends there.
   A name starts after the last boundary, list separator, stage verb or ``strip`` word before it; a
   joiner followed by an ``attach`` word (及配套) joins nothing; a ``not_verb`` (通车里程, 通航设施)
   is no verb.
3. Items before a name separated by a ``joiner`` (凌家滩、双墩遗址博物馆) are members of the same
   list and become mentions of their own; ``X等N条高速公路`` keeps X as the last member; members of
   a list of ``field`` words (…等领域项目, …等新型基础设施) need a head of their own.
4. ``N<classifier><asset class>`` with no member named is a counted group (count N); a ``bare``
   head (项目, 工程) is no asset class.
5. A name holding a ``not_project`` word, with nothing but generic words and its head (a phase such
   as 二期工程 excepted), a numbered bundle (“七大工程”, “头号工程”), or a quoted slogan carried out
   only with weak verbs (实施“X”工程) is dropped. Names before a ``rating`` word (入选, 获评) or
   before a ``grant`` verb followed by a title (获批…三甲医院) are rated, not staged: dropped.
6. Stage: the stage verbs of the clause (none there: of the following clauses up to one holding a
   candidate name of its own); a stage word with … is a frame around the name (抓好…进度); the
   latest stage wins (compound verbs); a ``disjunction`` between two verbs leaves ``none``; an
   ``issue`` word after the name makes the mention an ``issue`` event (stage none).
7. Value kind and period: the nearest figure of the same paragraph (else the nearest one under the
   same heading path) as the figure extractor read it; no figure at all: actual, no period.

Every candidate dropped is recorded with its reason when ``extract_projects(..., rejected=[])`` is given.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from orchestration.parsing.projects.project_version import PROJECT_EXTRACTOR_VERSION
from orchestration.parsing.projects.project_words import STAGES, ProjectLexicon, default

SENTENCE_END = "。！？；\n"
CLAUSE_END = "，：,:"
_NAME_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9０-９#＃·•（）()“”\"—\-±?？/／]")
_COUNT = re.compile(r"^([0-9０-９]+|[一二两三四五六七八九十百]+)(.)")
_COUNT_AFTER = re.compile(r"([0-9０-９]+|[一二两三四五六七八九十百]+)(.)(?:左右|以上)?")
_CODE = re.compile(r"[0-9０-９]+号线|(?<![A-Za-z0-9])[A-Z]{1,2}[0-9]{1,4}(?![0-9])")  # 8号线, B1, G331, R1线: a route code names
_ROUTE = re.compile(r"[GS][0-9]{1,4}(?![0-9A-Za-z])")
_BUNDLE = re.compile(r"(?:[一二两三四五六七八九十百]+大|头号)(?:工程|项目|行动)")
ADVERB = 2  # at most this many characters between a head and a stage verb are an adverb, not the name
_ORDER = {s: i for i, s in enumerate(STAGES[:-1])}


@dataclass(frozen=True)
class ProjectMention:
    doc_id: str
    paragraph_ordinal: int
    name: str  # as written (a list member: the bare item)
    char_start: int
    char_end: int
    quote: str  # body[char_start:char_end]
    sentence: str
    sentence_start: int
    kind: str  # stage | issue
    stage: str  # one of project_words.STAGES
    status_verb: str | None
    weak: bool  # stage read from a vague progress verb only
    count: int | None  # a counted group's size
    value_kind: str  # actual | target
    period_start: object | None
    period_end: object | None
    extractor_version: str = PROJECT_EXTRACTOR_VERSION


def _chinese_count(text: str) -> int | None:
    if text.isdigit():
        return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if text == "十":
        return 10
    if len(text) == 1:
        return digits.get(text)
    if text.startswith("十"):
        return 10 + digits.get(text[1], 0)
    if len(text) >= 2 and text[1] == "十":
        return digits.get(text[0], 0) * 10 + (digits.get(text[2], 0) if len(text) > 2 else 0)
    return None


class _Reader:
    def __init__(self, lex: ProjectLexicon):
        self.lex = lex
        self._index: dict[int, dict[str, list[str]]] = {}  # word list -> first character -> its words
        self.heads = sorted(lex.words["head"], key=len, reverse=True)
        self.tails = sorted(lex.words["head"] | lex.words["suffix"], key=len, reverse=True)
        self.generic = sorted(lex.words["generic"] | lex.words["head"] | lex.words["suffix"], key=len, reverse=True)
        self.verbs = sorted((w for w in lex.stages if "…" not in w), key=len, reverse=True)
        self.frames = [(*w.split("…", 1), w) for w in lex.stages if "…" in w]
        self.strips = sorted(lex.words["strip"] | set(self.verbs), key=len, reverse=True)
        self.not_heads = sorted(lex.words["not_head"], key=len, reverse=True)
        self.not_head_len = max((len(w) for w in self.not_heads), default=1)
        self.attach = sorted(lex.words["attach"], key=len, reverse=True)
        self.not_verbs = sorted(lex.words["not_verb"], key=len, reverse=True)
        self.sections = lex.words["section"]
        self.generic_only = sorted(lex.words["generic"] - lex.words["head"], key=len, reverse=True)
        self.rating = sorted(lex.words["rating"], key=len, reverse=True)
        self.grant = sorted(lex.words["grant"], key=len, reverse=True)
        self.phases = sorted(w for w in lex.words["suffix"] if w.endswith("期"))

    def _match(self, words: Sequence[str], text: str, i: int) -> str | None:
        """The first of ``words`` (longest first) that ``text`` has at ``i``."""
        if i >= len(text):
            return None
        index = self._index.get(id(words))
        if index is None:
            index = self._index[id(words)] = {}
            for w in words:
                index.setdefault(w[0], []).append(w)
        for w in index.get(text[i], ()):
            if text.startswith(w, i):
                return w
        return None

    def verbs_in(self, text: str, start: int, end: int, skip: list[tuple[int, int]]):
        out, i = [], start
        while i < end:
            if any(s <= i < e for s, e in skip):
                i += 1
                continue
            if self._match(self.not_verbs, text, i):  # 通车里程: a measure, not a verb
                i += len(self._match(self.not_verbs, text, i))
                continue
            w = self._match(self.verbs, text, i)
            if w and i + len(w) <= end:
                out.append((i, w))
                i += len(w)
            elif f := next((f for f in self.frames if text.startswith(f[0], i) and text.find(f[1], i + len(f[0]), end) > 0),
                           None):
                out.append((i, f[2]))  # 抓好…进度, 实现“…”功能: a frame around the name
                i += len(f[0])
            else:
                i += 1
        return out

    def head_at(self, text: str, i: int) -> str | None:
        """The head word at ``i``, unless a ``not_head`` word covering ``i`` holds it (矿山, 港口, 上线)."""
        w = self._match(self.heads, text, i)
        if not w and (m := _ROUTE.match(text, i)) and (i == 0 or not re.match(r"[0-9A-Za-z]", text[i - 1])):
            return m.group(0)  # G331, S20: a road's route code is its name and its head
        if not w:
            return None
        for k in range(max(0, i - self.not_head_len + 1), i + 1):
            v = self._match(self.not_heads, text, k)
            if v and k + len(v) > i:
                return None
        return w

    def etc_at(self, text: str, j: int) -> bool:
        """Whether the 等 at ``j`` closes a list (not one inside a word: 高等级, 等级)."""
        if text[j] != "等":
            return False
        return not any(text.startswith(w, k) for w in self.lex.words["not_etc"]
                       for k in range(max(0, j - len(w) + 1), j + 1) if k + len(w) > j)

    def stop_at(self, text: str, j: int, end: int) -> bool:
        """Whether a name may end before ``j``: the clause ends, or a non-name character, a list joiner
        (not one followed by an ``attach`` word: 及配套), 等, a stage verb or a strip word comes next."""
        if j >= end or not _NAME_CHAR.match(text[j]) or self.etc_at(text, j):
            return True
        if text[j] in self.lex.words["joiner"]:
            return not self._match(self.attach, text, j + 1)
        if self._match(self.not_verbs, text, j):
            return False  # 通航设施: a noun holding a verb
        return self._match(self.strips, text, j) is not None or self._match(self.rating, text, j) is not None

    def heads_in(self, text: str, start: int, end: int, rejected: list | None = None):
        """(head_start, name_end, count) of every name end in text[start:end].

        A head is a name's end only where the name stops (``stop_at``). A head the text goes on from
        is a modifier: a later head of the same stretch ends the name (沈海高速漳诏段扩容工程, 黔桂铁路
        增建二线); with none, a stretch ending in a section word is the name (合新高铁安徽段), one
        ending in a count is a counted group (轨道交通线路7条); else the stretch is no project name."""
        out, i = [], start
        while i < end:
            w = self.head_at(text, i)
            if not w or i + len(w) > end:
                i += 1
                continue
            j = i + len(w)
            while (nxt := self._match(self.tails, text, j)) and j + len(nxt) <= end:
                j += len(nxt)
            while j < end and text[j] in "）)”" and not _balanced(text[start:j]):
                j += 1  # 市工人文化宫（市游泳馆）
            if self.stop_at(text, j, end):
                out.append((i, j, None))
                i = j
                continue
            q = j
            while not self.stop_at(text, q, end):
                q += 1
            later = any(self.head_at(text, k) for k in range(j, q))
            stretch = text[j:q]
            if later:
                i = j  # the later head ends the name; name_start reaches back over this one
                continue
            bare = stretch
            while tail := next((w for w in self.tails if bare.endswith(w) and len(w) < len(bare)), None):
                bare = bare[:-len(tail)]  # 格拉段电气化改造: a section, then its scope
            if any(bare.endswith(w) for w in self.sections) or re.fullmatch(r"“[^”]+”", stretch):
                out.append((i, q, None))
            elif q - j <= ADVERB and self._match(self.verbs, text, q):
                out.append((i, j, None))  # 正式通车, 顺利开工: an adverb between name and verb
            elif m := _COUNT_AFTER.fullmatch(stretch):
                if m.group(2) in self.lex.words["classifier"]:
                    out.append((i, j, _chinese_count(m.group(1))))
                elif rejected is not None:
                    rejected.append((i, q, "a measure, not a count, follows the head"))
            elif rejected is not None:
                rejected.append((i, q, f"the head {w} goes on into {stretch!r}: a modifier, not a name end"))
            i = q
        return out

    def name_start(self, text: str, floor: int, head_start: int) -> int:
        s = head_start
        while s > floor and _NAME_CHAR.match(text[s - 1]):
            s -= 1
        # cut after the last verb / strip word inside the stretch
        i = s
        while i < head_start:
            if nv := self._match(self.not_verbs, text, i):
                i += len(nv)
                continue
            w = self._match(self.strips, text, i)
            if w in self.lex.words["joiner"] and self._match(self.attach, text, i + len(w)):
                w = None  # 香日德水库及配套灌溉工程: one project
            if w and i + len(w) <= head_start:
                s = i + len(w)
                i += len(w)
            else:
                i += 1
        return s


def _spans(text: str, start: int, end: int, marks: str):
    s = start
    for i in range(start, end):
        if text[i] in marks:
            if i > s:
                yield s, i
            s = i + 1
    if end > s:
        yield s, end


def _context(facts, paragraph: int, offset: int, heading: str | None, headings: dict[int, str | None]):
    same = [f for f in facts if f.paragraph_ordinal == paragraph]
    if not same:
        same = [f for f in facts if headings.get(f.paragraph_ordinal) == heading and heading]
    if not same and heading:
        # no figure under the same headings: the figures of the same top-level section, the most
        # common reading among them (a plan section's paragraphs without a figure are a plan too)
        top = heading.split(" > ")[0]
        pool = [f for f in facts if (headings.get(f.paragraph_ordinal) or "").split(" > ")[0] == top]
        if pool:
            kinds = Counter(("target" if f.modality == "target" else "actual", f.period_start, f.period_end)
                            for f in pool)
            return kinds.most_common(1)[0][0]
    if not same:
        return "actual", None, None
    f = min(same, key=lambda f: abs(f.char_start - offset))
    return ("target" if f.modality == "target" else "actual"), f.period_start, f.period_end


@dataclass(frozen=True)
class RejectedCandidate:
    """A stretch the extractor read as a possible project name and dropped, with the rule that did."""
    doc_id: str
    paragraph_ordinal: int
    name: str
    char_start: int
    char_end: int
    reason: str


def extract_projects(body: str, *, doc_id: str, paragraph_spans: Sequence[tuple[int, int]],
                     facts: Sequence[object] = (), heading_paths: Sequence[str | None] | None = None,
                     lexicon: ProjectLexicon | None = None,
                     rejected: list[RejectedCandidate] | None = None) -> list[ProjectMention]:
    """Every project mention of an article body (``paragraph_spans``: the splitter's paragraphs).

    ``rejected``: a list that, when given, receives every candidate dropped and the reason."""
    reader = _Reader(lexicon or default())
    words = reader.lex.words
    heading_paths = list(heading_paths or [None] * len(paragraph_spans))
    headings = {i + 1: h for i, h in enumerate(heading_paths)}
    out: list[ProjectMention] = []
    for p_index, (p_start, p_end) in enumerate(paragraph_spans):
        ordinal = p_index + 1
        drops: list[tuple[int, int, str]] = []
        for s_start, s_end in _spans(body, p_start, p_end, SENTENCE_END):
            sentence = body[s_start:s_end]
            clauses = list(_spans(body, s_start, s_end, CLAUSE_END))
            found: list[tuple[list[tuple[int, int, int | None]], bool]] = []  # clause -> (names, any candidate)
            group: dict[tuple[int, int], tuple[int, int]] = {}  # a list member -> the whole list's span
            for c_start, c_end in clauses:
                names: list[tuple[int, int, int | None]] = []
                seen = False
                floor = c_start  # a name reaches back no further than the end of the name before it
                for h_start, n_end, count in reader.heads_in(body, c_start, c_end, drops):
                    seen = True
                    n_start = reader.name_start(body, floor, h_start)
                    items = _members(body, floor, n_start, n_end, reader, words, count, drops)
                    names += items
                    if items:  # a dropped name leaves its words to a later name end (兴港等高速公路)
                        floor = max(floor, n_end)
                    for s, e, _ in items:
                        group[(s, e)] = (n_start, n_end)
                names = _rated(body, c_start, c_end, names, reader, drops)
                found.append((names, seen))
            for c_index, (names, _) in enumerate(found):
                if not names:
                    continue
                c_start, c_end = clauses[c_index]
                skip = [(s, e) for s, e, _ in names]
                verbs = reader.verbs_in(body, c_start, c_end, skip)
                v_end = c_end
                k = c_index + 1
                # no verb in the clause: the next clauses' verbs, up to one that names a subject of its own
                while not verbs and k < len(clauses) and not found[k][1]:
                    verbs = reader.verbs_in(body, clauses[k][0], clauses[k][1], [])
                    v_end = clauses[k][1]
                    k += 1
                stage, verb, weak = _stage(body, verbs, v_end, reader, words)
                issue = any(w in body[names[0][0]:v_end] for w in words["issue"])
                if stage == "none" and verb is None and not issue:
                    drops += [(s, e, "no lifecycle word: a name cited, not a project statement") for s, e, _ in names]
                    continue
                own = _own_verbs(names, verbs, c_end)
                for n_start, n_end, count in names:
                    if (n_start, n_end) in own:
                        stage, verb, weak = _stage(body, own[(n_start, n_end)], v_end, reader, words)
                    if weak and _slogan(body[n_start:n_end], reader):
                        drops.append((n_start, n_end, "a quoted slogan that is only carried out (实施/推进): "
                                                      "a programme"))
                        continue
                    g_start, g_end = group.get((n_start, n_end), (n_start, n_end))
                    if weak and verb and _programme(body[g_start:g_end], verb, reader):
                        drops.append((n_start, n_end, f"a programme carried out ({verb}…工程), no works named"))
                        continue
                    vk, ps, pe = _context(facts, ordinal, n_start, heading_paths[p_index], headings)
                    out.append(ProjectMention(
                        doc_id, ordinal, body[n_start:n_end], n_start, n_end, body[n_start:n_end], sentence,
                        s_start, "issue" if issue else "stage", "none" if issue else stage, verb,
                        weak and not issue, count, vk, ps, pe))
        if rejected is not None:
            rejected += [RejectedCandidate(doc_id, ordinal, body[s:e], s, e, why) for s, e, why in drops]
    return out


def _own_verbs(names, verbs, c_end):
    """Subject-verb pairs in one clause (甲水库大坝封顶、乙水库下闸蓄水): when verbs stand between
    two or more names, each name takes the verbs after it up to the next name (list members with
    none, those of the next name that has some); else every name shares the clause's verbs."""
    spans = sorted((s, e) for s, e, _ in names)
    owns = []
    for k, (_, e) in enumerate(spans):
        nxt = spans[k + 1][0] if k + 1 < len(spans) else c_end
        owns.append([v for v in verbs if e <= v[0] < nxt])
    if sum(1 for o in owns if o) < 2:
        return {}
    for k in range(len(owns) - 2, -1, -1):
        owns[k] = owns[k] or owns[k + 1]
    return {span: o for span, o in zip(spans, owns, strict=True) if o}


def _rated(body, c_start, c_end, names, reader, drops):
    """A rating, not a stage: the names before a ``rating`` word (入选, 获评) or before 获批 + a title
    (获批世界地质公园) are rated, and the title is no project."""
    for i in range(c_start, c_end):
        w = reader._match(reader.rating, body, i)
        title = False
        if not w:
            w = reader._match(reader.grant, body, i)
            if not w or reader._match(reader.verbs, body, i + len(w)) not in (None, w):
                continue
            nxt = [s for s, _, _ in names if s >= i + len(w)]
            title = bool(reader.heads_in(body, i + len(w), c_end)) and not (nxt and nxt[0] > i + len(w) + 12)
            if not title:
                continue
        keep = []
        for s, e, c in names:
            if e <= i or (title and s >= i):
                drops.append((s, e, f"rated ({w}…), not a lifecycle stage"))
            else:
                keep.append((s, e, c))
        return keep
    return names


def _slogan(name: str, reader) -> bool:
    """A name that is a quoted phrase and heads only (“辽宁优品”工程, “煤油气硅”)."""
    m = re.fullmatch(r"“[^”]+”(.*)", name)
    if not m:
        return False
    rest = m.group(1)
    for w in reader.generic:
        rest = rest.replace(w, "")
    return not rest


def _programme(name: str, verb: str, reader) -> bool:
    """实施人才兴业工程: a name carried out with a ``programme_verb`` only, ending in a ``programme_head``
    (工程), with no other head, route code or geographic ``feature`` (河, 流域, 段) to say which works."""
    if not any(v in verb for v in reader.lex.words["programme_verb"]):
        return False
    ends = [w for w in reader.lex.words["programme_head"] if name.endswith(w)]
    if not ends:
        return False
    body = name[:-len(ends[0])]
    if any(h in body for h in reader.heads) or _CODE.search(body) or _ROUTE.search(body):
        return False
    return not any(f in body for f in reader.lex.words["feature"])


def _proper(name: str, reader) -> bool:
    """A name says which project: at least two characters left once its generic words, heads,
    suffixes, numerals and classifiers are taken out; or a phase of a head (二期工程, 机场三期:
    the phase of a project named just before)."""
    if _CODE.search(name):
        return True
    rest = name
    for w in reader.generic:
        rest = rest.replace(w, "")
    rest = re.sub(r"[0-9０-９]+[个条座处台项]?|[一二两三四五六七八九十百千万]+[个条座处台项]|[“”\"（）()、·•—\-]", "", rest)
    if len(rest) >= 2:
        return True
    return not rest and any(p in name for p in reader.phases) and any(h in name for h in reader.heads)


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count("（") == text.count("）") and text.count("(") == text.count(")")


def _cjk(text: str) -> int:
    return sum(1 for c in text if "\u3400" <= c <= "\u9fff" or c.isalnum())


def _members(body, floor, n_start, n_end, reader, words, count_after=None, drops=None):
    """The mentions one name end gives: list members before it, a counted group, or nothing."""
    drops = [] if drops is None else drops
    name = body[n_start:n_end]
    if n_end - n_start < 2:
        return []
    items: list[tuple[int, int, int | None]] = []
    fields = False
    etc = [i for i in range(n_start, n_end) if reader.etc_at(body, i)]
    if etc:  # X等N条高速公路 / X等一批重大项目: X is the last member, the rest describes the list
        cut = etc[-1]
        fields = any(w in name[cut - n_start:] for w in words["field"])
        if cut > n_start:
            items.append((n_start, cut, None))
    elif _BUNDLE.search(name):
        drops.append((n_start, n_end, "a numbered bundle of programmes (“七大工程”)"))
        return []
    else:
        if bad := [w for w in words["not_project"] if w in name]:
            drops.append((n_start, n_end, f"not a project: holds {bad[0]!r}"))
            return []
        m = _COUNT.match(name)
        if m and m.group(2) in words["classifier"]:
            rest = n_start + m.end()
            group = body[rest:n_end]
            kind = group
            for w in reader.generic_only:
                kind = kind.replace(w, "")
            if n_end - rest >= 2 and kind and kind not in words["bare"]:
                return [(rest, n_end, _chinese_count(m.group(1)))]
            drops.append((n_start, n_end, "a count of an unnamed category"))
            return []
        if count_after is not None and not _proper(name, reader):
            kind = name
            for w in reader.generic_only:
                kind = kind.replace(w, "")
            if kind and kind not in words["bare"]:
                return [(n_start, n_end, count_after)]  # 轨道交通线路7条: a counted group
            drops.append((n_start, n_end, "a count of an unnamed category"))
            return []
        if not _proper(name, reader):
            drops.append((n_start, n_end, "no proper name: generic words and heads only"))
            return []
        items.append((n_start, n_end, None))
    # earlier members of the list: A、B、C<name>
    pos = n_start
    while pos - 1 > floor and body[pos - 1] in words["joiner"]:
        if any(body.startswith(w, pos - len(w)) for w in reader.strips if len(w) > 1 and w[-1] == body[pos - 1]):
            break  # 参与: the joiner character ends a verb, it joins nothing
        end = pos - 1
        start = reader.name_start(body, floor, end)
        if start >= end:
            break
        items.insert(0, (start, end, None))
        pos = start
    keep = []
    for s, e, c in items:
        item = body[s:e]
        if _cjk(item) < 2:
            why = "shorter than two characters"
        elif bad := [w for w in words["not_project"] if w in item]:
            why = f"not a project: holds {bad[0]!r}"
        elif not _balanced(item):
            why = "unbalanced quotes or brackets"
        elif c is None and not _proper(item, reader):
            why = "no proper name: generic words and heads only"
        elif fields and not any(h in item for h in reader.heads):
            why = "a member of a list of fields or categories (…等领域, …等新型基础设施)"
        else:
            keep.append((s, e, c))
            continue
        drops.append((s, e, why))
    return keep


def _stage(body, verbs, v_end, reader, words):
    if not verbs:
        return "none", None, False
    staged = [(i, w, *reader.lex.stages[w]) for i, w in verbs]
    first, last = staged[0][0], staged[-1][0]
    if len(staged) > 1 and any(d in body[first:last] for d in words["disjunction"]):
        return "none", staged[0][1], False
    real = [v for v in staged if v[2] != "none"]
    if not real:
        return "none", staged[0][1], False
    strong = [v for v in real if not v[3]]
    pool = strong or real
    best = max(pool, key=lambda v: _ORDER[v[2]])
    return best[2], best[1], not strong
