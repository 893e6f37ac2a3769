"""Raw layer: the input files, the curated CSVs, and the report texts parsed per document.

Thin wrappers: parsing lives in orchestration.inputs.texts / orchestration.parsing / orchestration.inputs.curated.
"""

from collections import Counter

import dagster as dg

from orchestration.defs.owners import OWNERS
from orchestration.defs.partitions import text_partitions
from orchestration.defs.resources import WarehouseResource
from orchestration.inputs.changes import text_key
from orchestration.inputs.curated import load_curated, load_registry, region_aliases
from orchestration.inputs.preparsed import curated_columns, curated_rows, regions_digest
from orchestration.inputs.preparsed import load as load_preparsed
from orchestration.inputs.sources import scan
from orchestration.inputs.texts import (
    DOCUMENT_COLUMNS,
    FACT_COLUMNS,
    HEADING_COLUMNS,
    PARAGRAPH_COLUMNS,
    PARSE_LOG_COLUMNS,
    PARSER_VERSION,
    PROJECT_MENTION_COLUMNS,
    REJECTED_COLUMNS,
    TEXT_LINE_COLUMNS,
    TIME_REF_COLUMNS,
    ParsedText,
    RejectedText,
    parse_text_file,
    plan_reparse,
)
from orchestration.parsing.projects import PROJECT_EXTRACTOR_VERSION
from orchestration.quality.document_checks import Quarantined, document_suites, failing_documents
from orchestration.quality.holds import RULE_PREFIX, active_hold, holds_path, load_holds
from orchestration.storage.paths import EXPECTATIONS_DIR, PROJECT_ROOT, seeds_dir, warehouse_path
from orchestration.storage.warehouse import (
    delete_where_in,
    ensure_table,
    insert_rows,
    markdown_preview,
    read_rows,
    replace_table,
)

GROUP = "raw"
REGISTRY_PATH = PROJECT_ROOT / "seeds" / "schema.csv"

SOURCE_FILE_COLUMNS = {
    "path": "VARCHAR",
    "kind": "VARCHAR",
    "size_bytes": "BIGINT",
    "sha256": "VARCHAR",
    "refused_reason": "VARCHAR",
}
# The tables the text parser writes, each holding a source_file column to replace by.
TEXT_TABLES = {
    "raw.documents": DOCUMENT_COLUMNS,
    "raw.paragraphs": PARAGRAPH_COLUMNS,
    "raw.text_lines": TEXT_LINE_COLUMNS,
    "raw.headings": HEADING_COLUMNS,
    "raw.facts": FACT_COLUMNS,
    "raw.time_refs": TIME_REF_COLUMNS,
    "raw.project_mentions": PROJECT_MENTION_COLUMNS,
    "raw.rejected_texts": REJECTED_COLUMNS,
    "raw.parse_log": PARSE_LOG_COLUMNS,
}


LISTED = 20  # names listed in a materialization's metadata; the rest are counted


def listed(names) -> dg.MetadataValue:
    """At most LISTED names, then how many more (metadata stays small however many texts a run holds)."""
    names = list(names)
    more = [f"… and {len(names) - LISTED} more"] if len(names) > LISTED else []
    return dg.MetadataValue.json(names[:LISTED] + more)


def table_metadata(con, table: str, rows: int, **extra) -> dict:
    return {
        "dagster/row_count": rows,
        "table": table,
        "preview": dg.MetadataValue.md(markdown_preview(con, table)),
        **extra,
    }


@dg.asset(
    key=["raw", "source_files"],
    group_name=GROUP,
    kinds={"python", "duckdb"},
    owners=OWNERS,
    description="Every file under seeds/: path, kind (text, curated, schema, other), size and sha256. "
    "A path leading outside seeds/ (a symlink) is listed as refused and never read.",
)
def source_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    files = scan(seeds_dir())
    with warehouse.get_connection() as con:
        n = replace_table(con, "raw.source_files", SOURCE_FILE_COLUMNS, [vars(f) for f in files])
        warehouse.load_raw(con, ["raw.source_files"])  # the team profile's server (COPY); nothing on DuckDB
        meta = table_metadata(con, "raw.source_files", n, kinds=dg.MetadataValue.json(dict(Counter(f.kind for f in files))))
    return dg.MaterializeResult(metadata=meta)


def _curated_specs() -> list[dg.AssetSpec]:
    return [
        dg.AssetSpec(
            key=["raw", name],
            group_name=GROUP,
            kinds={"python", "duckdb", "csv"},
            owners=OWNERS,
            description=f"Curated table seeds/curated/{name}.csv, typed and checked against seeds/schema.csv "
            "(a broken file fails the run naming file, line and column).",
            skippable=True,
        )
        for name in load_registry(REGISTRY_PATH)
    ]


@dg.multi_asset(specs=_curated_specs(), can_subset=True, name="curated_tables")
def curated_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Load every seeds/curated/*.csv through the schema registry."""
    seeds = seeds_dir()
    tables = load_curated(seeds / "curated", load_registry(seeds / "schema.csv"), root=seeds.parent)
    with warehouse.get_connection() as con:
        for key in sorted(context.selected_asset_keys):
            table = tables[key.path[-1]]
            name = f"raw.{table.name}"
            n = replace_table(con, name, curated_columns(table), curated_rows(table))
            warehouse.load_raw(con, [name])
            yield dg.MaterializeResult(
                asset_key=key,
                metadata=table_metadata(con, name, n, source=str(table.path.relative_to(seeds.parent))),
            )


def quarantine_documents(parsed: list[ParsedText]) -> list[Quarantined]:
    """The articles of this run's texts that break a per-document rule (suites of scope "document")."""
    rows = {"raw.documents": [d for r in parsed for d in r.documents],
            "raw.paragraphs": [p for r in parsed for p in r.paragraphs]}
    found: dict[str, Quarantined] = {}
    for spec in document_suites(EXPECTATIONS_DIR / "suites"):
        for q in failing_documents(spec, rows.get(spec.raw_table, []), f"expectations/suites/{spec.path.name}"):
            found.setdefault(q.doc_id, q)
    return list(found.values())


def held_documents(parsed: list[ParsedText], already: set[str]) -> list[Quarantined]:
    """The articles of this run's texts held out after they broke an ERROR consistency rule in an
    earlier refresh of the same text with the same parser (orchestration.quality.holds)."""
    holds = load_holds(holds_path(warehouse_path()))
    out = []
    for r in parsed:
        for d in r.documents:
            hold = active_hold(holds, d["doc_id"], r.sha256, PARSER_VERSION) if d["doc_id"] not in already else None
            if hold:
                out.append(Quarantined(hold.doc_id, r.source_file, d.get("source_line"), RULE_PREFIX + hold.rule_id,
                                       f"held out: it broke the ERROR rule {hold.rule_id} ({hold.reason}); "
                                       "the rest published without it"))
    return out


def _text_spec(key: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=["raw", key],
        group_name=GROUP,
        kinds={"python", "duckdb"},
        owners=OWNERS,
        deps=[["raw", "regions"], ["raw", "source_files"]],
        description=description,
        partitions_def=text_partitions,
    )


class TextIngestConfig(dg.Config):
    force: bool = False  # re-parse the run's files even when their hash and parser version are unchanged
    # A folder of texts the parse job parsed ahead (PLAN_EXECUTOR: orchestration.defs.parallel); a text's
    # result there is loaded instead of parsed when its bytes, parser version and region rows match.
    preparsed: str = ""


@dg.multi_asset(
    specs=[
        _text_spec("documents", "Articles split from every report text: title, kicker, byline, speaker, published date, "
                   "region and the body with newspaper column breaks repaired."),
        _text_spec("paragraphs", "Paragraphs of every article: ordinal, section heading, heading path, repaired text, "
                   "offsets in the body."),
        _text_spec("text_lines", "Every line of every text with what the splitter decided (line_kind: title, metadata, "
                   "heading, paragraph, clutter, blank) and the rule that decided it."),
        _text_spec("headings", "The heading tree of every article: level, numbering (一、/（一）/1.), text, source line, "
                   "offset in the body, parent."),
        _text_spec("facts", "Every measured figure of every article: value in a canonical unit, qualifier, change, periods, "
                   "subject, region, and the exact quote with its character offsets in the article body."),
        _text_spec("time_refs", "Time expressions of every article (years, dates, plan periods, relative times) resolved to spans."),
        _text_spec("project_mentions", "Every named project of every article with the lifecycle stage the text gives it "
                   "(or a problem raised or settled: kind issue), the exact quote and offsets in the body, value kind, "
                   "period and the project extractor's version. An article whose project reading fails keeps its "
                   "figures and is listed in raw.rejected_texts."),
        _text_spec("rejected_texts", "Texts that could not be read (undecodable, binary, empty, no article), with the reason and line."),
    ],
    name="text_ingest",
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def text_ingest(context: dg.AssetExecutionContext, config: TextIngestConfig, warehouse: WarehouseResource):
    """Parse the run's partitions (text files) whose content or parser changed; keep the rest as stored."""
    seeds = seeds_dir()
    on_disk = {f.path: f for f in scan(seeds) if f.kind == "text"}
    requested = {f"{seeds.name}/texts/{key}" for key in context.partition_keys}
    with warehouse.get_connection() as con:
        rebuilt = [t for t, cols in TEXT_TABLES.items() if ensure_table(con, t, cols)]
        if rebuilt:  # a new table layout: nothing stored counts any more
            for table in TEXT_TABLES:
                con.execute(f"DELETE FROM {table}")
        stored = {r[0]: (r[1], r[2]) for r in con.execute("SELECT source_file, sha256, parser_version FROM raw.parse_log").fetchall()}
        plan = plan_reparse({p: f.sha256 for p, f in on_disk.items()}, stored, requested, force=config.force)
        regions = read_rows(con, "raw.regions")
        aliases, fact_aliases = region_aliases(regions), region_aliases(regions, with_misspellings=True)

        digest = regions_digest(regions) if config.preparsed else ""
        results: list[ParsedText | RejectedText] = []
        ahead = 0
        for path in plan.reparse:
            done = load_preparsed(config.preparsed, text_key(path), on_disk[path].sha256, digest) if digest else None
            ahead += done is not None
            results.append(done or parse_text_file(
                (seeds.parent / path).read_bytes(), source_file=path, sha256=on_disk[path].sha256,
                region_aliases=aliases, fact_region_aliases=fact_aliases))
        for table in TEXT_TABLES:
            delete_where_in(con, table, "source_file", [*plan.reparse, *plan.removed])
        parsed = [r for r in results if isinstance(r, ParsedText)]
        rejected = [r for r in results if isinstance(r, RejectedText)]
        run_id = context.run.run_id
        # Per-document rules: an article that breaks one stays out, the rest of its text and every other text load.
        quarantined = quarantine_documents(parsed)
        quarantined += held_documents(parsed, {q.doc_id for q in quarantined})
        out = {q.doc_id for q in quarantined}
        kept = lambda rows: [row for row in rows if row.get("doc_id") not in out]  # noqa: E731
        insert_rows(con, "raw.documents", DOCUMENT_COLUMNS, kept(d for r in parsed for d in r.documents))
        insert_rows(con, "raw.paragraphs", PARAGRAPH_COLUMNS, kept(p for r in parsed for p in r.paragraphs))
        insert_rows(con, "raw.text_lines", TEXT_LINE_COLUMNS, kept(ln for r in parsed for ln in r.text_lines))
        insert_rows(con, "raw.headings", HEADING_COLUMNS, kept(h for r in parsed for h in r.headings))
        insert_rows(con, "raw.facts", FACT_COLUMNS, kept(f for r in parsed for f in r.facts))
        insert_rows(con, "raw.time_refs", TIME_REF_COLUMNS, kept(t for r in parsed for t in r.time_refs))
        insert_rows(con, "raw.project_mentions", PROJECT_MENTION_COLUMNS, kept(m for r in parsed for m in r.project_mentions))
        sha = {r.source_file: r.sha256 for r in parsed}
        project_failures = kept(f for r in parsed for f in r.project_failures)
        insert_rows(con, "raw.rejected_texts", REJECTED_COLUMNS,
                    [{**vars(r), "run_id": run_id} for r in rejected]
                    + [{**vars(q), "sha256": sha[q.source_file], "run_id": run_id} for q in quarantined]
                    + [{**f, "sha256": sha[f["source_file"]], "run_id": run_id} for f in project_failures])
        insert_rows(
            con,
            "raw.parse_log",
            PARSE_LOG_COLUMNS,
            [
                {"source_file": r.source_file, "sha256": r.sha256, "parser_version": PARSER_VERSION, "run_id": run_id,
                 **({"status": "parsed", "encoding": r.encoding, "articles": len(r.documents), "facts": len(r.facts)}
                    if isinstance(r, ParsedText) else {"status": "rejected", "articles": 0, "facts": 0})}
                for r in results
            ],
        )
        for r in [*rejected, *quarantined]:
            context.log.warning(f"quarantined {r.source_file}:{r.line}: {r.reason}")
        for f in project_failures:
            context.log.warning(f"project mentions not read {f['source_file']}:{f['line']} ({f['doc_id']}): {f['reason']}")
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TEXT_TABLES}
        warehouse.load_raw(con, list(TEXT_TABLES))
        # A run over a range of N partitions writes one materialization per partition and asset, each
        # carrying this metadata: it holds counts and at most LISTED names, never lists that grow with N.
        run_meta = {
            "parser_version": PARSER_VERSION,
            "texts_parsed": len(plan.reparse),
            "texts_parsed_ahead": ahead,  # of texts_parsed: loaded from the parse job's steps (PLAN_EXECUTOR)
            "texts_unchanged": len(on_disk) - len(plan.reparse),
            "texts_removed": len(plan.removed),
            "texts_rejected": len(rejected),
            "documents_quarantined": len(quarantined),
            "project_readings_failed": len(project_failures),
            "parsed_files": listed(plan.reparse),
            "removed_files": listed(plan.removed),
        }
        extra = {
            "raw.documents": {"titles": listed([d["title"] for r in parsed for d in r.documents])},
            "raw.project_mentions": {"project_extractor_version": PROJECT_EXTRACTOR_VERSION,
                                     "stages_this_run": dg.MetadataValue.json(
                                         dict(Counter(m["stage"] for r in parsed for m in r.project_mentions)))},
            "raw.facts": {"extractor_version": PARSER_VERSION.split("extract-")[-1],
                          "facts_per_parsed_document": dg.MetadataValue.json(
                              dict(Counter(f["doc_id"] for r in parsed[:LISTED] for f in r.facts)))},
            "raw.text_lines": {"line_kinds_this_run": dg.MetadataValue.json(
                dict(Counter(ln["line_kind"] for r in parsed for ln in r.text_lines)))},
            "raw.rejected_texts": {"rejected_this_run": listed(
                [f"{r.source_file}:{r.line}: {r.reason}" for r in [*rejected, *quarantined]])},
        }
        # Dagster writes one event per partition and asset, ~10 ms each here: a preview (a few KB of
        # Markdown) rides along only when the run is for a handful of texts (a sensor's run).
        with_preview = len(context.partition_keys) <= LISTED
        for table in ("raw.documents", "raw.paragraphs", "raw.text_lines", "raw.headings", "raw.facts", "raw.time_refs",
                      "raw.project_mentions", "raw.rejected_texts"):
            meta = {"dagster/row_count": counts[table], "table": table, **run_meta, **extra.get(table, {})}
            if with_preview:
                meta["preview"] = dg.MetadataValue.md(markdown_preview(con, table))
            yield dg.MaterializeResult(asset_key=table.split("."), metadata=meta)
