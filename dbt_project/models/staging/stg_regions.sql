select
    code as region_code,
    name_zh,
    name_en,
    level as region_level,
    parent_code as parent_region_code,
    aliases,
    misspellings,
    source_file,
    source_line
from {{ source('raw', 'regions') }}
