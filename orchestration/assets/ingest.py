"""Raw layer: the input files, the curated CSVs, and the report texts split into articles.

Thin wrappers: the parsing lives in orchestration.parsing / orchestration.curated.
"""


from collections import Counter
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration.curated import load_curated, load_registry, region_aliases
from orchestration.parsing.documents import split_text
from orchestration.paths import PROJECT_ROOT, seeds_dir
from orchestration.sources import decode_text, scan
from orchestration.warehouse import CURATED_TYPES, markdown_preview, replace_table

GROUP = "raw"
REGISTRY_PATH = PROJECT_ROOT / "seeds" / "schema.csv"

SOURCE_FILE_COLUMNS = {"path": "VARCHAR", "kind": "VARCHAR", "size_bytes": "BIGINT", "sha256": "VARCHAR"}
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
    "region_code": "VARCHAR",
    "source_line": "INTEGER",
    "paragraph_count": "INTEGER",
    "char_count": "INTEGER",
    "joined_breaks": "INTEGER",
    "body": "VARCHAR",
}
PARAGRAPH_COLUMNS = {
    "doc_id": "VARCHAR",
    "ordinal": "INTEGER",
    "section": "VARCHAR",
    "text": "VARCHAR",
    "char_start": "INTEGER",
    "char_end": "INTEGER",
    "source_line": "INTEGER",
    "joined_breaks": "INTEGER",
}


def _table_metadata(con, table: str, rows: int, **extra) -> dict:
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
    description="Every file under seeds/: path, kind (text, curated, schema, other), size and sha256.",
)
def source_files(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    files = scan(seeds_dir())
    rows = [vars(f) for f in files]
    with duckdb.get_connection() as con:
        n = replace_table(con, "raw.source_files", SOURCE_FILE_COLUMNS, rows)
        meta = _table_metadata(con, "raw.source_files", n, kinds=dict(Counter(f.kind for f in files)))
    return dg.MaterializeResult(metadata=meta)


def _curated_specs() -> list[dg.AssetSpec]:
    registry = load_registry(REGISTRY_PATH)
    return [
        dg.AssetSpec(
            key=["raw", name],
            group_name=GROUP,
            kinds={"python", "duckdb", "csv"},
            description=f"Curated table seeds/curated/{name}.csv, typed and checked against seeds/schema.csv.",
            skippable=True,
        )
        for name in registry
    ]


@dg.multi_asset(specs=_curated_specs(), can_subset=True, name="curated_tables")
def curated_tables(context: dg.AssetExecutionContext, duckdb: DuckDBResource):
    """Load every seeds/curated/*.csv through the schema registry; a broken file names file:line:column."""
    seeds = seeds_dir()
    registry = load_registry(seeds / "schema.csv")
    tables = load_curated(seeds / "curated", registry, root=seeds.parent)
    with duckdb.get_connection() as con:
        for key in context.selected_asset_keys:
            table = tables[key.path[-1]]
            columns = {c.name: CURATED_TYPES[c.type] for c in table.schema.columns}
            columns |= {"source_file": "VARCHAR", "source_line": "INTEGER"}
            name = f"raw.{table.name}"
            n = replace_table(con, name, columns, table.rows)
            yield dg.MaterializeResult(asset_key=key, metadata=_table_metadata(con, name, n, source=str(table.path.relative_to(seeds.parent))))


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=["raw", "documents"],
            group_name=GROUP,
            kinds={"python", "duckdb"},
            deps=[["raw", "regions"], ["raw", "source_files"]],
            description="Articles split from every text under seeds/texts/: title, kicker, byline, speaker, "
            "published date, region and the body with newspaper column breaks repaired.",
        ),
        dg.AssetSpec(
            key=["raw", "paragraphs"],
            group_name=GROUP,
            kinds={"python", "duckdb"},
            deps=[["raw", "regions"], ["raw", "source_files"]],
            description="Paragraphs of every article: ordinal, section heading, repaired text and offsets in the body.",
        ),
    ],
    name="documents",
)
def documents(context: dg.AssetExecutionContext, duckdb: DuckDBResource):
    seeds = seeds_dir()
    with duckdb.get_connection() as con:
        regions = con.execute("SELECT name_zh, aliases, code FROM raw.regions").fetchall()
        aliases = {}
        for name, alias_list, code in regions:
            for alias in (name, *(alias_list or [])):
                aliases.setdefault(alias, code)
        doc_rows, para_rows = [], []
        for source in scan(seeds):
            if source.kind != "text":
                continue
            path = seeds.parent / source.path
            text, encoding = decode_text(path.read_bytes(), source.path)
            for article in split_text(text, source_path=source.path, doc_prefix=path.stem, region_aliases=aliases):
                body = article.body
                doc_rows.append(
                    {
                        **{k: v for k, v in vars(article).items() if k in DOCUMENT_COLUMNS},
                        "source_file": source.path,
                        "source_sha256": source.sha256,
                        "encoding": encoding,
                        "paragraph_count": len(article.paragraphs),
                        "char_count": len(body),
                        "joined_breaks": sum(p.joined_breaks for p in article.paragraphs),
                        "body": body,
                    }
                )
                para_rows += [{"doc_id": article.doc_id, **vars(p)} for p in article.paragraphs]
        n_docs = replace_table(con, "raw.documents", DOCUMENT_COLUMNS, doc_rows)
        n_paras = replace_table(con, "raw.paragraphs", PARAGRAPH_COLUMNS, para_rows)
        yield dg.MaterializeResult(
            asset_key=["raw", "documents"],
            metadata=_table_metadata(
                con,
                "raw.documents",
                n_docs,
                titles=dg.MetadataValue.json([r["title"] for r in doc_rows]),
                column_breaks_repaired=sum(r["joined_breaks"] for r in doc_rows),
            ),
        )
        yield dg.MaterializeResult(asset_key=["raw", "paragraphs"], metadata=_table_metadata(con, "raw.paragraphs", n_paras))
