-- Evidence for rules of kind derived_consistent: every derived observation recomputed from the
-- facts it names (level ∓ change), which must agree and must not be negative.
with rules as (
    select * from {{ source('raw', 'consistency_rules') }} where kind = 'derived_consistent'
),

derived as (
    select * from {{ ref('fct_indicator_observation') }} where value_kind = 'derived'
),

inputs as (
    select
        d.observation_id,
        max(case when f.change_kind = 'level' then f.value end) as level_value,
        max(case when f.change_kind = 'increase' then f.value when f.change_kind = 'decrease' then -f.value end) as change_value,
        string_agg(f.quote, ' / ' order by f.char_start) as input_quotes
    from derived as d
    join {{ ref('stg_facts') }} as f on {{ list_has('d.derived_from', 'f.fact_id') }}
    group by d.observation_id
)

select
    r.rule_id,
    'derived_consistent' as kind,
    d.observation_id as observation_a,
    cast(null as varchar) as observation_b,
    r.severity,
    d.indicator_code,
    d.region_code,
    d.period_id,
    d.value_kind,
    d.value as observed_value,
    i.level_value - i.change_value as expected_value,
    1e-9 as tolerance,
    abs(d.value - (i.level_value - i.change_value)) as abs_diff,
    cast(null as float8) as gap,
    d.value >= 0 and abs(d.value - (i.level_value - i.change_value)) <= 1e-9 as passed,
    d.doc_id as doc_a,
    d.derivation as quote_a,
    d.sentence as sentence_a,
    d.doc_id as doc_b,
    i.input_quotes as quote_b,
    d.sentence as sentence_b,
    d.derivation || ' = ' || {{ double_text('d.value') }} as detail
from rules as r
cross join derived as d
join inputs as i using (observation_id)
