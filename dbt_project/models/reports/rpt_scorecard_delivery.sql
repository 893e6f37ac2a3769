-- Section 六、规划实施 (plan delivery): one row per indicator and measure of the scorecard's regions,
-- the target due latest (then the latest actual) of fct_target_attainment, with its status, the
-- latest actual, the pace still needed and both quotes.
with ranked as (
    select
        a.target_id,
        a.indicator_code,
        a.indicator_name_zh,
        a.indicator_name_en,
        a.region_code,
        r.name_zh as region_name_zh,
        p.label as target_period,
        a.target_year,
        a.target_value,
        a.target_qualifier,
        a.unit_code,
        a.change_kind,
        a.change_unit,
        case when a.change_kind = 'level' then 'level' else 'change' end as measure_kind,
        a.accumulation,
        a.target_doc_id,
        a.target_quote,
        a.target_sentence,
        a.comparison,
        a.actual_doc_id,
        a.actual_as_of,
        a.actual_value,
        a.actual_quote,
        a.actual_sentence,
        a.required_pace_pct,
        a.status,
        a.status_rule,
        row_number() over (
            partition by a.indicator_code, a.region_code, a.unit_code, a.change_kind = 'level', a.change_unit
            order by a.target_year desc nulls last, a.actual_as_of desc nulls last, a.target_id asc, a.actual_observation_id asc
        ) as delivery_rank
    from {{ ref('fct_target_attainment') }} as a
    join {{ ref('rpt_scorecard_regions') }} as r using (region_code)
    join {{ ref('dim_period') }} as p on p.period_id = a.target_period_id
)

select
    target_id,
    indicator_code,
    indicator_name_zh,
    indicator_name_en,
    region_code,
    region_name_zh,
    target_period,
    target_year,
    target_value,
    target_qualifier,
    unit_code,
    change_kind,
    change_unit,
    measure_kind,
    accumulation,
    target_doc_id,
    target_quote,
    target_sentence,
    comparison,
    actual_doc_id,
    actual_as_of,
    actual_value,
    actual_quote,
    actual_sentence,
    required_pace_pct,
    status,
    status_rule
from ranked
where delivery_rank = 1
