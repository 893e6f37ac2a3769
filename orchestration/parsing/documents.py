"""Split report texts into articles and paragraphs, repairing newspaper column breaks.

Pure domain code: no Dagster, no DuckDB. Two input shapes are handled by one splitter:

* **Markdown-ish news texts** (the seed): ``## `` starts an article, ``### `` is a section
  heading, except a ``### `` line standing right before a ``## `` line, which is that
  article's kicker. A line such as ``陶春燕 聊城报道`` is the reporter byline.
* **Plain text copied from a web page** (the provincial corpus): one article per file; the
  lines before the first prose line are a header zone holding navigation clutter, the title,
  a subtitle (``——2026年1月26日在…会议上``), labelled metadata (``来源：``/``时间：``) and the
  speaker (``天津市市长 张工``); short lines after the last prose line are page clutter.

Column breaks: a line that does not end a sentence continues on the next text line
(``产\\n\\n业集群`` → ``产业集群``). In Markdown texts every such line continues, because
headings are marked; in plain texts only a line ending in mid-sentence punctuation (，、)
continues, since an unmarked short line without a full stop is a heading there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from orchestration.parsing.chinese_dates import parse_chinese_date_parts

SPLITTER_VERSION = "1.0.0"

# A sentence (and so a paragraph) may end with these, optionally followed by closing quotes.
_TERMINAL = "。！？!?…；;：:"
_CLOSERS = "”’」』）)】》"
_TERMINAL_RE = re.compile(rf"[{_TERMINAL}][{_CLOSERS}]*$")
# Plain-text lines ending like this are cut mid-sentence and continue on the next line.
_CONTINUES_RE = re.compile(r"[，,、（(“‘《—]$")
_STARTS_AS_CONTINUATION_RE = re.compile(r"^[，,、。；;：:）)”’」』》]")

_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BYLINE_RE = re.compile(
    r"^(?:(?:本报)?记者\s*)?(?P<reporter>[\u4e00-\u9fff·]{2,6}(?:[\s　]+[\u4e00-\u9fff·]{2,6})*?)"
    r"[\s　]+(?P<place>[\u4e00-\u9fff]{2,6})报道$"
)
_TITLE_WORDS = (
    "书记|副书记|市长|副市长|省长|副省长|区长|县长|主席|副主席|主任|副主任|局长|副局长|"
    "厅长|副厅长|部长|处长|科长|院长|校长|秘书长|负责人|发言人|总经理|董事长|委员"
)
# "天津市市长 张工", "自治区主席 艾尔肯·吐尼亚孜", "自治区主席 韦 韬" (a line, or a line's tail).
_SPEAKER_LINE_RE = re.compile(
    rf"(?P<role>[\u4e00-\u9fff]{{0,20}}(?:{_TITLE_WORDS}))[\s　]+"
    r"(?P<name>[\u4e00-\u9fff·]{1,8}(?:[\s　][\u4e00-\u9fff·]{1,8})?)$"
)
# "…，市发展和改革委员会副主任张娅介绍了…"
_SPEAKER_PROSE_RE = re.compile(
    rf"(?:^|[，,。；;])(?P<role>[^，,。；;：:“”]{{2,40}}?(?:{_TITLE_WORDS}))"
    r"(?P<name>[\u4e00-\u9fff]{2,3}?)(?:介绍|表示|指出|说|通报|发布)"
)
_META_RE = re.compile(
    r"^[（(]?(?P<key>来源|时间|发布时间|发表时间|日期|发布日期|作者|编辑|责任编辑|阅读量|"
    r"浏览次数|字号|字体)[：:]\s*(?P<value>.*?)[）)]?$"
)
_ISO_DATE_RE = re.compile(r"(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?")
_SUBTITLE_RE = re.compile(r"^[—―－\-─（(]*(?P<date>.{6,16}?日)在.{2,60}?会议上")
_CAPTION_RE = re.compile(r"(?:记者|摄影|通讯员).{0,12}摄?$|摄$")
_YEAR_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年")
_MONTH_DAY_RE = re.compile(r"(?<![\d年])(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日")
# The first prose line of a plain text: a full sentence of some length.
_MIN_PROSE_CHARS = 15
# Trailing page clutter ("相关报道：", "分享到微信", "×") is short and never ends a sentence.
_MAX_CLUTTER_CHARS = 12
_ENDS_PROSE_RE = re.compile(rf"[。！？!?…][{_CLOSERS}]*$")


class DocumentError(ValueError):
    """A text that cannot be split into articles; names the file and line."""

    def __init__(self, path: str, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass(frozen=True)
class Paragraph:
    ordinal: int  # 1-based within the article
    section: str | None  # the section heading the paragraph stands under
    text: str  # repaired text
    char_start: int  # offset of the paragraph in Article.body
    char_end: int
    source_line: int  # 1-based line of the paragraph's first line in the source file
    joined_breaks: int  # column breaks repaired inside this paragraph


@dataclass(frozen=True)
class Article:
    doc_id: str
    source_path: str
    ordinal: int  # 1-based position in the source file
    title: str
    kicker: str | None
    subtitle: str | None
    reporter: str | None
    byline_place: str | None
    speaker: str | None
    speaker_role: str | None
    source_name: str | None  # the "来源" of a web page
    published_date: date | None
    date_basis: str | None  # how published_date was found
    region_code: str | None
    source_line: int  # 1-based line where the article starts
    paragraphs: tuple[Paragraph, ...] = field(default=())

    @property
    def body(self) -> str:
        """The repaired article text: its paragraphs joined by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.section for p in self.paragraphs if p.section))


@dataclass
class _Line:
    number: int  # 1-based
    text: str  # stripped


def normalize_newlines(text: str) -> str:
    """CRLF/CR to LF and a leading BOM dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _nonblank_lines(text: str) -> list[_Line]:
    return [
        _Line(i, s)
        for i, raw in enumerate(text.split("\n"), start=1)
        if (s := raw.strip().strip("\u3000"))
    ]


def ends_sentence(line: str) -> bool:
    return bool(_TERMINAL_RE.search(line))


def _join(left: str, right: str) -> str:
    # Latin words broken across columns get their space back; CJK text joins directly.
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right


@dataclass
class _Block:
    """A run of source lines that forms one paragraph after column-break repair."""

    first_line: int
    text: str
    joins: int = 0


def repair_column_breaks(lines: Sequence[_Line], *, implicit_headings: bool) -> list[_Block | str]:
    """Group text lines into paragraphs; a heading (str) is returned as its own item.

    With ``implicit_headings`` a line that neither ends a sentence nor is cut mid-sentence
    is a heading; without it (Markdown marks headings) such a line is a column break.
    """
    out: list[_Block | str] = []
    open_block: _Block | None = None
    for line in lines:
        text = line.text
        if open_block is not None:
            open_block.text = _join(open_block.text, text)
            open_block.joins += 1
        elif implicit_headings and not ends_sentence(text) and not _CONTINUES_RE.search(text):
            out.append(text)
            continue
        else:
            open_block = _Block(line.number, text)
            out.append(open_block)
        current = open_block.text
        continues = (
            not ends_sentence(current)
            if not implicit_headings
            else bool(_CONTINUES_RE.search(current))
        )
        if not continues:
            open_block = None
    return out


def _merge_continuations(items: list[_Block | str]) -> list[_Block | str]:
    """A block that starts with closing punctuation belongs to the block before it."""
    merged: list[_Block | str] = []
    for item in items:
        prev = merged[-1] if merged else None
        if isinstance(item, _Block) and isinstance(prev, _Block) and _STARTS_AS_CONTINUATION_RE.match(item.text):
            prev.text += item.text
            prev.joins += 1 + item.joins
            continue
        merged.append(item)
    return merged


def _build_paragraphs(items: Sequence[_Block | str], first_section: str | None) -> tuple[Paragraph, ...]:
    paragraphs: list[Paragraph] = []
    section, offset = first_section, 0
    for item in items:
        if isinstance(item, str):
            section = item
            continue
        start = offset
        paragraphs.append(
            Paragraph(len(paragraphs) + 1, section, item.text, start, start + len(item.text), item.first_line, item.joins)
        )
        offset = start + len(item.text) + 2  # "\n\n" between paragraphs
    return tuple(paragraphs)


# ---------------------------------------------------------------------------------------
# Metadata found in prose
# ---------------------------------------------------------------------------------------


def find_speaker(lines: Sequence[str]) -> tuple[str | None, str | None]:
    """(speaker, role) from a speaker line, or from prose like "…副主任张娅介绍了…"."""
    for text in lines:
        if m := _SPEAKER_LINE_RE.search(text):
            return re.sub(r"[\s　]", "", m["name"]), m["role"].strip()
    for text in lines:
        if m := _SPEAKER_PROSE_RE.search(text):
            return m["name"], m["role"].strip()
    return None, None


def find_context_year(texts: Sequence[str]) -> int | None:
    """The first four-digit year the texts mention (the year a report speaks from)."""
    for text in texts:
        if m := _YEAR_RE.search(text):
            return int(m["y"])
    return None


def find_date(texts: Sequence[str], context_year: int | None) -> tuple[date | None, str | None]:
    """A full date in the texts, else the first month-day completed with the context year."""
    for text in texts:
        if (parts := parse_chinese_date_parts(text)) is not None:
            return _safe_date(*parts), "full date in text"
    if context_year is not None:
        for text in texts:
            if m := _MONTH_DAY_RE.search(text):
                return _safe_date(context_year, int(m["m"]), int(m["d"])), "month-day in text + context year"
    return None, None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_region(texts: Sequence[str | None], region_aliases: Mapping[str, str]) -> str | None:
    """The region named first in the texts, preferring the longest name at a position."""
    if not region_aliases:
        return None
    pattern = _alias_pattern(tuple(sorted(region_aliases, key=len, reverse=True)))
    for text in texts:
        if text and (m := pattern.search(text)):
            return region_aliases[m.group(0)]
    return None


_ALIAS_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _alias_pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    if aliases not in _ALIAS_PATTERNS:
        _ALIAS_PATTERNS[aliases] = re.compile("|".join(map(re.escape, aliases)))
    return _ALIAS_PATTERNS[aliases]


# ---------------------------------------------------------------------------------------
# The splitter
# ---------------------------------------------------------------------------------------


def split_text(
    text: str,
    *,
    source_path: str,
    doc_prefix: str,
    region_aliases: Mapping[str, str] | None = None,
) -> list[Article]:
    """Split one decoded source text into articles.

    ``doc_prefix`` names the source (its file stem); article ids are ``{doc_prefix}-{n}``.
    Raises DocumentError when no article with a title and a paragraph can be found.
    """
    text = normalize_newlines(text)
    lines = _nonblank_lines(text)
    if not lines:
        raise DocumentError(source_path, 1, "empty text: no article found")
    aliases = region_aliases or {}
    if any(_MD_HEADING_RE.match(line.text) for line in lines):
        articles = _split_markdown(lines, source_path, doc_prefix, aliases)
    else:
        articles = [_split_plain(lines, source_path, doc_prefix, aliases)]
    # Articles of one source share its context: a missing year or region comes from a sibling.
    return _fill_from_siblings(articles)


def _fill_from_siblings(articles: list[Article]) -> list[Article]:
    from dataclasses import replace

    dates = [a.published_date for a in articles if a.published_date]
    regions = [a.region_code for a in articles if a.region_code]
    out = []
    for a in articles:
        if a.published_date is None and dates:
            a = replace(a, published_date=dates[0], date_basis="date of a sibling article in the same source")
        if a.region_code is None and regions:
            a = replace(a, region_code=regions[0])
        out.append(a)
    return out


def _split_markdown(lines: list[_Line], path: str, prefix: str, aliases: Mapping[str, str]) -> list[Article]:
    # Find article starts: each "## " line, pulled back over a "### " kicker right before it.
    headings = {i: _MD_HEADING_RE.match(line.text) for i, line in enumerate(lines)}
    starts: list[tuple[int, int, str | None]] = []  # (index of first line, index of title, kicker)
    for i, m in headings.items():
        if m and len(m[1]) <= 2:
            prev = headings.get(i - 1)
            kicker_here = prev is not None and len(prev[1]) >= 3 and (not starts or starts[-1][1] != i - 1)
            starts.append((i - 1 if kicker_here else i, i, prev[2] if kicker_here else None))
    if not starts:
        raise DocumentError(path, lines[0].number, "Markdown headings but no '## ' article title")
    articles = []
    for n, (first, title_i, kicker) in enumerate(starts, start=1):
        end = starts[n][0] if n < len(starts) else len(lines)
        body_lines = lines[title_i + 1 : end]
        title = headings[title_i][2]
        if n == 1 and first > 0:
            # Text before the first title belongs to the first article (a lede without heading).
            body_lines = lines[:first] + body_lines
        articles.append(_markdown_article(n, title, kicker, body_lines, lines[first].number, path, prefix, aliases))
    return articles


def _markdown_article(
    n: int,
    title: str,
    kicker: str | None,
    body_lines: list[_Line],
    start_line: int,
    path: str,
    prefix: str,
    aliases: Mapping[str, str],
) -> Article:
    reporter = place = None
    text_lines: list[_Line] = []
    items: list[_Block | str] = []
    for line in body_lines:
        if (m := _MD_HEADING_RE.match(line.text)) is not None:
            items += repair_column_breaks(text_lines, implicit_headings=False)
            items.append(m[2])
            text_lines = []
        elif reporter is None and (b := _BYLINE_RE.match(line.text)):
            reporter, place = re.sub(r"[\s　]+", " ", b["reporter"]), b["place"]
        else:
            text_lines.append(line)
    items += repair_column_breaks(text_lines, implicit_headings=False)
    paragraphs = _build_paragraphs(_merge_continuations(items), None)
    if not paragraphs:
        raise DocumentError(path, start_line, f"article {title!r} has no paragraph")
    texts = [p.text for p in paragraphs[:3]]
    speaker, role = find_speaker(texts)
    published, basis = find_date(texts, find_context_year(texts))
    region = find_region([title, kicker, place, *texts[:1]], aliases)
    return Article(
        doc_id=f"{prefix}-{n}", source_path=path, ordinal=n, title=title, kicker=kicker, subtitle=None,
        reporter=reporter, byline_place=place, speaker=speaker, speaker_role=role, source_name=None,
        published_date=published, date_basis=basis, region_code=region, source_line=start_line,
        paragraphs=paragraphs,
    )


def _is_prose(text: str) -> bool:
    return len(text) >= _MIN_PROSE_CHARS and ends_sentence(text) and not _META_RE.match(text)


def _split_plain(lines: list[_Line], path: str, prefix: str, aliases: Mapping[str, str]) -> Article:
    first_prose = next((i for i, line in enumerate(lines) if _is_prose(line.text)), None)
    if first_prose is None:
        raise DocumentError(path, lines[0].number, "no recognizable article: no line of prose")
    last_prose = max(i for i, line in enumerate(lines) if _ENDS_PROSE_RE.search(line.text) or len(line.text) > _MAX_CLUTTER_CHARS)
    header = _read_header(lines[:first_prose])
    if header.title is None:
        raise DocumentError(path, lines[0].number, "no recognizable article: no title before the first paragraph")
    items = _merge_continuations(repair_column_breaks(lines[first_prose : last_prose + 1], implicit_headings=True))
    paragraphs = _build_paragraphs(items, None)
    texts = [p.text for p in paragraphs[:2]]
    if header.page_date is not None:
        published, basis = header.page_date, "publication date on page"
    elif header.delivery_date is not None:
        published, basis = header.delivery_date, "date of delivery in subtitle"
    else:
        published, basis = find_date(texts, find_context_year([header.title, *texts]))
    region = find_region([header.title, header.subtitle, *texts[:1]], aliases)
    return Article(
        doc_id=f"{prefix}-1", source_path=path, ordinal=1, title=header.title, kicker=None,
        subtitle=header.subtitle, reporter=None, byline_place=None, speaker=header.speaker,
        speaker_role=header.role, source_name=header.source, published_date=published, date_basis=basis,
        region_code=region, source_line=lines[0].number, paragraphs=paragraphs,
    )


@dataclass
class _Header:
    title: str | None = None
    subtitle: str | None = None
    source: str | None = None
    page_date: date | None = None  # 时间：2026-02-03, or a bare date line
    delivery_date: date | None = None  # ——2026年1月26日在…会议上
    speaker: str | None = None
    role: str | None = None


def _read_header(lines: Sequence[_Line]) -> _Header:
    """Title, subtitle, labelled metadata and speaker from the lines before the body."""
    header = _Header()
    candidates: list[str] = []
    pending_key: str | None = None
    for line in lines:
        text = line.text
        if pending_key is not None:  # "来源：" on one line, its value on the next
            _set_meta(header, pending_key, text)
            pending_key = None
            continue
        if m := _META_RE.match(text):
            if m["value"]:
                _set_meta(header, m["key"], m["value"])
            else:
                pending_key = m["key"]
            continue
        if m := _SUBTITLE_RE.match(text):
            header.subtitle = header.subtitle or text.strip("—―－-─()（）")
            if header.delivery_date is None and (parts := parse_chinese_date_parts(m["date"])):
                header.delivery_date = _safe_date(*parts)
        elif _ISO_DATE_RE.fullmatch(text.split()[0]) and header.page_date is None:
            header.page_date = _iso(text)
        if header.speaker is None and (s := _SPEAKER_LINE_RE.search(text)):
            header.speaker, header.role = re.sub(r"[\s　]", "", s["name"]), s["role"]
            continue
        if not (_SUBTITLE_RE.match(text) or _CAPTION_RE.search(text) or _ISO_DATE_RE.match(text)):
            candidates.append(text)
    titles = [c for c in candidates if len(c) >= 4 and not ends_sentence(c) and not re.search(r"[>|]", c)]
    header.title = max(titles, key=len) if titles else None
    return header


def _iso(text: str) -> date | None:
    m = _ISO_DATE_RE.match(text)
    return _safe_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def _set_meta(header: _Header, key: str, value: str) -> None:
    if key == "来源":
        header.source = header.source or value
    elif key in {"时间", "发布时间", "发表时间", "日期", "发布日期"}:
        header.page_date = header.page_date or _iso(value)
