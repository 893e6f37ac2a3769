-- Every linked actual with the interval the precision it was written at allows (a_lo, a_hi,
-- signed for a change: a decrease is negative), as the same_figure_agrees rules read it: exact →
-- ± half its last written digit (an exact count: none); approximately → ± var target_approx_pct
-- percent; over → a floor; under → a ceiling. as_of: the day the figure runs to — its period's end,
-- or the report's date when the report came out before the period ended (a figure to date).
with actuals as (
    select
        o.*,
        p.period_start,
        p.period_end,
        p.start_year,
        p.end_year,
        d.published_date,
        case o.qualifier
            when 'under' then -1e300
            when 'approximately' then coalesce(o.value_low, o.value) * (1 - {{ var('target_approx_pct') }} / 100.0)
            else coalesce(o.value_low, o.value) - o.tolerance
        end as lo,
        case o.qualifier
            when 'over' then 1e300
            when 'approximately' then coalesce(o.value_high, o.value) * (1 + {{ var('target_approx_pct') }} / 100.0)
            else coalesce(o.value_high, o.value) + o.tolerance
        end as hi
    from {{ ref('int_observation_bounds') }} as o
    join {{ ref('dim_period') }} as p using (period_id)
    left join {{ ref('dim_document') }} as d using (doc_id)
    where o.value_kind = 'actual' and not o.is_unlinked
)

select
    observation_id,
    indicator_code,
    region_code,
    period_id,
    period_start,
    period_end,
    start_year,
    end_year,
    doc_id,
    published_date,
    least(period_end, coalesce(published_date, period_end)) as as_of,
    coalesce(published_date > period_end, true) as is_final,
    value,
    unit_code,
    qualifier,
    change_kind,
    change_unit,
    case when change_kind = 'level' then 'level' else 'change' end as measure_kind,
    {{ signed_low('change_kind', 'value', 'value') }} as signed_value,
    {{ signed_low('change_kind', 'lo', 'hi') }} as a_lo,
    {{ signed_high('change_kind', 'lo', 'hi') }} as a_hi,
    -- what the figure shows was reached, for setting it against a target: an "over" figure (突破1300万)
    -- shows its value, not more, and an "under" one no less (as exact, at its precision)
    {{ signed_low('change_kind', "case when qualifier = 'under' then coalesce(value_low, value) - tolerance else lo end",
                  "case when qualifier = 'over' then coalesce(value_high, value) + tolerance else hi end") }} as reached_lo,
    {{ signed_high('change_kind', "case when qualifier = 'under' then coalesce(value_low, value) - tolerance else lo end",
                   "case when qualifier = 'over' then coalesce(value_high, value) + tolerance else hi end") }} as reached_hi,
    tolerance,
    quote,
    sentence,
    paragraph_ordinal,
    sentence_ordinal,
    char_start
from actuals
