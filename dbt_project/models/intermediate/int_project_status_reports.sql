-- Each report of a project's status, placed in the lifecycle and in time, ranked per project.
with reports as (
    select
        r.project_code,
        r.doc_id,
        r.status_code,
        s.stage_order,
        r.status_verb,
        r.quote,
        d.published_date as reported_on,
        r.source_file,
        r.source_line
    from {{ ref('stg_project_status_reports') }} as r
    join {{ ref('stg_project_statuses') }} as s using (status_code)
    join {{ ref('stg_documents') }} as d using (doc_id)
)

select
    *,
    -- The most advanced stage any report gives; ties go to the later report, then the doc id.
    row_number() over (
        partition by project_code
        order by stage_order desc, reported_on desc, doc_id asc
    ) = 1 as is_furthest_stage
from reports
