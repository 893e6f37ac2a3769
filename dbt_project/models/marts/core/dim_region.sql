{{ config(contract={'enforced': true}) }}
select
    r.region_code::varchar as region_code,
    r.name_zh::varchar as name_zh,
    r.name_en::varchar as name_en,
    r.region_level::varchar as region_level,
    r.parent_region_code::varchar as parent_region_code,
    p.name_zh::varchar as parent_name_zh,
    p.name_en::varchar as parent_name_en,
    r.aliases::varchar[] as aliases,
    r.source_file::varchar as source_file,
    r.source_line::integer as source_line
from {{ ref('stg_regions') }} as r
left join {{ ref('stg_regions') }} as p on p.region_code = r.parent_region_code
