-- 5. Every figure of one document, in reading order, with its indicator and quote.
--    dbt compile --vars '{doc_id: 000_7aa3fd634077bd17-2}' picks another document.
select
    o.paragraph_ordinal as paragraph,
    o.sentence_ordinal as sentence_no,
    o.quote,
    o.value,
    o.unit_code as unit,
    o.qualifier,
    o.change_kind,
    i.indicator_name_zh as indicator_zh,
    i.indicator_name_en as indicator_en,
    p.label as period,
    o.char_start,
    o.char_end,
    o.sentence
from {{ ref('fct_indicator_observation') }} as o
join {{ ref('dim_indicator') }} as i using (indicator_code)
join {{ ref('dim_period') }} as p using (period_id)
where o.doc_id = '{{ var("doc_id") }}' and o.value_kind <> 'derived'
order by o.char_start
