{{ config(contract={'enforced': true}) }}
-- One project × one article: the lifecycle stage the article gives, the date, the quote, and
-- whether the stage was extracted, confirmed by a curated row or set by one. A project's history
-- across reports is its rows ordered by reported_on.
select
    (r.project_code || '@' || r.doc_id)::varchar as project_status_id,
    r.project_code::varchar as project_code,
    r.doc_id::varchar as doc_id,
    r.status_code::varchar as status_code,
    r.stage_order::integer as stage_order,
    r.status_verb::varchar as status_verb,
    r.reported_on::date as reported_on,
    r.quote::varchar as quote,
    r.sentence::varchar as sentence,
    r.value_kind::varchar as value_kind,
    r.status_source::varchar as status_source,
    r.extracted_status_code::varchar as extracted_status_code,
    r.mention_id::varchar as mention_id,
    r.statements_in_document::integer as statements_in_document,
    r.earlier_stage_order::integer as earlier_stage_order,
    r.is_furthest_stage::boolean as is_furthest_stage,
    r.source_file::varchar as source_file,
    r.source_line::integer as source_line
from {{ ref('int_project_status_reports') }} as r
