-- Evidence for rules of kind rate_equals_ratio: a stated rate against numerator/denominator
-- stated in the same document and period, or against a fixed expected value (百分之百 = 100).
-- A quote stating several rates at once (三个百分之百) yields one row per rate.
with rules as (
    select * from {{ source('raw', 'consistency_rules') }} where kind = 'rate_equals_ratio'
),

obs as (
    select * from {{ ref('int_observation_bounds') }} where value_kind = 'actual'
),

fixed as (
    select r.rule_id, r.severity, rate.*, r.expected_value as expected, i.rate_index,
        cast(null as varchar) as num_quote, cast(null as varchar) as den_quote
    from rules as r
    join obs as rate on rate.indicator_code = r.rate
    cross join lateral {{ one_to('rate.count_multiplier', 'i', 'rate_index') }}
    where r.expected_value is not null
),

ratio as (
    select r.rule_id, r.severity, rate.*, 100.0 * num.value / nullif(den.value, 0) as expected, 1 as rate_index,
        num.quote as num_quote, den.quote as den_quote
    from rules as r
    join obs as rate on rate.indicator_code = r.rate
    join obs as num on num.indicator_code = r.numerator and num.doc_id = rate.doc_id and num.period_id = rate.period_id
    join obs as den on den.indicator_code = r.denominator and den.doc_id = rate.doc_id and den.period_id = rate.period_id
    where r.expected_value is null
),

evidence as (
    select * from fixed
    {{ union_all_by_name() }}
    select * from ratio
)

select
    rule_id,
    'rate_equals_ratio' as kind,
    observation_id || '#' || rate_index as observation_a,
    cast(null as varchar) as observation_b,
    severity,
    indicator_code,
    region_code,
    period_id,
    value_kind,
    value as observed_value,
    expected as expected_value,
    tolerance,
    abs(value - expected) as abs_diff,
    cast(null as float8) as gap,
    abs(value - expected) <= tolerance as passed,
    doc_id as doc_a,
    quote as quote_a,
    sentence as sentence_a,
    doc_id as doc_b,
    coalesce(num_quote || ' / ' || den_quote, quote) as quote_b,
    sentence as sentence_b,
    'rate ' || rate_index || ' of ' || count_multiplier || ': stated ' || {{ double_text('value') }} || ', expected ' || {{ double_text(round_double('expected', 2)) }}
        || coalesce(' (' || num_quote || ' / ' || den_quote || ')', '') as detail
from evidence
