-- Section 五、一致性核查发现, the chart: both sides of every open finding about the scorecard's
-- regions that compares documents' figures, each side with the value its document gives.
with sides as (
    select f.finding_id, f.indicator_code, f.indicator_name_zh, f.indicator_name_en, f.period_id,
           f.doc_a as doc_id, f.quote_a as quote, f.sentence_a as sentence
    from {{ ref('fct_open_findings') }} as f
    where f.region_code in (select region_code from {{ ref('rpt_scorecard_regions') }})
    union all
    select f.finding_id, f.indicator_code, f.indicator_name_zh, f.indicator_name_en, f.period_id,
           f.doc_b, f.quote_b, f.sentence_b
    from {{ ref('fct_open_findings') }} as f
    where f.region_code in (select region_code from {{ ref('rpt_scorecard_regions') }})
)

select
    s.finding_id,
    s.indicator_name_zh,
    s.indicator_name_en,
    s.doc_id,
    d.title,
    s.quote,
    s.sentence,
    o.value,
    o.unit_code
from sides as s
join {{ ref('fct_indicator_observation') }} as o
    on o.doc_id = s.doc_id
    and o.quote = s.quote
    and o.indicator_code = s.indicator_code
    and o.period_id is not distinct from s.period_id
    and o.value_kind <> 'derived'
left join {{ ref('dim_document') }} as d on d.doc_id = s.doc_id
where s.doc_id is not null
