-- 6. Figures two reports both give (same indicator, region, period and value kind), side by
--    side, and whether they agree (same value and qualifier).
select
    i.indicator_name_en as indicator,
    p.label as period,
    a.doc_id as doc_a,
    a.quote as quote_a,
    a.value as value_a,
    b.doc_id as doc_b,
    b.quote as quote_b,
    b.value as value_b,
    a.value = b.value and a.qualifier = b.qualifier as agree
from {{ ref('fct_indicator_observation') }} as a
join {{ ref('fct_indicator_observation') }} as b
    on b.indicator_code = a.indicator_code
    and b.region_code = a.region_code
    and b.period_id = a.period_id
    and b.value_kind = a.value_kind
    and b.unit_code = a.unit_code
    and b.change_kind = a.change_kind
    and b.doc_id > a.doc_id
join {{ ref('dim_indicator') }} as i on i.indicator_code = a.indicator_code
join {{ ref('dim_period') }} as p on p.period_id = a.period_id
where not a.is_unlinked
order by agree, indicator
