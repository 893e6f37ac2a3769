{{ config(contract={'enforced': true}) }}
-- Each target against the actual(s) of the same indicator, region and measure (unit; a level or a
-- change and its unit). Grain: one row per target and compared actual.
--   closed target: an actual of the target's own period from a report dated after the period
--   ended (or undated) → one row per such actual, status met / not met (the actual's interval, at
--   the precision it was written at, reaches the target's interval on its better side);
--   open target: the latest actual that runs to no later than the target period's end (a figure
--   to date of the target period itself counts) → one row, status ahead / on track / lagging /
--   pace unknown, with the pace still needed; no such actual → one row, status no actual yet.
-- The status rules are written out in the README (Plan delivery).
with targets as (
    select * from {{ ref('int_target_figures') }} where not is_unlinked
),

candidates as (
    select * from {{ ref('int_target_candidates') }}
),

closed as (
    select target_id, observation_id, 'same_period' as comparison
    from candidates
    where closes_target
),

latest_ranked as (
    select
        target_id,
        observation_id,
        'latest' as comparison,
        row_number() over (
            partition by target_id
            order by as_of desc nulls last, published_date desc nulls last, doc_id desc nulls last, paragraph_ordinal asc, sentence_ordinal asc, char_start asc
        ) as latest_rank
    from candidates as c
    -- not exists (an anti-join), not "not in": PostgreSQL scans a not-in list too big to hash once per row
    where not exists (select 1 from closed as x where x.target_id = c.target_id)
),

latest as (
    select target_id, observation_id, comparison from latest_ranked where latest_rank = 1
),

compared as (
    select * from closed
    union all
    select * from latest
    union all
    select target_id, null::varchar, 'none'
    from targets as t
    where not exists (select 1 from candidates as x where x.target_id = t.target_id)
),

-- for an open level target: where the actual stood earlier (the plan's base, else the earliest
-- actual at least 300 days before the latest), to tell the pace achieved so far
earlier_ranked as (
    select
        c.target_id,
        e.signed_value as reference_value,
        e.as_of as reference_as_of,
        e.quote as reference_quote,
        row_number() over (partition by c.target_id order by e.as_of, e.doc_id, e.char_start) as earlier_rank
    from latest as c
    join candidates as l on l.target_id = c.target_id and l.observation_id = c.observation_id
    join candidates as e on e.target_id = c.target_id and e.as_of <= l.as_of - interval '300 days'
),

earlier as (
    select target_id, reference_value, reference_as_of, reference_quote from earlier_ranked where earlier_rank = 1
),

joined as (
    select
        t.*,
        c.comparison,
        a.observation_id as actual_observation_id,
        a.doc_id as actual_doc_id,
        a.period_id as actual_period_id,
        a.as_of as actual_as_of,
        a.published_date as actual_published_date,
        a.value as actual_value,
        a.signed_value as actual_signed_value,
        a.qualifier as actual_qualifier,
        a.reached_lo as a_lo,
        a.reached_hi as a_hi,
        a.quote as actual_quote,
        a.sentence as actual_sentence,
        coalesce(
            case when t.base_year is not null then t.base_value end,
            e.reference_value
        ) as reference_value,
        coalesce(
            case when t.base_year is not null then make_date(t.base_year::integer, 12, 31) end,
            e.reference_as_of
        ) as reference_as_of,
        case when t.base_year is not null then t.quote else e.reference_quote end as reference_quote,
        greatest({{ days_between('a.as_of', 't.period_end') }}, 0) / 365.25 as years_left,
        ({{ days_between('t.period_start', 'a.as_of') }} + 1.0) / ({{ days_between('t.period_start', 't.period_end') }} + 1.0) as elapsed_share
    from targets as t
    join compared as c using (target_id)
    left join {{ ref('int_actual_figures') }} as a on a.observation_id = c.observation_id
    left join earlier as e on e.target_id = t.target_id and c.comparison = 'latest'
),

paced as (
    select
        *,
        {{ reaches('better_side', 'a_lo', 'a_hi', 't_lo', 't_hi') }} as reaches_target,
        {{ exceeds('better_side', 'a_lo', 'a_hi', 't_lo', 't_hi') }} as exceeds_target,
        case
            when measure_kind = 'level' and years_left > 0 and actual_signed_value > 0 and threshold > 0
                then 100 * (pow(threshold / actual_signed_value, 1 / years_left) - 1)
        end as required_pace_pct,
        case when measure_kind = 'level' and years_left > 0 then (threshold - actual_signed_value) / years_left end
            as required_per_year,
        case
            when accumulation = 'annual' and measure_kind = 'level' and reference_value > 0 and actual_signed_value > 0
                and actual_as_of > reference_as_of
                then 100 * (pow(actual_signed_value / reference_value, 365.25 / {{ days_between('reference_as_of', 'actual_as_of') }}) - 1)
        end as achieved_pace_pct,
        case when accumulation = 'cumulative' then coalesce(base_value, 0) + (threshold - coalesce(base_value, 0)) * elapsed_share end
            as expected_to_date,
        -- the side a level still has to move to: the indicator's, or for a neutral one towards the target
        case
            when better_side <> 'neutral' then better_side
            when threshold >= actual_signed_value then 'higher_is_better'
            else 'lower_is_better'
        end as pace_side
    from joined
),

judged as (
    select
        *,
        case
            when comparison = 'none' then 'no actual yet'
            when comparison = 'same_period' and reaches_target then 'met'
            when comparison = 'same_period' then 'not met'
            when reaches_target then 'ahead'
            when measure_kind = 'change' then 'lagging'
            when years_left <= 0 then 'lagging'
            when accumulation = 'cumulative' then
                case when {{ reaches('pace_side', 'a_lo', 'a_hi', 'expected_to_date', 'expected_to_date') }} then 'on track' else 'lagging' end
            when achieved_pace_pct is null or required_pace_pct is null then 'pace unknown'
            when pace_side = 'higher_is_better' and achieved_pace_pct >= required_pace_pct then 'on track'
            when pace_side = 'lower_is_better' and achieved_pace_pct <= required_pace_pct then 'on track'
            else 'lagging'
        end as status,
        case
            when comparison = 'none' then 'no actual of this indicator, region and measure up to the target period''s end'
            when comparison = 'same_period' then 'the actual of the target period, reported after it ended, against the target'
            when reaches_target then 'the latest actual already reaches the target'
            when measure_kind = 'change' then 'a rate target: the latest rate falls short of it'
            when years_left <= 0 then 'no time left before the target period ends'
            when accumulation = 'cumulative' then 'a cumulative target: the latest total against the target''s share of the elapsed period'
            when achieved_pace_pct is null or required_pace_pct is null then 'a level target with no earlier actual or base: the pace achieved is unknown'
            else 'a level target: the annual growth achieved so far against the annual growth still required'
        end as status_rule
    from paced
)

select
    md5(target_id || '|' || coalesce(actual_observation_id, ''))::varchar as attainment_id,
    j.target_id::varchar as target_id,
    j.target_source::varchar as target_source,
    j.indicator_code::varchar as indicator_code,
    i.indicator_name_zh::varchar as indicator_name_zh,
    i.indicator_name_en::varchar as indicator_name_en,
    j.region_code::varchar as region_code,
    j.period_id::varchar as target_period_id,
    j.target_year::integer as target_year,
    j.is_multi_year::boolean as is_multi_year,
    j.accumulation::varchar as accumulation,
    j.binding::varchar as binding,
    j.value::float8 as target_value,
    j.value_low::float8 as target_value_low,
    j.value_high::float8 as target_value_high,
    j.qualifier::varchar as target_qualifier,
    j.unit_code::varchar as unit_code,
    j.change_kind::varchar as change_kind,
    j.change_unit::varchar as change_unit,
    j.better_side::varchar as better_side,
    j.doc_id::varchar as target_doc_id,
    j.quote::varchar as target_quote,
    j.sentence::varchar as target_sentence,
    j.source_line::integer as target_source_line,
    j.comparison::varchar as comparison,
    j.actual_observation_id::varchar as actual_observation_id,
    j.actual_doc_id::varchar as actual_doc_id,
    j.actual_period_id::varchar as actual_period_id,
    j.actual_as_of::date as actual_as_of,
    j.actual_value::float8 as actual_value,
    j.actual_qualifier::varchar as actual_qualifier,
    j.actual_quote::varchar as actual_quote,
    j.actual_sentence::varchar as actual_sentence,
    (case when j.comparison = 'same_period' then j.reaches_target end)::boolean as met,
    (case when j.comparison <> 'none' then j.exceeds_target end)::boolean as exceeded,
    {{ round_double('j.years_left', 3) }}::float8 as years_left,
    j.required_pace_pct::float8 as required_pace_pct,
    j.required_per_year::float8 as required_per_year,
    j.achieved_pace_pct::float8 as achieved_pace_pct,
    j.expected_to_date::float8 as expected_to_date,
    j.reference_value::float8 as reference_value,
    j.reference_as_of::date as reference_as_of,
    j.reference_quote::varchar as reference_quote,
    j.status::varchar as status,
    j.status_rule::varchar as status_rule
from judged as j
left join {{ ref('dim_indicator') }} as i using (indicator_code)
