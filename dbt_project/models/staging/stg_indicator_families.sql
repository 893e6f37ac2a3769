select
    family,
    name_zh as family_name_zh,
    name_en as family_name_en,
    heads,
    units,
    stat_type,
    theme,
    direction,
    note,
    source_file,
    source_line
from {{ source('raw', 'indicator_families') }}
