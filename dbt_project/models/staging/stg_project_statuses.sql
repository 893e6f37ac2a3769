select
    status_code,
    stage_order,
    name_zh as status_name_zh,
    name_en as status_name_en,
    verbs,
    description,
    extractor_stage,
    source_file,
    source_line
from {{ source('raw', 'project_statuses') }}
