"""The rules (module docstring of the package; word lists in ``project_words``).

1. Sentences end at 。！？； or a paragraph end; clauses at ，：.
2. A name ends with a ``head`` word (longest match; heads written back to back join: 机场高速) and
   starts after the last boundary, list separator, stage verb or ``strip`` word before it.
3. Items before a name separated by a ``joiner`` (凌家滩、双墩遗址博物馆) are members of the same
   list and become mentions of their own; ``X等N条高速公路`` keeps X as the last member.
4. ``N<classifier><asset class>`` with no member named is a counted group (count N).
5. A name holding a ``not_project`` word, or with nothing but its head, is dropped.
6. Stage: the stage verbs of the clause (none there: of the following clauses up to the next
   name); the latest stage wins (compound verbs); a ``disjunction`` between two verbs leaves
   ``none``; an ``issue`` word after the name makes the mention an ``issue`` event (stage none).
7. Value kind and period: the nearest figure of the same paragraph (else the nearest one under the
   same heading path) as the figure extractor read it; no figure at all: actual, no period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from orchestration.parsing.projects.project_version import PROJECT_EXTRACTOR_VERSION
from orchestration.parsing.projects.project_words import STAGES, ProjectLexicon, default

SENTENCE_END = "。！？；\n"
CLAUSE_END = "，：,:"
_NAME_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9０-９#＃·•（）()“”\"—\-±?？]")
_COUNT = re.compile(r"^([0-9０-９]+|[一二两三四五六七八九十百]+)(.)")
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
        self.heads = sorted(lex.words["head"], key=len, reverse=True)
        self.tails = sorted(lex.words["head"] | lex.words["suffix"], key=len, reverse=True)
        self.generic = sorted(lex.words["generic"] | lex.words["head"] | lex.words["suffix"], key=len, reverse=True)
        self.verbs = sorted(lex.stages, key=len, reverse=True)
        self.strips = sorted(lex.words["strip"] | set(lex.stages), key=len, reverse=True)

    def _match(self, words: Sequence[str], text: str, i: int) -> str | None:
        for w in words:
            if text.startswith(w, i):
                return w
        return None

    def verbs_in(self, text: str, start: int, end: int, skip: list[tuple[int, int]]):
        out, i = [], start
        while i < end:
            if any(s <= i < e for s, e in skip):
                i += 1
                continue
            w = self._match(self.verbs, text, i)
            if w and i + len(w) <= end:
                out.append((i, w))
                i += len(w)
            else:
                i += 1
        return out

    def heads_in(self, text: str, start: int, end: int):
        """(head_start, name_end) of every name end in text[start:end]."""
        out, i = [], start
        while i < end:
            w = self._match(self.heads, text, i)
            if not w or i + len(w) > end:
                i += 1
                continue
            j = i + len(w)
            while (nxt := self._match(self.tails, text, j)) and j + len(nxt) <= end:
                j += len(nxt)
            out.append((i, j))
            i = j
        return out

    def name_start(self, text: str, floor: int, head_start: int) -> int:
        s = head_start
        while s > floor and _NAME_CHAR.match(text[s - 1]):
            s -= 1
        # cut after the last verb / strip word inside the stretch
        i = s
        while i < head_start:
            w = self._match(self.strips, text, i)
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
    if not same:
        return "actual", None, None
    f = min(same, key=lambda f: abs(f.char_start - offset))
    return ("target" if f.modality == "target" else "actual"), f.period_start, f.period_end


def extract_projects(body: str, *, doc_id: str, paragraph_spans: Sequence[tuple[int, int]],
                     facts: Sequence[object] = (), heading_paths: Sequence[str | None] | None = None,
                     lexicon: ProjectLexicon | None = None) -> list[ProjectMention]:
    """Every project mention of an article body (``paragraph_spans``: the splitter's paragraphs)."""
    reader = _Reader(lexicon or default())
    words = reader.lex.words
    heading_paths = list(heading_paths or [None] * len(paragraph_spans))
    headings = {i + 1: h for i, h in enumerate(heading_paths)}
    out: list[ProjectMention] = []
    for p_index, (p_start, p_end) in enumerate(paragraph_spans):
        ordinal = p_index + 1
        for s_start, s_end in _spans(body, p_start, p_end, SENTENCE_END):
            sentence = body[s_start:s_end]
            clauses = list(_spans(body, s_start, s_end, CLAUSE_END))
            found: list[tuple[int, list[tuple[int, int, int | None]]]] = []  # clause -> names
            for c_index, (c_start, c_end) in enumerate(clauses):
                names = []
                for h_start, n_end in reader.heads_in(body, c_start, c_end):
                    floor = max([c_start, *(e for _, e, _ in names)])
                    n_start = reader.name_start(body, floor, h_start)
                    items = _members(body, floor, n_start, n_end, reader, words)
                    names += items
                found.append((c_index, names))
            for c_index, names in found:
                if not names:
                    continue
                c_start, c_end = clauses[c_index]
                skip = [(s, e) for s, e, _ in names]
                verbs = reader.verbs_in(body, c_start, c_end, skip)
                v_end = c_end
                k = c_index + 1
                while not verbs and k < len(clauses) and not found[k][1]:
                    verbs = reader.verbs_in(body, clauses[k][0], clauses[k][1], [])
                    v_end = clauses[k][1]
                    k += 1
                stage, verb, weak = _stage(body, verbs, v_end, reader, words)
                issue = any(w in body[names[0][0]:v_end] for w in words["issue"])
                if stage == "none" and verb is None and not issue:
                    continue  # no lifecycle word at all: a name cited, not a project statement
                for n_start, n_end, count in names:
                    vk, ps, pe = _context(facts, ordinal, n_start, heading_paths[p_index], headings)
                    out.append(ProjectMention(
                        doc_id, ordinal, body[n_start:n_end], n_start, n_end, body[n_start:n_end], sentence,
                        s_start, "issue" if issue else "stage", "none" if issue else stage, verb,
                        weak and not issue, count, vk, ps, pe))
    return out


def _proper(name: str, reader) -> bool:
    """A name says which project: at least two characters left once its generic words, heads,
    suffixes, numerals and classifiers are taken out."""
    rest = name
    for w in reader.generic:
        rest = rest.replace(w, "")
    rest = re.sub(r"[0-9０-９]+[个条座处台项]?|[一二两三四五六七八九十百千万]+[个条座处台项]|[“”\"（）()、·•—\-]", "", rest)
    return len(rest) >= 2


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count("（") == text.count("）") and text.count("(") == text.count(")")


def _cjk(text: str) -> int:
    return sum(1 for c in text if "\u3400" <= c <= "\u9fff" or c.isalnum())


def _members(body, floor, n_start, n_end, reader, words):
    """The mentions one name end gives: list members before it, a counted group, or nothing."""
    name = body[n_start:n_end]
    if n_end - n_start < 2:
        return []
    items: list[tuple[int, int, int | None]] = []
    if "等" in name:  # X等N条高速公路 / X等一批重大项目: X is the last member, the rest describes the list
        cut = n_start + name.rindex("等")
        if cut > n_start:
            items.append((n_start, cut, None))
    else:
        if any(w in name for w in words["not_project"]):
            return []
        m = _COUNT.match(name)
        if m and m.group(2) in words["classifier"]:
            rest = n_start + m.end()
            group = body[rest:n_end]
            if n_end - rest >= 2 and not any(group.startswith(w) for w in reader.generic if w not in words["head"]):
                return [(rest, n_end, _chinese_count(m.group(1)))]
            return []
        if not _proper(name, reader):
            return []
        items.append((n_start, n_end, None))
    # earlier members of the list: A、B、C<name>
    pos = n_start
    while pos - 1 > floor and body[pos - 1] in words["joiner"]:
        end = pos - 1
        start = reader.name_start(body, floor, end)
        if start >= end:
            break
        items.insert(0, (start, end, None))
        pos = start
    return [(s, e, c) for s, e, c in items
            if _cjk(body[s:e]) >= 2 and not any(w in body[s:e] for w in words["not_project"])
            and _balanced(body[s:e])
            and (c is not None or _proper(body[s:e], reader))]


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
