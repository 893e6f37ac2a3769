{% set eps = '1e-9 * greatest(abs(a.value), abs(b.value), 1)' %}
-- Evidence for rules of kind same_figure_agrees: observations of the same indicator, region,
-- period, value kind and unit in two or more documents, compared by their value intervals (exact ±
-- precision; "over" a lower bound; "under" an upper bound; "approximately" ± approx_pct).
--
-- Linear, not every pair: each observation is compared with its furthest partner in another
-- document — the one whose upper bound is lowest, or whose lower bound is highest. It disagrees
-- with some other report exactly when it disagrees with that partner, so a figure's reports all
-- agree exactly when every row passes, while a figure given by n reports costs n rows, not n².
-- Two observations that are each other's furthest partner make one row (doc_a < doc_b).
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
        and ({{ list_is_empty('r.indicators') }} or {{ list_has('r.indicators', 'o.indicator_code') }})
        and (
            {{ list_is_empty('r.portfolio_groups') }}
            or exists (
                select 1 from portfolio as p
                where p.indicator_code = o.indicator_code and {{ list_has('r.portfolio_groups', 'p.portfolio_group') }}
            )
        )
),

intervals as (
    select
        *,
        case qualifier
            when 'under' then -1e300
            when 'approximately' then value * (1 - approx_pct / 100.0)
            else value - tolerance
        end as lo,
        case qualifier
            when 'over' then 1e300
            when 'approximately' then value * (1 + approx_pct / 100.0)
            else value + tolerance
        end as hi
    from scoped
),

grouped as (
    select
        *,
        {{ row_key(['rule_id', 'indicator_code', 'region_code', 'period_id', 'value_kind', 'unit_code', 'change_kind',
                    "coalesce(change_unit, '')"]) }} as figure_key
    from intervals
),

-- per document: its lowest upper bound and its highest lower bound for the figure
per_doc as (
    select
        figure_key,
        doc_id,
        min(hi) as min_hi,
        (array_agg(observation_id order by hi asc nulls last, observation_id asc))[1] as min_hi_observation,
        max(lo) as max_lo,
        (array_agg(observation_id order by lo desc nulls last, observation_id desc nulls last))[1] as max_lo_observation
    from grouped
    group by figure_key, doc_id
),

-- the two most extreme documents each way: one of them is never the observation's own
ranked as (
    select
        *,
        row_number() over (partition by figure_key order by min_hi, doc_id) as rank_hi,
        row_number() over (partition by figure_key order by max_lo desc nulls last, doc_id asc) as rank_lo
    from per_doc
),

-- one row per figure: its first and second document each way
extremes as (
    select
        figure_key,
        max(case when rank_hi = 1 then doc_id end) as hi1_doc,
        max(case when rank_hi = 1 then min_hi_observation end) as hi1_observation,
        max(case when rank_hi = 1 then min_hi end) as hi1,
        max(case when rank_hi = 2 then doc_id end) as hi2_doc,
        max(case when rank_hi = 2 then min_hi_observation end) as hi2_observation,
        max(case when rank_hi = 2 then min_hi end) as hi2,
        max(case when rank_lo = 1 then doc_id end) as lo1_doc,
        max(case when rank_lo = 1 then max_lo_observation end) as lo1_observation,
        max(case when rank_lo = 1 then max_lo end) as lo1,
        max(case when rank_lo = 2 then doc_id end) as lo2_doc,
        max(case when rank_lo = 2 then max_lo_observation end) as lo2_observation,
        max(case when rank_lo = 2 then max_lo end) as lo2
    from ranked
    where rank_hi <= 2 or rank_lo <= 2
    group by figure_key
),

-- each observation's furthest partner each way: the first document unless it is the observation's
-- own, then the second (a figure given by one document has none)
partners as (
    select
        a.rule_id,
        a.observation_id,
        case when e.hi1_doc <> a.doc_id then e.hi1_observation else e.hi2_observation end as min_hi_observation,
        case when e.hi1_doc <> a.doc_id then e.hi1_doc else e.hi2_doc end as min_hi_doc,
        case when e.hi1_doc <> a.doc_id then e.hi1 else e.hi2 end as min_hi,
        case when e.lo1_doc <> a.doc_id then e.lo1_observation else e.lo2_observation end as max_lo_observation,
        case when e.lo1_doc <> a.doc_id then e.lo1_doc else e.lo2_doc end as max_lo_doc,
        case when e.lo1_doc <> a.doc_id then e.lo1 else e.lo2 end as max_lo
    from grouped as a
    join extremes as e on e.figure_key = a.figure_key and e.hi2_doc is not null
),

compared as (
    select
        a.*,
        case when a.lo - p.min_hi >= p.max_lo - a.hi then p.min_hi_observation else p.max_lo_observation end
            as partner_observation,
        case when a.lo - p.min_hi >= p.max_lo - a.hi then p.min_hi_doc else p.max_lo_doc end as partner_doc
    from grouped as a
    join partners as p using (rule_id, observation_id)
),

-- the partner's document comes with it (per_doc is per document): no join back on a computed
-- observation id, which PostgreSQL planned as a merge on rule_id alone, n² rows per rule at 1,000 texts
pairs as (
    select rule_id, observation_id as obs_a, partner_observation as obs_b, doc_id as doc_a, partner_doc as doc_b
    from compared
),

-- each comparison once: a pair named from both ends is kept from its lower document
kept as (
    select distinct
        case when p.doc_a < p.doc_b then p.obs_a else p.obs_b end as obs_a,
        case when p.doc_a < p.doc_b then p.obs_b else p.obs_a end as obs_b,
        p.rule_id
    from pairs as p
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
    -- Agree when the intervals overlap over a positive length; intervals that only touch (26.5 ± 0.05
    -- and 26.6 ± 0.05 meet at 26.55) do not. A point (an exact count) agrees with what holds it,
    -- edges included, so 26台 agrees with 26台 and with "约26台" but not with 27台. eps: float noise.
    case
        when greatest(a.lo, b.lo) - least(a.hi, b.hi) < -{{ eps }} then true
        when a.hi - a.lo <= {{ eps }} or b.hi - b.lo <= {{ eps }} then greatest(a.lo, b.lo) - least(a.hi, b.hi) <= {{ eps }}
        else false
    end as passed,
    a.doc_id as doc_a,
    a.quote as quote_a,
    a.sentence as sentence_a,
    b.doc_id as doc_b,
    b.quote as quote_b,
    b.sentence as sentence_b,
    a.quote || ' (' || a.qualifier || ') in ' || a.doc_id || ' vs ' || b.quote || ' (' || b.qualifier || ') in ' || b.doc_id as detail
from kept as k
join grouped as a on a.rule_id = k.rule_id and a.observation_id = k.obs_a
join grouped as b on b.rule_id = k.rule_id and b.observation_id = k.obs_b
