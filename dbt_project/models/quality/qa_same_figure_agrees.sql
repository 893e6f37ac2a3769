-- Evidence for rules of kind same_figure_agrees: every pair of observations of the same
-- indicator, region, period, value kind and unit in two documents, with their value intervals
-- (exact ± precision; "over" a lower bound; "under" an upper bound; "approximately" ± approx_pct).
with rules as (
    select * from {{ source('raw', 'consistency_rules') }} where kind = 'same_figure_agrees'
),

portfolio as (
    select indicator_code, portfolio_group from {{ ref('stg_portfolio_indicators') }}
),

scoped as (
    select r.rule_id, r.severity, coalesce(r.approx_pct, 10) as approx_pct, o.*
    from rules as r
    join {{ ref('int_observation_bounds') }} as o
        on not o.is_unlinked
        and o.value_kind <> 'derived'
        and (len(coalesce(r.indicators, [])) = 0 or list_contains(r.indicators, o.indicator_code))
        and (
            len(coalesce(r.portfolio_groups, [])) = 0
            or exists (
                select 1 from portfolio as p
                where p.indicator_code = o.indicator_code and list_contains(r.portfolio_groups, p.portfolio_group)
            )
        )
),

intervals as (
    select
        *,
        case qualifier
            when 'under' then -1e300
            when 'approximately' then value * (1 - approx_pct / 100)
            else value - tolerance
        end as lo,
        case qualifier
            when 'over' then 1e300
            when 'approximately' then value * (1 + approx_pct / 100)
            else value + tolerance
        end as hi
    from scoped
)

select
    a.rule_id,
    'same_figure_agrees' as kind,
    a.observation_id as observation_a,
    b.observation_id as observation_b,
    a.severity,
    a.indicator_code,
    a.region_code,
    a.period_id,
    a.value_kind,
    b.value as observed_value,
    a.value as expected_value,
    greatest(a.tolerance, b.tolerance) as tolerance,
    abs(a.value - b.value) as abs_diff,
    greatest(a.lo, b.lo) - least(a.hi, b.hi) as gap,
    greatest(a.lo, b.lo) - least(a.hi, b.hi) <= 0 as passed,
    a.doc_id as doc_a,
    a.quote as quote_a,
    a.sentence as sentence_a,
    b.doc_id as doc_b,
    b.quote as quote_b,
    b.sentence as sentence_b,
    a.quote || ' (' || a.qualifier || ') in ' || a.doc_id || ' vs ' || b.quote || ' (' || b.qualifier || ') in ' || b.doc_id as detail
from intervals as a
join intervals as b
    on b.rule_id = a.rule_id
    and b.indicator_code = a.indicator_code
    and b.region_code = a.region_code
    and b.period_id = a.period_id
    and b.value_kind = a.value_kind
    and b.unit_code = a.unit_code
    and b.change_kind = a.change_kind
    and coalesce(b.change_unit, '') = coalesce(a.change_unit, '')
    and b.doc_id > a.doc_id
