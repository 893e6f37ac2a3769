-- 3. The 2025 key-project completion rate: projects in production over projects planned to
--    complete and start production this year, as one report states both.
with planned as (
    select doc_id, period_id, value, quote from {{ ref('fct_project_portfolio') }}
    where indicator_code = 'ind_projects_planned_completion'
),
commissioned as (
    select doc_id, period_id, value, quote from {{ ref('fct_project_portfolio') }}
    where indicator_code = 'ind_projects_commissioned'
)
select
    p.doc_id,
    d.label as period,
    p.value::integer as planned,
    c.value::integer as in_production,
    round(100.0 * c.value / p.value, 1) as completion_rate_pct,
    p.quote as planned_quote,
    c.quote as in_production_quote
from planned as p
join commissioned as c using (doc_id, period_id)
join {{ ref('dim_period') }} as d using (period_id)
