"""Project mentions linked to the catalog, the curated status statements applied to them.

Pure code (no Dagster): the raw/project_links asset and the tests call it. Each mention of
``raw.project_mentions`` is linked by name (``parsing.project_linking``); then each row of
``seeds/curated/project_status_reports.csv`` is matched to the mentions of its document whose
quote lies inside the row's quote while the row's quote lies in the mention's sentence (the
project's own mentions first, else the unlinked ones, which the row links). Its ``action``:

- empty: the curated stage stands; a matched mention with the same stage is ``confirmed``, one
  with another stage ``corrected``; a row matching no mention is a curated statement of its own;
- ``confirm``: the extracted stage is right (a match with that stage is required);
- ``correct``: the extracted stage is wrong, the row's stands (a match is required);
- ``reject``: the text does not give the project that stage there (a match is required): the
  mention keeps its link, loses its stage.

Besides the project's own mentions, an unlinked mention inside the quote that is a fragment of
the project's name or alias is matched too (the extractor may cut a long name in pieces).

A ``confirm``/``correct``/``reject`` row that matches nothing fails with the CSV's file:line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from orchestration.inputs.curated import CuratedCsvError
from orchestration.parsing import project_linking
from orchestration.parsing.project_linking import (
    WORDS_PATH,
    LinkWords,
    candidate_key,
    catalog_names,
    default_words,
    link_name,
    normalise,
)

STATEMENT_ACTIONS = ("confirm", "correct", "reject")


@dataclass(frozen=True)
class ProjectLink:
    mention_id: str
    doc_id: str
    project_code: str | None
    link_rule: str  # name | alias | variant | owner | curated | ambiguous | none
    link_score: float | None
    matched_name: str | None
    candidate_key: str
    extracted_status_code: str | None  # the extractor's stage in the catalog's lifecycle (null: none, or an issue)
    status_code: str | None  # after the curated statements
    status: str  # extracted | confirmed | corrected | rejected
    curated_source_line: int | None
    link_source_file: str


def stage_map(status_rows: Iterable[Mapping]) -> dict[str, str]:
    """Extractor stage → catalog status code (project_statuses.csv, column extractor_stage)."""
    return {r["extractor_stage"]: r["status_code"] for r in status_rows if r.get("extractor_stage")}


def link_mentions(mentions: Sequence[Mapping], projects: Iterable[Mapping], stages: Mapping[str, str],
                  words: LinkWords | None = None) -> list[ProjectLink]:
    words = words or default_words()
    catalog = catalog_names(projects, words)
    out = []
    for m in mentions:
        link = link_name(m["name"], catalog, words)
        staged = m["kind"] == "stage" and m["stage"] != "none"
        code = stages.get(m["stage"]) if staged else None
        out.append(ProjectLink(m["mention_id"], m["doc_id"], link.project_code, link.rule, link.score, link.matched_name,
                               candidate_key(m["name"], words), code, code, "extracted", None, m["source_file"]))
    return out


def apply_statements(links: Sequence[ProjectLink], mentions: Sequence[Mapping], statements: Sequence[Mapping],
                     projects: Iterable[Mapping] = ()) -> tuple[list[ProjectLink], set[int]]:
    """Links after the curated rows (in file order), and the lines of the rows that matched a mention.

    ``projects`` (the catalog rows): an unlinked mention inside a row's quote that is a fragment of
    the row's project's name or alias (北京积水潭医院 of 北京积水潭医院聊城医院国家区域医疗中心项目) is the
    project too, even when another mention of it in the quote is linked already.
    """
    names: dict[str, list[str]] = {}
    for p in projects:
        aliases = p.get("aliases") or []
        aliases = aliases.split("|") if isinstance(aliases, str) else aliases
        names[p["project_code"]] = [normalise(n) for n in [p.get("name_zh") or p.get("project_name_zh"), *aliases] if n]
    by_id = {link.mention_id: link for link in links}
    by_doc: dict[str, list[Mapping]] = {}
    for m in mentions:
        by_doc.setdefault(m["doc_id"], []).append(m)
    matched_lines: set[int] = set()
    for row in statements:
        quote, action = row["quote"], row.get("action")
        inside = [m for m in by_doc.get(row["doc_id"], []) if m["quote"] in quote and quote in m["sentence"]]
        own = [m for m in inside if by_id[m["mention_id"]].project_code == row["project_code"]]
        unlinked = [m for m in inside if by_id[m["mention_id"]].project_code is None]
        fragments = [m for m in unlinked if any(normalise(m["name"]) in n for n in names.get(row["project_code"], []))]
        hits = own + fragments if own else unlinked
        where = (row.get("source_file", "seeds/curated/project_status_reports.csv"), row.get("source_line", 0))
        if not hits:
            if action in STATEMENT_ACTIONS:
                raise CuratedCsvError(*where, "quote", f"{action}: no extracted mention of {row['project_code']} (or of an "
                                      f"unlinked name) lies in {quote!r} in {row['doc_id']}; nothing to {action}")
            continue
        if action == "confirm" and not any(by_id[m["mention_id"]].extracted_status_code == row["status_code"] for m in hits):
            got = sorted({by_id[m["mention_id"]].extracted_status_code or "none" for m in hits})
            raise CuratedCsvError(*where, "status_code", f"confirm: the text gives {'/'.join(got)} here, not "
                                  f"{row['status_code']!r} (write action correct to set it)")
        matched_lines.add(where[1])
        for m in hits:
            link = by_id[m["mention_id"]]
            if action == "reject":
                status, code = "rejected", None
            else:
                status = "confirmed" if link.extracted_status_code == row["status_code"] else "corrected"
                code = row["status_code"]
            by_id[link.mention_id] = replace(
                link, project_code=row["project_code"], status=status, status_code=code, curated_source_line=where[1],
                **({} if link.project_code else {"link_rule": "curated", "link_score": None}))
    return [by_id[link.mention_id] for link in links], matched_lines


def catalog_fingerprint(projects: Sequence[Mapping], status_rows: Sequence[Mapping], statements: Sequence[Mapping]) -> str:
    """What a mention's link depends on besides the mention: the project catalog, the statuses, the
    curated statements, the linking word list and this code. A text's project links are redone
    when its parse or this changed (raw.project_link_log); otherwise they are kept as stored."""
    digest = hashlib.sha256()
    for source in (project_linking.__file__, __file__, WORDS_PATH):
        digest.update(Path(source).read_bytes())
    inputs = [list(projects), list(status_rows), list(statements)]
    digest.update(json.dumps(inputs, sort_keys=True, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def applicable_statements(statements: Iterable[Mapping], relinked_docs: set[str], known_docs: set[str]) -> list[Mapping]:
    """The curated statements of the documents being relinked, and those naming no known document at
    all (a typo in doc_id still fails on every run; a statement of a kept document was checked when
    its document was linked, and any change to the statements relinks every text)."""
    return [row for row in statements if row["doc_id"] in relinked_docs or row["doc_id"] not in known_docs]
