{{ config(contract={'enforced': true}) }}
select
    category_code::varchar as category_code,
    category_name_zh::varchar as category_name_zh,
    category_name_en::varchar as category_name_en,
    description::varchar as description
from {{ ref('stg_project_categories') }}
