-- Evidence for rules of kind value_in_range: every level observation of the rule's statistic
-- types and units (shares, coverage rates in percent) against the rule's bounds.
with rules as (
    select * from {{ source('raw', 'consistency_rules') }} where kind = 'value_in_range'
)

select
    r.rule_id,
    'value_in_range' as kind,
    o.observation_id as observation_a,
    cast(null as varchar) as observation_b,
    r.severity,
    o.indicator_code,
    o.region_code,
    o.period_id,
    o.value_kind,
    o.value as observed_value,
    r.max_value as expected_value,
    o.tolerance,
    greatest(o.value - r.max_value, r.min_value - o.value, 0) as abs_diff,
    cast(null as float8) as gap,
    o.value between coalesce(r.min_value, -1e300) and coalesce(r.max_value, 1e300) as passed,
    o.doc_id as doc_a,
    o.quote as quote_a,
    o.sentence as sentence_a,
    cast(null as varchar) as doc_b,
    cast(null as varchar) as quote_b,
    cast(null as varchar) as sentence_b,
    o.quote || ' must lie in [' || coalesce({{ double_text('r.min_value') }}, '-∞') || ', ' || coalesce({{ double_text('r.max_value') }}, '∞') || ']' as detail
from rules as r
join {{ ref('int_observation_bounds') }} as o
    on o.change_kind = 'level'
    and not o.is_unlinked
    and ({{ list_is_empty('r.units') }} or {{ list_has('r.units', 'o.unit_code') }})
join {{ ref('dim_indicator') }} as i
    on i.indicator_code = o.indicator_code
    and ({{ list_is_empty('r.stat_types') }} or {{ list_has('r.stat_types', 'i.stat_type') }})
