-- Section 三、重点项目: every named project with its category and the furthest lifecycle stage a
-- report gives (stage 0: none reported), with the quote and document that say it.
select
    p.project_code,
    p.project_name_zh,
    p.project_name_en,
    c.category_name_zh,
    c.category_name_en,
    coalesce(s.stage_order, 0) as stage_order,
    coalesce(s.status_name_zh, '未报告阶段') as status_zh,
    coalesce(s.status_name_en, 'No stage reported') as status_en,
    p.furthest_status_quote as quote,
    p.furthest_status_doc_id as doc_id,
    d.title
from {{ ref('dim_project') }} as p
left join {{ ref('dim_project_category') }} as c using (category_code)
left join {{ ref('dim_project_status') }} as s on s.status_code = p.furthest_status_code
left join {{ ref('dim_document') }} as d on d.doc_id = p.furthest_status_doc_id
