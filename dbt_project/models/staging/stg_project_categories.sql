select
    category_code,
    name_zh as category_name_zh,
    name_en as category_name_en,
    description,
    source_file,
    source_line
from {{ source('raw', 'project_categories') }}
