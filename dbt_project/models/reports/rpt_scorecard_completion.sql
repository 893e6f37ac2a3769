-- Section 三、重点项目: the year's completion rate (rpt_project_completion) as the scorecard's
-- documents state it, with the document's title.
select
    c.doc_id,
    d.title,
    c.period_id,
    c.period,
    c.planned,
    c.in_production,
    c.completion_rate_pct,
    c.planned_quote,
    c.in_production_quote,
    c.planned_sentence,
    c.in_production_sentence
from {{ ref('rpt_project_completion') }} as c
join {{ ref('rpt_scorecard_documents') }} as d using (doc_id)
