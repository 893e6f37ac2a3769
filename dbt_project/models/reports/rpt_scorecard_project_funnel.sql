-- Section 三、重点项目, the lifecycle funnel: one row per lifecycle status with the named projects
-- whose furthest reported stage it is (at_stage, their names in project order) and that reached
-- at least it (reached); then one row (stage 0) for the projects no report gives a stage for.
with projects as (
    select project_code, project_name_zh, stage_order from {{ ref('rpt_scorecard_projects') }}
),

stages as (
    select
        s.stage_order,
        s.stage_order || '. ' || s.status_name_zh || ' ' || s.status_name_en as stage,
        (select count(*) from projects as p where p.stage_order = s.stage_order) as at_stage,
        (select count(*) from projects as p where p.stage_order >= s.stage_order) as reached,
        (select string_agg(p.project_name_zh, '、' order by p.project_code) from projects as p
         where p.stage_order = s.stage_order) as project_names
    from {{ ref('dim_project_status') }} as s
),

unreported as (
    select
        0 as stage_order,
        '未报告阶段 No stage reported' as stage,
        count(*) as at_stage,
        count(*) as reached,
        string_agg(project_name_zh, '、' order by project_code) as project_names
    from projects
    where stage_order = 0
)

select stage_order, stage, at_stage, reached, coalesce(project_names, '—') as projects from stages
union all
select stage_order, stage, at_stage, reached, coalesce(project_names, '—') as projects from unreported
