-- Each linked target with every actual that may be compared with it: the same indicator, region and
-- measure (unit; a level or a change and its unit), as of no later than the target period's end,
-- and of the target's own period, or a single year of an annual target, or from the start of a
-- cumulative one. closes_target: the actual is of the target's own period and final.
-- Its own model (a table on PostgreSQL, analyzed): the planner then knows how many candidates there
-- are; as a CTE it guessed one row and joined them with nested loops (hours at 1,000 texts).
select
    t.target_id,
    a.*,
    a.period_id = t.period_id and a.is_final as closes_target
from {{ ref('int_target_figures') }} as t
inner join {{ ref('int_actual_figures') }} as a
    on
        a.indicator_code = t.indicator_code
        and a.region_code is not distinct from t.region_code
        and a.unit_code = t.unit_code
        and a.measure_kind = t.measure_kind
        and coalesce(a.change_unit, '') = coalesce(t.change_unit, '')
        and a.as_of <= t.period_end
        and (
            a.period_id = t.period_id
            or (t.accumulation = 'annual' and a.start_year = a.end_year)
            or (t.accumulation = 'cumulative' and a.period_start = t.period_start)
        )
where not t.is_unlinked
