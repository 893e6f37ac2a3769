{{ config(contract={'enforced': true}) }}
select
    p.project_code::varchar as project_code,
    p.project_name_zh::varchar as project_name_zh,
    p.project_name_en::varchar as project_name_en,
    p.category_code::varchar as category_code,
    p.project_level::varchar as project_level,
    p.region_code::varchar as region_code,
    p.aliases::varchar[] as aliases,
    f.status_code::varchar as furthest_status_code,
    f.doc_id::varchar as furthest_status_doc_id,
    f.quote::varchar as furthest_status_quote,
    p.note::varchar as note,
    p.source_file::varchar as source_file,
    p.source_line::integer as source_line
from {{ ref('stg_projects') }} as p
left join {{ ref('int_project_status_reports') }} as f
    on f.project_code = p.project_code and f.is_furthest_stage
