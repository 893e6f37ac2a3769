-- 7. Targets against actuals for one region: each target, the actual it is judged by (or the latest one while it is open), the status and the pace still needed, with both quotes.
--    The documents, values and the rule behind each status: marts.fct_target_attainment.
--    plan-warehouse ask Q8 --var region=620000 picks another region (its code, or its Chinese or
--    English name: 甘肃省, Gansu); the statuses are explained in the README (Plan delivery).
--    Portable SQL (it runs on DuckDB and on the team profile's PostgreSQL): round(x * 100) / 100, as
--    PostgreSQL has no round(double precision, digits).
select
    a.indicator_name_zh as indicator,
    p.label as target_period,
    a.target_quote,
    a.status,
    a.actual_quote,
    a.actual_as_of,
    round(a.required_pace_pct * 100) / 100 as required_pace_pct
from {{ ref('fct_target_attainment') }} as a
join {{ ref('dim_region') }} as r using (region_code)
join {{ ref('dim_period') }} as p on p.period_id = a.target_period_id
where '{{ var("region") }}' in (r.region_code, r.name_zh, r.name_en)
order by
    a.target_year,
    case a.status
        when 'not met' then 1 when 'lagging' then 2 when 'pace unknown' then 3 when 'no actual yet' then 4
        when 'on track' then 5 when 'ahead' then 6 else 7
    end,
    a.indicator_code,
    a.target_id
