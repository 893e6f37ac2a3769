"""Facts linked to the indicator catalog, with the analysts' overrides applied.

Extraction runs per document (raw/facts, partitioned). Linking depends on the facts and on the
curated catalog, subject map and overrides, which can change without any text changing: a text's facts are
relinked when its parse or the catalog (indicators, subject map, overrides, linking code) changed since they
were linked, so adding one document links one document's facts. Project mentions are linked the
same way, per text (raw.project_link_log). Thin wrappers over orchestration.inputs.fact_links and
orchestration.inputs.project_links.
"""

import dagster as dg

from orchestration.defs.owners import OWNERS
from orchestration.defs.resources import WarehouseResource
from orchestration.inputs.fact_links import catalog_fingerprint, facts_from_rows, link_stamp, link_with_overrides, stale_sources
from orchestration.inputs.project_links import applicable_statements, apply_statements, link_mentions, stage_map
from orchestration.inputs.project_links import catalog_fingerprint as project_catalog_fingerprint
from orchestration.parsing.linking import FamilyMember, candidate_key, load_families, with_members
from orchestration.storage.warehouse import (
    delete_where_in,
    ensure_table,
    insert_rows,
    markdown_preview,
    read_rows,
)

LINK_COLUMNS = {
    "fact_id": "VARCHAR",
    "indicator_code": "VARCHAR",
    "link_alias": "VARCHAR",
    "link_rule": "VARCHAR",
    "link_score": "DOUBLE",
    "subject_key": "VARCHAR",  # the normalised subject (linking.candidate_key): what subject_map.csv maps
    "family": "VARCHAR",         # an indicator family's member (link_rule family:<family>): the family,
    "family_member": "VARCHAR",  # the member's measure, its level word and canonical unit (linking.family_member)
    "family_level": "VARCHAR",
    "family_unit": "VARCHAR",
    "status": "VARCHAR",
    "override_note": "VARCHAR",
    "override_source_line": "INTEGER",
    "link_source_file": "VARCHAR",  # the text the fact came from: its links are replaced together
}
def _member_columns(member: FamilyMember | None) -> dict:
    if member is None:
        return {}
    return {"family": member.family, "family_member": member.member, "family_level": member.level or None,
            "family_unit": member.unit}


LINK_LOG_COLUMNS = {"source_file": "VARCHAR", "link_stamp": "VARCHAR"}


def texts_to_relink(con, links_table: str, log_table: str, columns: dict[str, str],
                    catalog: str) -> tuple[dict[str, str], list[str], list[str]]:
    """The parsed texts (source file → its parse), the texts whose links to redo (their parse or the
    ``catalog`` changed since their stamp in ``log_table``) and those whose links to drop (no longer
    parsed). The relinked ones are also in the temp table relink_sources, for the caller's reads.
    A new table layout relinks everything."""
    new_links = ensure_table(con, links_table, columns)
    new_log = ensure_table(con, log_table, LINK_LOG_COLUMNS)
    if new_links or new_log:
        con.execute(f"DELETE FROM {links_table}")
        con.execute(f"DELETE FROM {log_table}")
    parsed = dict(con.execute(
        "SELECT source_file, sha256 || '|' || parser_version FROM raw.parse_log WHERE status = 'parsed'").fetchall())
    stored = dict(con.execute(f"SELECT source_file, link_stamp FROM {log_table}").fetchall())
    relink, dropped = stale_sources(parsed, stored, catalog)
    con.execute("CREATE OR REPLACE TEMP TABLE relink_sources AS SELECT unnest(?::VARCHAR[]) AS source_file", [relink])
    return parsed, relink, dropped


def store_links(con, links_table: str, log_table: str, columns: dict[str, str], rows: list[dict],
                parsed: dict[str, str], relink: list[str], dropped: list[str], catalog: str) -> None:
    """Replace the links of the relinked and dropped texts by ``rows`` and stamp the relinked ones."""
    delete_where_in(con, links_table, "link_source_file", [*relink, *dropped])
    delete_where_in(con, log_table, "source_file", [*relink, *dropped])
    insert_rows(con, links_table, columns, rows)
    insert_rows(con, log_table, LINK_LOG_COLUMNS, [{"source_file": f, "link_stamp": link_stamp(parsed[f], catalog)} for f in relink])


@dg.asset(
    key=["raw", "fact_links"],
    group_name="raw",
    kinds={"python", "duckdb"},
    owners=OWNERS,
    deps=[["raw", "facts"], ["raw", "indicators"], ["raw", "subject_map"], ["raw", "indicator_families"],
          ["raw", "fact_overrides"]],
    description="Each fact's indicator (by its subject: seeds/curated/subject_map.csv first, then the aliases of "
    "seeds/curated/indicators.csv, then the indicator families of seeds/curated/indicator_families.csv) "
    "and status after seeds/curated/fact_overrides.csv (rejected facts stay, flagged). "
    "Unlinked facts keep a null indicator. "
    "Relinks only the texts whose parse or the catalog changed (raw.fact_link_log).",
)
def fact_links(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        indicators = read_rows(con, "raw.indicators")
        overrides = read_rows(con, "raw.fact_overrides", order_by="source_line")
        subject_map = read_rows(con, "raw.subject_map", order_by="source_line")
        family_rows = read_rows(con, "raw.indicator_families", order_by="source_line")
        catalog = catalog_fingerprint(indicators, overrides, subject_map, family_rows)
        parsed, relink, dropped = texts_to_relink(con, "raw.fact_links", "raw.fact_link_log", LINK_COLUMNS, catalog)
        rows = read_rows(con, "(SELECT * FROM raw.facts WHERE source_file IN (SELECT source_file FROM relink_sources))",
                         order_by="doc_id, char_start")
        facts = facts_from_rows(rows)
        source_of = {r["fact_id"]: r["source_file"] for r in rows}
        # An override applies to the relinked texts' facts; one naming no document at all still fails.
        known_docs = {r[0] for r in con.execute("SELECT DISTINCT doc_id FROM raw.documents").fetchall()}
        relinked_docs = {f.doc_id for f in facts}
        applicable = [o for o in overrides if o["doc_id"] in relinked_docs or o["doc_id"] not in known_docs]
        linked, override_line = link_with_overrides(facts, indicators, applicable, subject_map, family_rows)
        linked, members = with_members(linked, load_families(family_rows))

        store_links(con, "raw.fact_links", "raw.fact_link_log", LINK_COLUMNS, [
            {"fact_id": f.fact_id, "indicator_code": f.indicator_code, "link_alias": f.link_alias,
             "link_rule": f.link_rule, "link_score": f.link_score,
             "subject_key": candidate_key(f.subject_entity, f.subject) or None, "status": f.status,
             **_member_columns(members.get(f.fact_id)),
             "override_note": f.override_note, "override_source_line": override_line.get(f.fact_id),
             "link_source_file": source_of[f.fact_id]}
            for f in linked
        ], parsed, relink, dropped, catalog)
        warehouse.load_raw(con, ["raw.fact_links", "raw.fact_link_log"])
        n, linked_n, unlinked_n, rejected_n, relinked_n = con.execute(
            """SELECT count(*),
                      count(*) FILTER (WHERE indicator_code IS NOT NULL AND status <> 'rejected'),
                      count(*) FILTER (WHERE indicator_code IS NULL AND status <> 'rejected'),
                      count(*) FILTER (WHERE status = 'rejected'),
                      count(*) FILTER (WHERE status = 'relinked')
               FROM raw.fact_links""").fetchone()
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": n,
                "texts_linked_this_run": len(relink),
                "texts_kept": len(parsed) - len(relink),
                "facts_linked_this_run": len(linked),
                "linked": linked_n,
                "unlinked": unlinked_n,
                "rejected": rejected_n,
                "relinked": relinked_n,
                "subject_map_rows": len(subject_map),
                "preview": dg.MetadataValue.md(markdown_preview(con, "raw.fact_links")),
            }
        )


PROJECT_LINK_COLUMNS = {
    "mention_id": "VARCHAR",
    "doc_id": "VARCHAR",
    "project_code": "VARCHAR",
    "link_rule": "VARCHAR",
    "link_score": "DOUBLE",
    "matched_name": "VARCHAR",
    "candidate_key": "VARCHAR",
    "extracted_status_code": "VARCHAR",
    "status_code": "VARCHAR",
    "status": "VARCHAR",
    "curated_source_line": "INTEGER",
    "link_source_file": "VARCHAR",
}


@dg.asset(
    key=["raw", "project_links"],
    group_name="raw",
    kinds={"python", "duckdb"},
    owners=OWNERS,
    deps=[["raw", "project_mentions"], ["raw", "projects"], ["raw", "project_statuses"], ["raw", "project_status_reports"]],
    description="Each project mention's catalog project (seeds/curated/projects.csv: name, alias, variant, owner rules; "
    "unlinked mentions keep a candidate_key) and its stage after the curated statements of "
    "seeds/curated/project_status_reports.csv (extracted, confirmed, corrected, rejected). "
    "Relinks only the texts whose parse or the project catalog, statuses or statements changed (raw.project_link_log).",
)
def project_links(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        projects = read_rows(con, "raw.projects", order_by="source_line")
        status_rows = read_rows(con, "raw.project_statuses", order_by="source_line")
        statements = read_rows(con, "raw.project_status_reports", order_by="source_line")
        catalog = project_catalog_fingerprint(projects, status_rows, statements)
        parsed, relink, dropped = texts_to_relink(con, "raw.project_links", "raw.project_link_log", PROJECT_LINK_COLUMNS, catalog)
        has_mentions = con.execute("SELECT count(*) FROM information_schema.tables "
                                   "WHERE table_schema = 'raw' AND table_name = 'project_mentions'").fetchone()[0]
        mentions = read_rows(con, "(SELECT * FROM raw.project_mentions WHERE source_file IN (SELECT source_file FROM relink_sources))",
                             order_by="doc_id, char_start") if has_mentions else []
        documents = con.execute("SELECT doc_id, source_file IN (SELECT source_file FROM relink_sources) FROM raw.documents").fetchall()
        relinked_docs = {doc for doc, relinked in documents if relinked}
        applicable = applicable_statements(statements, relinked_docs, {doc for doc, _ in documents})
        links, matched = apply_statements(link_mentions(mentions, projects, stage_map(status_rows)), mentions, applicable, projects)

        store_links(con, "raw.project_links", "raw.project_link_log", PROJECT_LINK_COLUMNS,
                    [vars(link) for link in links], parsed, relink, dropped, catalog)
        warehouse.load_raw(con, ["raw.project_links", "raw.project_link_log"])
        n, linked_n = con.execute("SELECT count(*), count(project_code) FROM raw.project_links").fetchone()
        counts = dict(con.execute("SELECT status, count(*) FROM raw.project_links GROUP BY 1 ORDER BY 1").fetchall())
        rules = dict(con.execute("SELECT link_rule, count(*) FROM raw.project_links GROUP BY 1 ORDER BY 1").fetchall())
        applied = con.execute("SELECT count(DISTINCT curated_source_line) FROM raw.project_links").fetchone()[0]
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": n,
                "texts_linked_this_run": len(relink),
                "texts_kept": len(parsed) - len(relink),
                "mentions_linked_this_run": len(links),
                "linked": linked_n,
                "unlinked": n - linked_n,
                "statuses": dg.MetadataValue.json(counts),
                "link_rules": dg.MetadataValue.json(rules),
                # statements applied to a stored link; the others are curated statements of their own
                "statements_matched": applied,
                "statements_curated_only": len(statements) - applied,
                "statements_matched_this_run": len(matched),
                "preview": dg.MetadataValue.md(markdown_preview(con, "raw.project_links")),
            }
        )
