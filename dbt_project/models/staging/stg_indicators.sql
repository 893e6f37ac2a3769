select
    code as indicator_code,
    name_zh as indicator_name_zh,
    name_en as indicator_name_en,
    theme,
    canonical_unit,
    stat_type,
    direction,
    aliases,
    source_file,
    source_line
from {{ source('raw', 'indicators') }}
