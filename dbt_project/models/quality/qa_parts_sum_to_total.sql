-- Evidence for rules of kind parts_sum_to_total: where a document gives the total, its parts
-- stated in the same document and period add up to it.
with rules as (
    select * from {{ source('raw', 'consistency_rules') }} where kind = 'parts_sum_to_total'
),

obs as (
    select * from {{ ref('int_observation_bounds') }} where value_kind = 'actual'
),

totals as (
    select r.rule_id, r.severity, r.parts, t.*
    from rules as r
    join obs as t on t.indicator_code = r.total
),

sums as (
    select
        t.observation_id,
        sum(p.value) as parts_value,
        sum(p.tolerance) as parts_tolerance,
        string_agg(p.quote, ' + ' order by p.char_start) as parts_quotes
    from totals as t
    join obs as p
        on {{ list_has('t.parts', 'p.indicator_code') }}
        and p.doc_id = t.doc_id
        and p.period_id = t.period_id
        and p.region_code = t.region_code
    group by t.observation_id
)

select
    t.rule_id,
    'parts_sum_to_total' as kind,
    t.observation_id as observation_a,
    cast(null as varchar) as observation_b,
    t.severity,
    t.indicator_code,
    t.region_code,
    t.period_id,
    t.value_kind,
    s.parts_value as observed_value,
    t.value as expected_value,
    t.tolerance + s.parts_tolerance as tolerance,
    abs(s.parts_value - t.value) as abs_diff,
    cast(null as float8) as gap,
    abs(s.parts_value - t.value) <= t.tolerance + s.parts_tolerance as passed,
    t.doc_id as doc_a,
    t.quote as quote_a,
    t.sentence as sentence_a,
    t.doc_id as doc_b,
    s.parts_quotes as quote_b,
    t.sentence as sentence_b,
    s.parts_quotes || ' = ' || {{ double_text('s.parts_value') }} || ' vs total ' || t.quote as detail
from totals as t
join sums as s using (observation_id)
