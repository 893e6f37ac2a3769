select
    plan_indicator_code,
    name_zh as plan_indicator_name_zh,
    name_en as plan_indicator_name_en,
    assessment,
    doc_id,
    quote,
    note,
    source_file,
    source_line
from {{ source('raw', 'plan_indicators') }}
