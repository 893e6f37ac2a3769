-- The year's key-project completion rate: projects in production over projects planned to
-- complete and start production in the year, as one report states both (one row per document
-- and period). Read by analyses/q3_key_project_completion_2025 and the scorecard.
with planned as (
    select doc_id, period_id, value, quote, sentence from {{ ref('fct_project_portfolio') }}
    where indicator_code = 'ind_projects_planned_completion'
),

commissioned as (
    select doc_id, period_id, value, quote, sentence from {{ ref('fct_project_portfolio') }}
    where indicator_code = 'ind_projects_commissioned'
)

select
    p.doc_id,
    p.period_id,
    d.label as period,
    p.value::integer as planned,
    c.value::integer as in_production,
    {{ round_double('100.0 * c.value / p.value', 1) }} as completion_rate_pct,
    p.quote as planned_quote,
    c.quote as in_production_quote,
    p.sentence as planned_sentence,
    c.sentence as in_production_sentence
from planned as p
join commissioned as c using (doc_id, period_id)
left join {{ ref('dim_period') }} as d using (period_id)
