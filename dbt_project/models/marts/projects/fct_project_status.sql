{{ config(contract={'enforced': true}) }}
select
    (r.project_code || '@' || r.doc_id)::varchar as project_status_id,
    r.project_code::varchar as project_code,
    r.doc_id::varchar as doc_id,
    r.status_code::varchar as status_code,
    r.stage_order::integer as stage_order,
    r.status_verb::varchar as status_verb,
    r.reported_on::date as reported_on,
    r.quote::varchar as quote,
    r.is_furthest_stage::boolean as is_furthest_stage,
    r.source_file::varchar as source_file,
    r.source_line::integer as source_line
from {{ ref('int_project_status_reports') }} as r
