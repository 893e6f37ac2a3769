-- 2. The energy transition: coal retired, PV and wind capacity, new-energy share and generation.
select
    i.indicator_name_en as indicator,
    o.value,
    o.unit_code as unit,
    o.qualifier,
    o.change_kind,
    p.label as period,
    o.doc_id,
    o.quote
from {{ ref('fct_indicator_observation') }} as o
join {{ ref('dim_indicator') }} as i using (indicator_code)
join {{ ref('dim_period') }} as p using (period_id)
where o.indicator_code in (
    'ind_coal_units_closed', 'ind_coal_capacity_retired',
    'ind_pv_projects', 'ind_pv_capacity',
    'ind_wind_capacity', 'ind_onshore_wind_developable_capacity',
    'ind_new_energy_capacity_share', 'ind_new_energy_generation'
)
order by i.indicator_code, o.doc_id
