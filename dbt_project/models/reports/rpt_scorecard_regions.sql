-- The regions the scorecard charts: the city (var scorecard_region) and the divisions directly
-- under it. Other reports in the warehouse (other cities, provinces) stay queryable but are not charted.
select
    region_code,
    name_zh,
    name_en,
    region_code = '{{ var("scorecard_region") }}' as is_city
from {{ ref('dim_region') }}
where region_code = '{{ var("scorecard_region") }}' or parent_region_code = '{{ var("scorecard_region") }}'
