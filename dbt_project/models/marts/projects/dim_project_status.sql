{{ config(contract={'enforced': true}) }}
select
    status_code::varchar as status_code,
    stage_order::integer as stage_order,
    status_name_zh::varchar as status_name_zh,
    status_name_en::varchar as status_name_en,
    verbs::varchar[] as verbs,
    description::varchar as description
from {{ ref('stg_project_statuses') }}
