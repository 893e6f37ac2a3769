select
    project_code,
    name_zh as project_name_zh,
    name_en as project_name_en,
    category_code,
    level as project_level,
    region_code,
    aliases,
    note,
    source_file,
    source_line
from {{ source('raw', 'projects') }}
