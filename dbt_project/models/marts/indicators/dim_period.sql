{{ config(contract={'enforced': true}) }}
-- Every period an observation refers to, plus the calendar years 2020–2026, the plan period
-- 2021–2025 and an `_unknown` member. Partial spans (2021–2024, 2021 to a report's date) are
-- periods of their own.
with spans as (
    select distinct period_start, period_end from {{ ref('int_fact_observations') }} where period_start is not null
    union
    select distinct period_start, period_end from {{ ref('int_derived_observations') }}
    union
    select make_date(y, 1, 1), make_date(y, 12, 31) from generate_series(2020, 2026) as t (y)
    union
    select date '2021-01-01', date '2025-12-31'
),

labelled as (
    select
        period_start,
        period_end,
        {{ year_of('period_start') }} as start_year,
        {{ year_of('period_end') }} as end_year,
        extract(month from period_start) = 1 and extract(day from period_start) = 1
        and extract(month from period_end) = 12 and extract(day from period_end) = 31 as is_whole_years
    from spans
)

select
    ({{ iso_date('period_start') }} || '/' || {{ iso_date('period_end') }})::varchar as period_id,
    period_start::date as period_start,
    period_end::date as period_end,
    start_year::integer as start_year,
    end_year::integer as end_year,
    (case
        when is_whole_years and start_year = end_year then 'year'
        when is_whole_years then 'years'
        else 'span'
    end)::varchar as period_type,
    (case
        when is_whole_years and start_year = end_year then start_year::varchar
        when is_whole_years then start_year || '–' || end_year
        else {{ iso_date('period_start') }} || ' – ' || {{ iso_date('period_end') }}
    end)::varchar as label,
    (period_start >= date '2021-01-01' and period_end <= date '2025-12-31')::boolean as within_14th_plan,
    (period_start = date '2021-01-01' and period_end = date '2025-12-31')::boolean as is_14th_plan
from labelled
union all
select '{{ var("unknown_period") }}', null, null, null, null, 'unknown', 'period not stated', false, false
