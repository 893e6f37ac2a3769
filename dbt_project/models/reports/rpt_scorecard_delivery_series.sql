-- Section 六、规划实施: the trajectory of each delivery row (rpt_scorecard_delivery), one point per
-- year from marts.fct_indicator_series (the latest report's value), with its quote.
select
    d.target_id,
    s.year,
    s.signed_value,
    s.value,
    s.quote,
    s.doc_id,
    s.report_count,
    s.reports_agree
from {{ ref('rpt_scorecard_delivery') }} as d
join {{ ref('fct_indicator_series') }} as s
    on s.indicator_code = d.indicator_code
    and s.region_code = d.region_code
    and s.unit_code = d.unit_code
    and s.measure_kind = d.measure_kind
    and s.change_unit is not distinct from d.change_unit
