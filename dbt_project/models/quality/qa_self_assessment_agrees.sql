-- Evidence for rules of kind self_assessment_agrees: where a report counts its own indicators
-- (9项指标超出预期, 13项指标进展符合预期), the count against what the warehouse computes — the
-- indicators of the curated plan-outline targets (seeds/curated/plan_targets.csv rows with a base
-- year) of the report's region due no earlier than the report's period whose status (fct_target_attainment) is one of the
-- rule's statuses. Without any such plan target the warehouse cannot tell: the row says
-- "not computable" and has no observed value (the check passes it; the detail says why).
with rules as (
    select * from {{ source('raw', 'consistency_rules') }} where kind = 'self_assessment_agrees'
),

counts as (
    select r.rule_id, r.severity, r.statuses, o.*
    from rules as r
    join {{ ref('int_observation_bounds') }} as o on o.indicator_code = r.report_count and o.value_kind = 'actual'
),

-- the plan's main indicators: curated targets typed from a plan outline's table, which gives each a
-- base year and value (a year's own plan, such as the seed's 236 projects to commission, has none)
ranked_targets as (
    select
        a.*,
        -- the latest comparison of each target
        row_number() over (partition by a.target_id order by a.actual_as_of desc nulls last, a.actual_observation_id asc)
            as comparison_rank
    from {{ ref('fct_target_attainment') }} as a
    join {{ ref('fct_target') }} as t using (target_id)
    where a.target_source = 'plan_targets' and t.base_year is not null
),

plan_targets as (
    select * from ranked_targets where comparison_rank = 1
),

computed as (
    select
        c.rule_id,
        c.observation_id,
        count(distinct t.indicator_code) as known_indicators,
        count(distinct t.indicator_code) filter (where {{ list_has('c.statuses', 't.status') }}) as counted,
        string_agg(distinct t.indicator_name_zh, '、' order by t.indicator_name_zh)
            filter (where {{ list_has('c.statuses', 't.status') }}) as counted_names
    from counts as c
    left join {{ ref('dim_period') }} as p on p.period_id = c.period_id
    left join plan_targets as t
        on t.region_code is not distinct from c.region_code
        and t.target_year >= coalesce(p.end_year, t.target_year)
    group by c.rule_id, c.observation_id
)

select
    c.rule_id,
    'self_assessment_agrees' as kind,
    c.observation_id as observation_a,
    null::varchar as observation_b,
    c.severity,
    c.indicator_code,
    c.region_code,
    c.period_id,
    c.value_kind,
    case when k.known_indicators > 0 then k.counted::float8 end as observed_value,
    c.value as expected_value,
    c.tolerance,
    case when k.known_indicators > 0 then abs(k.counted - c.value) end as abs_diff,
    null::float8 as gap,
    k.known_indicators = 0 or abs(k.counted - c.value) <= c.tolerance as passed,
    c.doc_id as doc_a,
    c.quote as quote_a,
    c.sentence as sentence_a,
    null::varchar as doc_b,
    k.counted_names as quote_b,
    null::varchar as sentence_b,
    case
        when k.known_indicators = 0 then
            'not computable: the warehouse holds no plan-outline target (a seeds/curated/plan_targets.csv row with a base year) for this region and period; the report says '
            || c.quote
        else 'the report says ' || c.quote || '; the warehouse counts ' || k.counted || ' of ' || k.known_indicators
            || ' plan indicators (' || coalesce(k.counted_names, 'none') || ')'
    end as detail
from counts as c
join computed as k using (rule_id, observation_id)
