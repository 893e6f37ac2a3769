-- 7. The lifecycle history of one project across reports: the stage each report gives it, in date order, with whether it was extracted, confirmed or curated.
--    dbt compile --vars '{project_code: prj_liaocheng_airport}' picks another project.
select
    s.reported_on,
    s.doc_id,
    d.title,
    s.status_code,
    st.status_name_zh,
    s.stage_order,
    s.value_kind,
    s.status_source,
    s.quote,
    s.sentence,
    s.stage_order < s.earlier_stage_order as goes_backwards
from {{ ref('fct_project_status') }} as s
join {{ ref('dim_project_status') }} as st using (status_code)
join {{ ref('dim_document') }} as d using (doc_id)
where s.project_code = '{{ var("project_code") }}'
order by s.reported_on, s.doc_id
