-- Section 一、规划主要指标评估: the reports' assessment of the plan's main indicators (how many are
-- ahead of or in line with expectations, and the ones they name), for the scorecard's documents.
select
    a.assessment,
    a.indicator_count,
    array_to_string(a.named_indicators_zh, '、') as named_zh,
    array_to_string(a.named_indicators_en, '; ') as named_en,
    a.quote,
    a.sentence,
    a.doc_id,
    d.title,
    case a.assessment when 'exceeded' then 1 when 'on_track' then 2 else 3 end as assessment_order
from {{ ref('fct_plan_assessment') }} as a
join {{ ref('rpt_scorecard_documents') }} as d using (doc_id)
