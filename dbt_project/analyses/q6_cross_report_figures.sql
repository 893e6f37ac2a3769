-- 6. Figures two or more reports give (same indicator, region, period and value kind): do they
--    agree within the precision each was written at? Disagreements first, with the pair furthest apart.
select
    i.indicator_name_en as indicator,
    i.indicator_name_zh as indicator_zh,
    f.region_code as region,
    p.label as period,
    f.value_kind,
    f.documents,
    f.comparisons,
    f.failed_comparisons,
    f.agree,
    f.doc_a,
    f.quote_a,
    f.value_a,
    f.doc_b,
    f.quote_b,
    f.value_b
from {{ ref('fct_cross_report_figure') }} as f
join {{ ref('dim_indicator') }} as i on i.indicator_code = f.indicator_code
join {{ ref('dim_period') }} as p on p.period_id = f.period_id
order by f.agree asc, f.failed_comparisons desc, indicator asc, period asc, region asc
