-- 4. Named projects by their most advanced reported lifecycle stage and by category.
select
    coalesce(s.stage_order, 0) as stage_order,
    coalesce(s.status_name_zh, '（未报告阶段）') as status_zh,
    coalesce(s.status_name_en, 'no stage reported') as status_en,
    c.category_name_en as category,
    count(*) as projects,
    string_agg(p.project_name_zh, '、' order by p.project_code) as project_names
from {{ ref('dim_project') }} as p
join {{ ref('dim_project_category') }} as c using (category_code)
left join {{ ref('dim_project_status') }} as s on s.status_code = p.furthest_status_code
group by s.stage_order, s.status_name_zh, s.status_name_en, c.category_name_en
order by stage_order desc, category asc
