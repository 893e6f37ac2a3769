"""One report text file → its articles, paragraphs, facts and time references, or a rejection.

Pure code (no Dagster): the ingest asset calls it per file. A file is re-parsed only when its
content hash or the parser version changed (`plan_reparse`), so adding one document parses one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orchestration.inputs.sources import UndecodableText, decode_text
from orchestration.parsing.documents import SPLITTER_VERSION, DocumentError, split_text
from orchestration.parsing.facts import EXTRACTOR_VERSION, Fact, TimeRef, extract
from orchestration.parsing.projects import PROJECT_EXTRACTOR_VERSION, ProjectMention, extract_projects

# Any change to the splitter, the project extractor or the figure extractor re-parses the texts.
PARSER_VERSION = f"split-{SPLITTER_VERSION}+projects-{PROJECT_EXTRACTOR_VERSION}+extract-{EXTRACTOR_VERSION}"
PROJECT_RULE = "projects/extract_projects"  # the rule a rejected row names when an article's project reading failed

_SQL_TYPES = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN"}
_DATE_FIELDS = {"period_start", "period_end", "start", "end"}


def columns_of(record_type: type, *, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """DuckDB columns for a parsing record: its dataclass fields with their Python types."""
    hints = typing.get_type_hints(record_type)
    out = dict(extra or {})
    for f in dataclasses.fields(record_type):
        args = typing.get_args(hints[f.name]) or (hints[f.name],)
        base = next((t for t in args if t is not type(None)), str)
        out[f.name] = "DATE" if f.name in _DATE_FIELDS else _SQL_TYPES.get(base, "VARCHAR")
    return out


SOURCE = {"source_file": "VARCHAR"}
FACT_COLUMNS = columns_of(Fact, extra=SOURCE)
TIME_REF_COLUMNS = columns_of(TimeRef, extra=SOURCE)
# One project mention (orchestration.parsing.projects): name, quote and offsets in the body, stage, value kind.
PROJECT_MENTION_COLUMNS = columns_of(ProjectMention, extra={"mention_id": "VARCHAR", **SOURCE})
DOCUMENT_COLUMNS = {
    "doc_id": "VARCHAR",
    "source_file": "VARCHAR",
    "source_sha256": "VARCHAR",
    "encoding": "VARCHAR",
    "ordinal": "INTEGER",
    "title": "VARCHAR",
    "kicker": "VARCHAR",
    "subtitle": "VARCHAR",
    "reporter": "VARCHAR",
    "byline_place": "VARCHAR",
    "speaker": "VARCHAR",
    "speaker_role": "VARCHAR",
    "source_name": "VARCHAR",
    "published_date": "DATE",
    "date_basis": "VARCHAR",
    "title_source": "VARCHAR",
    "scope_year": "INTEGER",
    "region_code": "VARCHAR",
    "source_line": "INTEGER",
    "paragraph_count": "INTEGER",
    "char_count": "INTEGER",
    "joined_breaks": "INTEGER",
    "body": "VARCHAR",
}
PARAGRAPH_COLUMNS = {
    "doc_id": "VARCHAR",
    "source_file": "VARCHAR",
    "ordinal": "INTEGER",
    "section": "VARCHAR",
    "text": "VARCHAR",
    "char_start": "INTEGER",
    "char_end": "INTEGER",
    "source_line": "INTEGER",
    "joined_breaks": "INTEGER",
    "heading_path": "VARCHAR",
}
# What the splitter decided for every line of every text (line_kind: title, metadata, heading,
# paragraph, clutter, blank), so an analyst can see why a line is or is not in the body.
TEXT_LINE_COLUMNS = {
    "source_file": "VARCHAR",
    "doc_id": "VARCHAR",
    "line_number": "INTEGER",
    "line_kind": "VARCHAR",
    "reason": "VARCHAR",
    "line_text": "VARCHAR",
}
# The heading tree of every article.
HEADING_COLUMNS = {
    "source_file": "VARCHAR",
    "doc_id": "VARCHAR",
    "ordinal": "INTEGER",
    "level": "INTEGER",
    "number": "VARCHAR",
    "text": "VARCHAR",
    "source_line": "INTEGER",
    "body_offset": "INTEGER",
    "parent_ordinal": "INTEGER",
    "inline": "BOOLEAN",
}
REJECTED_COLUMNS = {
    "source_file": "VARCHAR",
    "sha256": "VARCHAR",
    "line": "INTEGER",
    "reason": "VARCHAR",
    "run_id": "VARCHAR",
    "doc_id": "VARCHAR",  # set when one article of the text was quarantined (a per-document rule), else null
    "rule": "VARCHAR",  # the rule it broke (suite/expectation), null for an unreadable text
}
PARSE_LOG_COLUMNS = {
    "source_file": "VARCHAR",
    "sha256": "VARCHAR",
    "parser_version": "VARCHAR",
    "status": "VARCHAR",  # parsed | rejected
    "encoding": "VARCHAR",
    "articles": "INTEGER",
    "facts": "INTEGER",
    "run_id": "VARCHAR",
}


@dataclass
class ParsedText:
    source_file: str
    sha256: str
    encoding: str
    documents: list[dict[str, Any]] = field(default_factory=list)
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    time_refs: list[dict[str, Any]] = field(default_factory=list)
    text_lines: list[dict[str, Any]] = field(default_factory=list)
    headings: list[dict[str, Any]] = field(default_factory=list)
    project_mentions: list[dict[str, Any]] = field(default_factory=list)
    # Articles whose project reading raised: they publish with their figures and without project
    # mentions, and are listed in raw.rejected_texts (doc_id, line, reason) under PROJECT_RULE.
    project_failures: list[dict[str, Any]] = field(default_factory=list)


def mention_id(doc_id: str, char_start: int, char_end: int) -> str:
    """A project mention's stable id: its article and exact offsets (as a fact's id)."""
    return hashlib.sha1(f"{doc_id}\x1fproject\x1f{char_start}\x1f{char_end}".encode()).hexdigest()[:16]


def project_mentions_of(article, facts: list[Fact], source_file: str) -> list[dict[str, Any]]:
    """The project mentions of one article, as raw rows (the figure facts give value kind and period)."""
    paragraphs = article.paragraphs
    mentions = extract_projects(article.body, doc_id=article.doc_id,
                                paragraph_spans=[(p.char_start, p.char_end) for p in paragraphs],
                                facts=facts, heading_paths=[p.heading_path for p in paragraphs])
    return [{**vars(m), "mention_id": mention_id(m.doc_id, m.char_start, m.char_end), "source_file": source_file}
            for m in mentions]


@dataclass
class RejectedText:
    source_file: str
    sha256: str
    line: int
    reason: str


def parse_text_file(
    data: bytes,
    *,
    source_file: str,
    sha256: str,
    region_aliases: Mapping[str, str],
    fact_region_aliases: Mapping[str, str],
) -> ParsedText | RejectedText:
    """Decode, split and extract one file. Unreadable input is returned as a rejection, not raised."""
    try:
        text, encoding = decode_text(data, source_file)
        articles = split_text(text, source_path=source_file, doc_prefix=Path(source_file).stem, region_aliases=region_aliases)
    except (UndecodableText, DocumentError) as err:
        return RejectedText(source_file, sha256, err.line, err.reason)
    parsed = ParsedText(source_file, sha256, encoding)
    for article in articles:
        body = article.body
        parsed.documents.append(
            {
                **{k: v for k, v in vars(article).items() if k in DOCUMENT_COLUMNS},
                "source_file": source_file,
                "source_sha256": sha256,
                "encoding": encoding,
                "paragraph_count": len(article.paragraphs),
                "char_count": len(body),
                "joined_breaks": sum(p.joined_breaks for p in article.paragraphs),
                "body": body,
            }
        )
        parsed.paragraphs += [{"doc_id": article.doc_id, "source_file": source_file, **vars(p)} for p in article.paragraphs]
        parsed.text_lines += [
            {"source_file": source_file, "doc_id": article.doc_id, "line_number": ln.number, "line_kind": ln.kind,
             "reason": ln.reason, "line_text": ln.text}
            for ln in article.lines
        ]
        parsed.headings += [{"source_file": source_file, "doc_id": article.doc_id, **vars(h)} for h in article.headings]
        result = extract(
            body,
            doc_id=article.doc_id,
            doc_date=article.published_date,
            default_region=article.region_code,
            paragraph_spans=[(p.char_start, p.char_end) for p in article.paragraphs],
            region_aliases=fact_region_aliases,
            heading_paths=[p.heading_path for p in article.paragraphs],
            title=article.title,
            scope_year=article.scope_year,
        )
        parsed.facts += [{**f.as_dict(), "source_file": source_file} for f in result.facts]
        parsed.time_refs += [{**t.as_dict(), "source_file": source_file} for t in result.time_refs]
        try:
            parsed.project_mentions += project_mentions_of(article, result.facts, source_file)
        except Exception as err:  # noqa: BLE001 - one article's odd prose never blocks its figures or other texts
            parsed.project_failures.append({
                "source_file": source_file, "doc_id": article.doc_id, "line": article.source_line, "rule": PROJECT_RULE,
                "reason": f"project mentions not read ({type(err).__name__}: {err}); the article's figures are kept"})
    return parsed


@dataclass(frozen=True)
class ReparsePlan:
    reparse: tuple[str, ...]  # files to (re)parse in this run
    unchanged: tuple[str, ...]  # requested, but their hash and the parser version are as stored
    removed: tuple[str, ...]  # stored, but the file is gone: their rows are deleted


def plan_reparse(
    current: Mapping[str, str],
    stored: Mapping[str, tuple[str, str]],
    requested: Iterable[str],
    *,
    parser_version: str = PARSER_VERSION,
    force: bool = False,
) -> ReparsePlan:
    """Which files to parse.

    ``current``: file → sha256 on disk; ``stored``: file → (sha256, parser version) already in the
    warehouse; ``requested``: the files (partitions) this run is for. A requested file is parsed
    when it is new, changed, parsed by another version, or ``force``. A file outside the request
    whose rows are missing (a first build, a table rebuilt for a new layout) is parsed too, so a
    published warehouse never lacks a file that is on disk.
    """
    requested = set(requested)
    reparse, unchanged = [], []
    for name in sorted(current):
        up_to_date = stored.get(name) == (current[name], parser_version)
        if name in requested and (force or not up_to_date):
            reparse.append(name)
        elif name not in stored:
            reparse.append(name)
        elif name in requested:
            unchanged.append(name)
    removed = tuple(sorted(set(stored) - set(current)))
    return ReparsePlan(tuple(reparse), tuple(unchanged), removed)
