-- Curated plan targets (seeds/curated/plan_targets.csv), one row per target, typed; the target
-- period is the target year, or for a cumulative target the years after the base year up to it.
select
    target_code,
    indicator_code,
    region_code,
    plan_name,
    base_year,
    base_value::float8 as base_value,
    target_year,
    target_value::float8 as target_value,
    target_value_high::float8 as target_value_high,
    unit_code,
    change_kind,
    change_unit,
    qualifier,
    binding,
    accumulation,
    make_date(
        (case when accumulation = 'cumulative' and base_year is not null then base_year + 1 else target_year end)::integer, 1, 1
    ) as period_start,
    make_date(target_year::integer, 12, 31) as period_end,
    source_document,
    doc_id,
    page,
    quote,
    note,
    source_file,
    source_line
from {{ source('raw', 'plan_targets') }}
