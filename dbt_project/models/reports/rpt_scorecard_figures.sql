-- Sections 二、能源转型, 三、重点项目 and 四、民生: every stated figure (derived ones and unlinked ones
-- left out) of the scorecard's regions whose indicator the curated scorecard_indicators.csv puts in
-- a section, with its quote, sentence, document and period, and the energy chart that draws it.
select
    s.section,
    o.observation_id,
    o.indicator_code,
    i.indicator_name_zh,
    i.indicator_name_en,
    i.theme,
    o.value,
    o.unit_code,
    o.qualifier,
    o.change_kind,
    o.value_kind,
    o.quote,
    o.sentence,
    o.doc_id,
    d.title,
    p.label as period,
    o.char_start,
    s.chart,
    case when s.chart = 'capacity'
        then coalesce(s.chart_label, i.indicator_name_zh || ' ' || i.indicator_name_en) end as chart_label,
    s.chart_role,
    s.chart_order
from {{ ref('fct_indicator_observation') }} as o
join {{ ref('stg_scorecard_indicators') }} as s using (indicator_code)
join {{ ref('dim_indicator') }} as i using (indicator_code)
left join {{ ref('dim_period') }} as p using (period_id)
left join {{ ref('dim_document') }} as d using (doc_id)
where o.value_kind <> 'derived'
  and not o.is_unlinked
  and o.region_code in (select region_code from {{ ref('rpt_scorecard_regions') }})
