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

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from orchestration.parsing.chinese_dates import (
    find_date_span,
    is_date_only,
    parse_chinese_date_parts,
    parse_date_parts,
    parse_rfc2822_date,
)

SPLITTER_VERSION = "2.0.1"

#: What the splitter decided for a source line (``LineDecision.kind``).
LINE_KINDS = ("title", "metadata", "heading", "paragraph", "clutter", "blank")
#: How ``Article.published_date`` was found (``Article.date_basis``).
DATE_BASES = ("front_matter", "metadata_line", "date_line", "subtitle_delivery", "text_full_date",
              "text_month_day_context_year", "sibling_article", "none")

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
    r"^[（(]?(?P<key>来源|稿源|图片来源|时间|发布时间|发表时间|更新时间|日期|发布日期|作者|编辑|责任编辑|审核|校对|"
    r"记者|通讯员|阅读量|浏览次数|点击数|字号|字体|原标题|原文链接|链接|网址|source|url|link)"
    r"\s*[：:|｜]\s*(?P<value>.*?)[）)]?$|^(?P<key2>原标题)[\s　]+(?P<value2>.+)$",
    re.IGNORECASE,
)
# A provenance line written as a Markdown comment/heading: "# source: https://…".
_PROVENANCE_RE = re.compile(r"^#+\s*(?:source|来源|原文|原文链接|url|link|出处)\s*[:：]", re.IGNORECASE)
_CLOCK_RE = re.compile(r"^[\s　]*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
_URL_LINE_RE = re.compile(r"^[<（(\[]?(?:https?://|www\.)\S+[>）)\]]?$", re.IGNORECASE)
# Markup: whole-line comments (OCR page markers), tags, table cells and rows.
_COMMENT_RE = re.compile(r"<!--.*?-->")
_BOLD_RE = re.compile(r"<(?:strong|b)[\s>]|strong-Bold|font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_CELL_END_RE = re.compile(r"</t[dh]>\s*(?=<t[dh][\s>])", re.IGNORECASE)
_ROW_END_RE = re.compile(r"</tr>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
# Navigation: "首页 > 政务公开 > 报告", "首页|新闻": every part short.
_NAV_SPLIT_RE = re.compile(r"\s*[>|｜›»]\s*")
# Heading numbers: 一、 / （一） / 1. / （1） / 第一章.
_HEADING_NUMBER_RES = (
    (re.compile(r"^(?P<n>第[一二三四五六七八九十百]+[章节部分篇])"), 1),
    (re.compile(r"^(?P<n>[一二三四五六七八九十]+[、.．])"), 1),
    (re.compile(r"^(?P<n>[（(][一二三四五六七八九十]+[）)])"), 2),
    (re.compile(r"^(?P<n>\d{1,2}[.．、])(?!\d)"), 3),
    (re.compile(r"^(?P<n>[（(]\d{1,2}[）)])"), 4),
)
_YEAR_WORD_RE = re.compile(r"(?:19|20)\d{2}(?:年|—|-|–)")
# A heading line holds no figure; a line that does is a paragraph even without a full stop.
_MAX_HEADING_CHARS = 50
_MAX_INLINE_HEADING_CHARS = 40
_ADDRESS_RE = re.compile(r"^各位(?:代表|委员|同志)[！!，,：:]")
_YEAR_TITLE_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年")
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
    heading_path: str | None = None  # the headings above it, outermost first, joined with " > "


@dataclass(frozen=True)
class LineDecision:
    """What the splitter made of one source line (every line of the file gets one)."""

    number: int  # 1-based line in the source file
    kind: str  # one of LINE_KINDS
    reason: str  # the rule that decided, e.g. "front matter", "repeated page header"
    text: str  # the line as read (stripped, markup removed)


@dataclass(frozen=True)
class Heading:
    """One heading of an article's structure."""

    ordinal: int  # 1-based within the article
    level: int  # 1 = 一、 (or a top-level Markdown section), 2 = （一）, 3 = 1., 4 = （1）
    number: str | None  # the numbering as written: 一、 / （一） / 1. ; None when unnumbered
    text: str  # the heading as written (an inline heading: its title up to the first 。)
    source_line: int
    body_offset: int  # offset in Article.body where the heading's block starts
    parent_ordinal: int | None
    inline: bool  # the title opening a paragraph ("（一）全力稳增长。把…"), not a line of its own


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
    title_source: str | None = None  # markdown_heading | front_matter | header | first_line | file_name
    scope_year: int | None = None  # the year the title names (a bulletin's 2023年…公报)
    headings: tuple[Heading, ...] = field(default=())
    lines: tuple[LineDecision, ...] = field(default=())  # this article's source lines and their kinds

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
    markup: bool = False  # the line held markup that was removed
    md_level: int | None = None  # a Markdown heading ("## 一、综合" → text "一、综合", level 2)
    bold: bool = False  # the markup set the line in bold (a web page's subheading)


def normalize_newlines(text: str) -> str:
    """CRLF/CR to LF and a leading BOM dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_CHART_CAPTION_RE = re.compile(r"图\s*[0-9０-９一二三四五六七八九十]+\s*[：:．.、 ]")
_MD_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")


def _strip_markup(raw: str) -> tuple[str, bool]:
    """A line without HTML comments and tags; table cells keep a separator, rows end a sentence."""
    if "<" not in raw and "![" not in raw:
        return raw, False
    text = _MD_IMAGE_RE.sub("", raw)  # a Markdown image (an OCR'd bulletin's chart) is markup too
    text = _COMMENT_RE.sub("", text)
    text = _CELL_END_RE.sub("，", text)
    text = _ROW_END_RE.sub("；", text)
    text = _TAG_RE.sub("", text)
    return html.unescape(text), text != raw


def _prepare_lines(text: str) -> tuple[list[_Line], dict[int, LineDecision]]:
    """Content lines (stripped, markup removed) and the decisions already taken for the others.

    Blank lines are ``blank``; a line that held only markup (``<div>``, an image, an OCR page
    marker ``<!-- Page 5 -->``) is ``clutter``.
    """
    lines: list[_Line] = []
    decided: dict[int, LineDecision] = {}
    after_image = False  # the last non-blank line was an image alone
    for i, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip().strip("\u3000")
        if not stripped:
            decided[i] = LineDecision(i, "blank", "blank line", "")
            continue
        clean, markup = _strip_markup(stripped)
        clean = clean.strip().strip("\u3000").strip()
        if not clean:
            decided[i] = LineDecision(i, "clutter", "markup only", stripped[:200])
            after_image = bool(_MD_IMAGE_RE.search(stripped) or "<img" in stripped.lower())
            continue
        if after_image and _CHART_CAPTION_RE.match(clean):
            # The caption of a chart whose image is not in the text ("图1：2017—2021年…及其增长速度"):
            # it states no figure of its own, and glued to the next line it would lend that line its years.
            decided[i] = LineDecision(i, "clutter", "chart caption (its image is not in the text)", clean[:200])
            after_image = False
            continue
        after_image = False
        lines.append(_Line(i, clean, markup, None, markup and bool(_BOLD_RE.search(stripped))))
    return lines, decided


def _nonblank_lines(text: str) -> list[_Line]:
    return _prepare_lines(text)[0]


def _front_matter(lines: list[_Line]) -> tuple[dict[str, str], int]:
    """Keys of a leading ``---`` … ``---`` block (Hexo/Jekyll front matter) and how many lines it spans."""
    if not lines or lines[0].text != "---":
        return {}, 0
    for j in range(1, min(len(lines), 60)):
        if lines[j].text == "---":
            keys = {}
            for line in lines[1:j]:
                key, sep, value = line.text.partition(":")
                if sep and key.strip() and not key.startswith((" ", "-")):
                    keys.setdefault(key.strip().lower(), value.strip().strip("'\""))
            return keys, j + 1
    return {}, 0


def _is_metadata_line(text: str) -> bool:
    return bool(_PROVENANCE_RE.match(text) or _URL_LINE_RE.match(text)
                or (len(text) <= 80 and _META_RE.match(text)))


def ends_sentence(line: str) -> bool:
    return bool(_TERMINAL_RE.search(line))


def heading_number(text: str) -> tuple[str | None, int | None]:
    """The numbering a heading opens with and the level it implies: ("（一）", 2), or (None, None)."""
    for regex, level in _HEADING_NUMBER_RES:
        if m := regex.match(text):
            return m["n"], level
    return None, None


def has_figure(text: str) -> bool:
    """A numeral other than a year, a heading number or a bare line number."""
    number, _ = heading_number(text)
    rest = text[len(number):] if number else text
    rest = _YEAR_WORD_RE.sub("", rest)
    return bool(re.search(r"\d", rest)) and not re.fullmatch(r"\d{1,2}", rest.strip())


def _is_numbered_heading(text: str) -> bool:
    """An unmarked short line opening with a heading number (一、 （一） 1.) and no full stop."""
    return heading_number(text)[0] is not None and not ends_sentence(text) and is_implicit_heading(text)


def is_implicit_heading(text: str) -> bool:
    """An unmarked line that neither ends nor breaks a sentence: a heading unless it holds a figure."""
    return len(text) <= _MAX_HEADING_CHARS and not has_figure(text)


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


@dataclass
class _HeadingItem:
    text: str
    line: int
    md_level: int | None = None  # depth of a Markdown heading below the article title


def repair_column_breaks(lines: Sequence[_Line], *, implicit_headings: bool,
                         decisions: dict[int, LineDecision] | None = None) -> list[_Block | _HeadingItem]:
    """Group text lines into paragraphs; a heading is returned as its own item.

    With ``implicit_headings`` a line that neither ends a sentence nor is cut mid-sentence is
    a heading when it is short and holds no figure, else a paragraph of its own (a list item
    ``一是…`` or a line the web copy broke keeps its figures); without it (Markdown marks
    headings) such a line is a column break. ``decisions`` receives each line's kind.
    """
    out: list[_Block | _HeadingItem] = []
    open_block: _Block | None = None
    record = decisions if decisions is not None else {}
    for line in lines:
        text = line.text
        if line.md_level is not None:
            open_block = None
            out.append(_HeadingItem(text, line.number, max(1, line.md_level - 1)))
            record[line.number] = LineDecision(line.number, "heading", "Markdown heading", text)
            continue
        if open_block is not None:
            open_block.text = _join(open_block.text, text)
            open_block.joins += 1
            record[line.number] = LineDecision(line.number, "paragraph", "continues the line before", text)
        elif not implicit_headings and _is_numbered_heading(text):
            # Markdown marks its headings, but an unmarked numbered line (一、综合) is one too.
            out.append(_HeadingItem(text, line.number))
            record[line.number] = LineDecision(line.number, "heading", "numbered line without full stop", text)
            continue
        elif implicit_headings and not ends_sentence(text) and not _CONTINUES_RE.search(text):
            if line.bold and len(text) <= _MAX_HEADING_CHARS * 2:
                if has_figure(text):  # a bold subheading that states figures: a heading, still extracted
                    out.append(_Block(line.number, text))
                out.append(_HeadingItem(text, line.number))
                record[line.number] = LineDecision(line.number, "heading", "bold subheading" + (
                    " (its figures are still extracted)" if has_figure(text) else ""), text)
                continue
            if is_implicit_heading(text):
                out.append(_HeadingItem(text, line.number))
                record[line.number] = LineDecision(line.number, "heading", "short line without full stop or figure", text)
                continue
            out.append(_Block(line.number, text))
            record[line.number] = LineDecision(line.number, "paragraph", "line with a figure but no full stop", text)
            continue
        else:
            open_block = _Block(line.number, text)
            out.append(open_block)
            record[line.number] = LineDecision(line.number, "paragraph", "text line", text)
        current = open_block.text
        continues = (
            not ends_sentence(current)
            if not implicit_headings
            else bool(_CONTINUES_RE.search(current))
        )
        if not continues:
            open_block = None
    return out


def _merge_numbered_headings(items: list[_Block | _HeadingItem], decisions: dict[int, LineDecision]
                             ) -> list[_Block | _HeadingItem]:
    """A heading that is only a number ("01") takes the short line after it as its title: "01 标题"."""
    out: list[_Block | _HeadingItem] = []
    skip = False
    for i, item in enumerate(items):
        if skip:
            skip = False
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        if (isinstance(item, _HeadingItem) and re.fullmatch(r"\d{1,2}", item.text) and nxt is not None
                and len(nxt.text) <= _MAX_HEADING_CHARS
                and (not ends_sentence(nxt.text) or nxt.text.endswith(("？", "?")))):
            line = nxt.line if isinstance(nxt, _HeadingItem) else nxt.first_line
            out.append(_HeadingItem(f"{item.text} {nxt.text}", item.line, item.md_level))
            decisions[line] = LineDecision(line, "heading", "title of the number-only heading above", nxt.text)
            skip = True
            continue
        out.append(item)
    return out


def _merge_continuations(items: list[_Block | _HeadingItem]) -> list[_Block | _HeadingItem]:
    """A block that starts with closing punctuation belongs to the block before it."""
    merged: list[_Block | _HeadingItem] = []
    for item in items:
        prev = merged[-1] if merged else None
        if isinstance(item, _Block) and isinstance(prev, _Block) and _STARTS_AS_CONTINUATION_RE.match(item.text):
            prev.text += item.text
            prev.joins += 1 + item.joins
            continue
        merged.append(item)
    return merged


def _inline_heading(text: str) -> str | None:
    """The numbered title opening a paragraph ("（一）全力稳增长。把…" → "（一）全力稳增长")."""
    number, level = heading_number(text)
    if number is None or level > 2:
        return None
    title, sep, rest = text.partition("。")
    if sep and rest and len(title) <= _MAX_INLINE_HEADING_CHARS and not has_figure(title):
        return title
    return None


def _build_paragraphs(items: Sequence[_Block | _HeadingItem], first_section: str | None
                      ) -> tuple[tuple[Paragraph, ...], tuple[Heading, ...]]:
    """Paragraphs with offsets in the body, and the heading tree with each paragraph's path."""
    paragraphs: list[Paragraph] = []
    headings: list[Heading] = []
    stack: list[Heading] = []
    section, offset = first_section, 0

    def push(text: str, line: int, md_level: int | None, body_offset: int, inline: bool) -> None:
        number, level = heading_number(text)
        level = level or md_level or 1
        while stack and stack[-1].level >= level:
            stack.pop()
        h = Heading(len(headings) + 1, level, number, text, line, body_offset,
                    stack[-1].ordinal if stack else None, inline)
        headings.append(h)
        stack.append(h)

    for item in items:
        if isinstance(item, _HeadingItem):
            section = item.text
            push(item.text, item.line, item.md_level, offset, False)
            continue
        start = offset
        inline = _inline_heading(item.text)
        # A paragraph that opens with its own numbered title closes the sibling before it; a
        # speech turning to its audience (各位代表！) closes the open sub-sections.
        closes = heading_number(inline)[1] if inline else (2 if _ADDRESS_RE.match(item.text) else None)
        while closes is not None and stack and stack[-1].level >= closes:
            stack.pop()
        path = " > ".join(h.text for h in stack) or None
        paragraphs.append(
            Paragraph(len(paragraphs) + 1, section, item.text, start, start + len(item.text), item.first_line,
                      item.joins, path)
        )
        offset = start + len(item.text) + 2  # "\n\n" between paragraphs
        if inline is not None:
            push(inline, item.first_line, None, start, True)
    return tuple(paragraphs), tuple(headings)


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
            return _safe_date(*parts), "text_full_date"
    if context_year is not None:
        for text in texts:
            if m := _MONTH_DAY_RE.search(text):
                return _safe_date(context_year, int(m["m"]), int(m["d"])), "text_month_day_context_year"
    return None, "none"


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
    Raises DocumentError only when the text has no prose at all (empty, or only short lines).
    Every source line gets a ``LineDecision`` in the article it belongs to.
    """
    text = normalize_newlines(text)
    lines, decided = _prepare_lines(text)
    if not lines:
        raise DocumentError(source_path, 1, "empty text: no article found")
    aliases = region_aliases or {}
    front, skip = _front_matter(lines)
    for line in lines[:skip]:
        is_title = line.text.lower().startswith("title:") and bool(front.get("title"))
        decided[line.number] = LineDecision(line.number, "title" if is_title else "metadata",
                                            "front matter title" if is_title else "front matter", line.text)
    content: list[_Line] = []
    for line in lines[skip:]:
        if _is_metadata_line(line.text) and not _MD_HEADING_RE.match(line.text) or _PROVENANCE_RE.match(line.text):
            decided[line.number] = LineDecision(line.number, "metadata", "metadata line", line.text)
        else:
            content.append(line)
    meta_lines = [decided[n].text for n in sorted(decided) if decided[n].kind == "metadata"]
    if not content:
        raise DocumentError(source_path, lines[0].number, "no recognizable article: no line of prose")
    marked = any(_MD_HEADING_RE.match(line.text) for line in content)
    if marked and not _single_title(content):
        articles = _apply_front_matter(_split_markdown(content, source_path, doc_prefix, aliases, decided), front)
    else:
        if marked:  # one "# " title over "## " sections: one article whose headings are marked
            content = [_Line(ln.number, m[2], ln.markup, len(m[1])) if (m := _MD_HEADING_RE.match(ln.text)) else ln
                       for ln in content]
        articles = [_split_plain(content, source_path, doc_prefix, aliases, decided, front, meta_lines, marked)]
    # Lines before an article's first line (front matter, metadata) belong to the first article.
    out = []
    for n, article in enumerate(articles):
        lo = article.source_line if n else 1
        hi = articles[n + 1].source_line if n + 1 < len(articles) else None
        own = tuple(decided[k] for k in sorted(decided) if k >= lo and (hi is None or k < hi))
        out.append(replace(article, lines=own))
    # Articles of one source share its context: a missing year or region comes from a sibling.
    return _fill_from_siblings(out)


def _apply_front_matter(articles: list[Article], front: Mapping[str, str]) -> list[Article]:
    """Front matter describes the whole source: its date (basis ``front_matter``) and source go to
    every article split from it, and its title becomes the kicker of an article that has none."""
    if not front:
        return articles
    parts = None
    if front.get("date"):
        parts = parse_date_parts(front["date"]) or parse_rfc2822_date(front["date"])
    published = _safe_date(*parts) if parts else None
    source = front.get("source") or front.get("author") or None
    out = []
    for a in articles:
        if published is not None:
            a = replace(a, published_date=published, date_basis="front_matter")
        if source and a.source_name is None:
            a = replace(a, source_name=source)
        if front.get("title") and a.kicker is None:
            a = replace(a, kicker=front["title"])
        out.append(a)
    return out


def _single_title(lines: list[_Line]) -> bool:
    """A Markdown text with one top heading, first, above the others: one article, the rest are sections."""
    levels = [len(m[1]) for line in lines if (m := _MD_HEADING_RE.match(line.text))]
    return bool(levels) and levels[0] == min(levels) and levels.count(levels[0]) == 1 and levels[0] < 2


def _fill_from_siblings(articles: list[Article]) -> list[Article]:
    dates = [a.published_date for a in articles if a.published_date]
    regions = [a.region_code for a in articles if a.region_code]
    out = []
    for a in articles:
        if a.published_date is None and dates:
            a = replace(a, published_date=dates[0], date_basis="sibling_article")
        if a.region_code is None and regions:
            a = replace(a, region_code=regions[0])
        out.append(a)
    return out


def _split_markdown(lines: list[_Line], path: str, prefix: str, aliases: Mapping[str, str],
                    decided: dict[int, LineDecision]) -> list[Article]:
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
        decided[lines[title_i].number] = LineDecision(lines[title_i].number, "title", "'## ' article title", lines[title_i].text)
        if kicker:
            decided[lines[first].number] = LineDecision(lines[first].number, "title", "kicker before '## '", lines[first].text)
        if n == 1 and first > 0:
            # Text before the first title belongs to the first article (a lede without heading).
            body_lines = lines[:first] + body_lines
        article = _markdown_article(len(articles) + 1, title, kicker, body_lines, lines[first].number, path, prefix,
                                    aliases, decided, len(headings[title_i][1]))
        if article is not None:
            articles.append(article)
        else:  # a title with nothing under it: kept as a heading line, not an article
            decided[lines[title_i].number] = LineDecision(lines[title_i].number, "heading", "'## ' title without paragraphs",
                                                          lines[title_i].text)
    if not articles:
        raise DocumentError(path, lines[0].number, "no recognizable article: no paragraph under any title")
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
    decided: dict[int, LineDecision],
    title_level: int = 2,
) -> Article | None:
    reporter = place = None
    text_lines: list[_Line] = []
    items: list[_Block | _HeadingItem] = []
    for line in body_lines:
        if (m := _MD_HEADING_RE.match(line.text)) is not None:
            items += repair_column_breaks(text_lines, implicit_headings=False, decisions=decided)
            items.append(_HeadingItem(m[2], line.number, max(1, len(m[1]) - title_level)))
            decided[line.number] = LineDecision(line.number, "heading", "Markdown heading", line.text)
            text_lines = []
        elif reporter is None and (b := _BYLINE_RE.match(line.text)):
            reporter, place = re.sub(r"[\s　]+", " ", b["reporter"]), b["place"]
            decided[line.number] = LineDecision(line.number, "metadata", "reporter byline", line.text)
        else:
            text_lines.append(line)
    items += repair_column_breaks(text_lines, implicit_headings=False, decisions=decided)
    paragraphs, tree = _build_paragraphs(_merge_continuations(items), None)
    if not paragraphs:
        return None
    texts = [p.text for p in paragraphs[:3]]
    speaker, role = find_speaker(texts)
    published, basis = find_date(texts, find_context_year(texts))
    region = find_region([title, kicker, place, *texts[:1]], aliases)
    return Article(
        doc_id=f"{prefix}-{n}", source_path=path, ordinal=n, title=title, kicker=kicker, subtitle=None,
        reporter=reporter, byline_place=place, speaker=speaker, speaker_role=role, source_name=None,
        published_date=published, date_basis=basis, region_code=region, source_line=start_line,
        paragraphs=paragraphs, title_source="markdown_heading", scope_year=_title_year(title), headings=tree,
    )


def _title_year(title: str | None) -> int | None:
    """The year a title names as its scope (2023年洛阳市…统计公报)."""
    m = _YEAR_TITLE_RE.search(title or "")
    return int(m["y"]) if m else None


def _is_prose(text: str) -> bool:
    return len(text) >= _MIN_PROSE_CHARS and ends_sentence(text) and not _META_RE.match(text)


def _is_navigation(text: str) -> bool:
    """Page chrome: 下载 / 打印 / 【字号：/ 首页 > 政务公开 (every part short)."""
    if len(text) <= 4 and not ends_sentence(text.rstrip("：:")) and not has_figure(text):
        return True
    parts = [p for p in _NAV_SPLIT_RE.split(text) if p]
    return len(parts) >= 2 and all(len(p) <= 6 for p in parts)


def _split_plain(lines: list[_Line], path: str, prefix: str, aliases: Mapping[str, str],
                 decided: dict[int, LineDecision], front: Mapping[str, str], meta_lines: Sequence[str],
                 marked: bool = False) -> Article:
    """One article of a plain text; with ``marked`` (a "# " title over "## " sections) unmarked
    lines without a full stop are column breaks, as in Markdown news, not headings."""
    first_prose = next((i for i, line in enumerate(lines) if _is_prose(line.text) and line.md_level is None), None)
    if first_prose is None:
        raise DocumentError(path, lines[0].number, "no recognizable article: no line of prose")
    last_prose = max(i for i, line in enumerate(lines) if _ENDS_PROSE_RE.search(line.text) or len(line.text) > _MAX_CLUTTER_CHARS)
    header = _read_header(lines[:first_prose], decided)
    for line in meta_lines:  # metadata lines anywhere (来源：…, 发布时间：…) feed the header too
        if m := _META_RE.match(line):
            _set_meta(header, m["key"] or m["key2"], m["value"] or m["value2"] or "")
    title, title_source = header.title, "header"
    md_title = next((ln for ln in lines[:first_prose] if ln.md_level == 1), None)
    if md_title is not None:
        title, title_source = md_title.text, "markdown_heading"
    elif front.get("title"):
        title, title_source = front["title"], "front_matter"
    if title_source != "header":
        for number, d in list(decided.items()):  # a header line taken for the title is then just a header line
            if d.kind == "title" and d.reason.startswith("longest header line"):
                decided[number] = LineDecision(number, "metadata", f"header line (title from {title_source})", d.text)
    if md_title is not None:
        decided[md_title.number] = LineDecision(md_title.number, "title", "'# ' title", md_title.text)
    elif title is None:
        first = lines[0]
        if len(first.text) <= 60 and not _is_prose(first.text):
            title, title_source = first.text, "first_line"
            if first.number not in decided:
                decided[first.number] = LineDecision(first.number, "title", "first line (no title found)", first.text)
        else:
            title, title_source = path.rsplit("/", 1)[-1].rsplit(".", 1)[0], "file_name"
    # Only the lines marked with '#' count as marked: a lone '# ' title keeps plain-text headings
    # for the unmarked lines; '## ' sections mark the headings, so other short lines are column breaks.
    implicit = not (marked and any((ln.md_level or 0) >= 2 for ln in lines))
    # Header lines nobody claimed: kept as paragraphs when they hold a figure or a sentence.
    lead = [line for line in lines[:first_prose] if line.number not in decided or line.md_level not in (None, 1)]
    for line in lead:
        decided[line.number] = LineDecision(line.number, "paragraph", "header line kept as text", line.text)
    for line in lines[last_prose + 1 :]:
        decided[line.number] = LineDecision(line.number, "clutter", "short line after the last prose line", line.text)
    # A short line without a full stop that the text repeats is a running page header.
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.text] = counts.get(line.text, 0) + 1
    body: list[_Line] = []
    for line in lines[first_prose : last_prose + 1]:
        if counts[line.text] >= 2 and not ends_sentence(line.text) and len(line.text) <= _MAX_HEADING_CHARS * 2:
            decided[line.number] = LineDecision(line.number, "clutter", "repeated page header", line.text)
        else:
            body.append(line)
    items = _merge_continuations(_merge_numbered_headings(
        repair_column_breaks([*lead, *body], implicit_headings=implicit, decisions=decided), decided))
    paragraphs, tree = _build_paragraphs(items, None)
    texts = [p.text for p in paragraphs[:2]]
    if front.get("date") and (parts := parse_date_parts(front["date"]) or parse_rfc2822_date(front["date"])):
        published, basis = _safe_date(*parts), "front_matter"
    elif header.meta_date is not None:
        published, basis = header.meta_date, "metadata_line"
    elif header.page_date is not None:
        published, basis = header.page_date, "date_line"
    elif header.delivery_date is not None:
        published, basis = header.delivery_date, "subtitle_delivery"
    else:
        published, basis = find_date(texts, find_context_year([title, *texts]))
    region = find_region([title, header.subtitle, *texts[:1]], aliases)
    return Article(
        doc_id=f"{prefix}-1", source_path=path, ordinal=1, title=title, kicker=None,
        subtitle=header.subtitle, reporter=header.reporter, byline_place=None, speaker=header.speaker,
        speaker_role=header.role, source_name=header.source or front.get("author") or None, published_date=published, date_basis=basis,
        region_code=region, source_line=lines[0].number, paragraphs=paragraphs, title_source=title_source,
        scope_year=_title_year(title), headings=tree,
    )


@dataclass
class _Header:
    title: str | None = None
    subtitle: str | None = None
    source: str | None = None
    reporter: str | None = None
    meta_date: date | None = None  # 发布时间：2026-02-03 09:30, 来源：… 2026-02-03
    page_date: date | None = None  # a line holding only a date
    delivery_date: date | None = None  # ——2026年1月26日在…会议上
    speaker: str | None = None
    role: str | None = None


def _read_header(lines: Sequence[_Line], decided: dict[int, LineDecision]) -> _Header:
    """Title, subtitle, labelled metadata and speaker from the lines before the body."""
    header = _Header()
    candidates: list[_Line] = []
    pending_key: str | None = None
    for line in lines:
        text = line.text
        if line.md_level is not None:
            continue
        if _is_numbered_heading(text):  # 一、综合 right under the title: the body's first heading
            continue
        if pending_key is not None:  # "来源：" on one line, its value on the next
            _set_meta(header, pending_key, text)
            decided[line.number] = LineDecision(line.number, "metadata", f"value of {pending_key}", text)
            pending_key = None
            continue
        if m := _META_RE.match(text):
            key, value = m["key"] or m["key2"], m["value"] or m["value2"]
            if value:
                _set_meta(header, key, value)
            else:
                pending_key = key
            decided[line.number] = LineDecision(line.number, "metadata", "metadata line", text)
            continue
        if m := _SUBTITLE_RE.match(text):
            header.subtitle = header.subtitle or text.strip("—―－-─()（）")
            if header.delivery_date is None and (parts := parse_chinese_date_parts(m["date"])):
                header.delivery_date = _safe_date(*parts)
            decided[line.number] = LineDecision(line.number, "metadata", "subtitle (date and occasion)", text)
            continue
        if (hit := find_date_span(text)) is not None and hit[1] == 0 and (
                m := _META_RE.match(_CLOCK_RE.sub("", text[hit[2]:], count=1).strip(" 　|｜"))):
            # a web page's byline: "2026-03-02 09:30  来源：聊城日报" (the date first, then labelled metadata)
            if header.meta_date is None:
                header.meta_date = _safe_date(*hit[0])
            key, value = m["key"] or m["key2"], m["value"] or m["value2"]
            if value:
                _set_meta(header, key, value)
            decided[line.number] = LineDecision(line.number, "metadata", "date and metadata line", text)
            continue
        if is_date_only(text):
            if header.page_date is None:
                header.page_date = _safe_date(*parse_date_parts(text))
            decided[line.number] = LineDecision(line.number, "metadata", "date line", text)
            continue
        if header.speaker is None and (s := _SPEAKER_LINE_RE.search(text)):
            header.speaker, header.role = re.sub(r"[\s　]", "", s["name"]), s["role"]
            decided[line.number] = LineDecision(line.number, "metadata", "speaker line", text)
            continue
        if _CAPTION_RE.search(text):
            decided[line.number] = LineDecision(line.number, "metadata", "caption or credit", text)
            continue
        if _is_navigation(text):
            decided[line.number] = LineDecision(line.number, "clutter", "page navigation", text)
            continue
        candidates.append(line)
    titles = [c for c in candidates if len(c.text) >= 4 and not ends_sentence(c.text) and not has_figure(c.text.replace("年", ""))
              or len(c.text) >= 4 and not ends_sentence(c.text) and _title_year(c.text)]
    if titles:
        best = max(titles, key=lambda c: len(c.text))
        header.title = best.text
        decided[best.number] = LineDecision(best.number, "title", "longest header line without full stop", best.text)
        for c in candidates:  # other header lines without a sentence: organisation names, second headlines
            if c.number not in decided and not ends_sentence(c.text) and not has_figure(c.text):
                decided[c.number] = LineDecision(c.number, "metadata", "header line", c.text)
    return header


def _set_meta(header: _Header, key: str, value: str) -> None:
    key = key.lower()
    hit = find_date_span(value)
    if hit is not None and header.meta_date is None:
        header.meta_date = _safe_date(*hit[0])
    if key in {"来源", "稿源"}:
        source = (value[: hit[1]] + value[hit[2]:]).strip() if hit else value
        source = re.split(r"[\s　]+(?:发布|时间|日期|作者|编辑)", source)[0].strip()
        header.source = header.source or source or None
    elif key in {"记者", "作者"}:
        value = re.split(r"[\s　]+[^\s　]{1,6}[|｜：:]", value)[0].strip()  # "甲 编辑|乙" → 甲
        header.reporter = header.reporter or value or None
