{{ config(contract={'enforced': true}) }}
-- The reports' aggregate statements about the project portfolio: counts, capacities and rates
-- (>3900 key projects, 236 planned for 2025 with 176 in production, 35 PV projects with
-- 1.53 GW …), one row per reported figure, from the indicator observations.
select
    o.observation_id::varchar as observation_id,
    p.portfolio_group::varchar as portfolio_group,
    p.measure::varchar as measure,
    o.indicator_code::varchar as indicator_code,
    i.indicator_name_zh::varchar as indicator_name_zh,
    i.indicator_name_en::varchar as indicator_name_en,
    o.region_code::varchar as region_code,
    o.period_id::varchar as period_id,
    o.doc_id::varchar as doc_id,
    o.value::float8 as value,
    o.unit_code::varchar as unit_code,
    o.qualifier::varchar as qualifier,
    o.change_kind::varchar as change_kind,
    o.count_multiplier::integer as count_multiplier,
    o.value_kind::varchar as value_kind,
    o.quote::varchar as quote,
    o.sentence::varchar as sentence
from {{ ref('fct_indicator_observation') }} as o
join {{ ref('stg_portfolio_indicators') }} as p using (indicator_code)
join {{ ref('dim_indicator') }} as i using (indicator_code)
