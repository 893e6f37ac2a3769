-- 3. The 2025 key-project completion rate: projects in production over projects planned to
--    complete and start production this year, as one report states both (models/reports/rpt_project_completion).
select
    doc_id,
    period,
    planned,
    in_production,
    completion_rate_pct,
    planned_quote,
    in_production_quote
from {{ ref('rpt_project_completion') }}
