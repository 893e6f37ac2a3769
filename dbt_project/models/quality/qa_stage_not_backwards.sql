-- Evidence for rules of kind stage_not_backwards: each actual stage a report gives a project
-- against the furthest actual stage reports published strictly earlier gave it (the earliest of
-- those reports is the other side). A later stage behind an earlier one fails.
with rules as (
    select * from {{ source('raw', 'consistency_rules') }} where kind = 'stage_not_backwards'
),

statuses as (
    select * from {{ ref('fct_project_status') }} where value_kind = 'actual'
),

earlier as (
    select
        lr.project_status_id as later_id,
        er.project_status_id as earlier_id,
        row_number() over (
            partition by lr.project_status_id
            order by er.stage_order desc nulls last, er.reported_on asc, er.doc_id asc
        ) as pick
    from statuses as lr
    join statuses as er
        on
            er.project_code = lr.project_code
            and er.reported_on < lr.reported_on
    where lr.earlier_stage_order is not null
)

select
    r.rule_id,
    'stage_not_backwards' as kind,
    a.project_status_id as observation_a,
    b.project_status_id as observation_b,
    r.severity,
    cast(null as varchar) as indicator_code,
    p.region_code,
    cast(null as varchar) as period_id,
    a.value_kind,
    cast(a.stage_order as float8) as observed_value,
    cast(b.stage_order as float8) as expected_value,
    cast(0 as float8) as tolerance,
    cast(greatest(b.stage_order - a.stage_order, 0) as float8) as abs_diff,
    cast(null as float8) as gap,
    a.stage_order >= b.stage_order as passed,
    a.doc_id as doc_a,
    a.quote as quote_a,
    a.sentence as sentence_a,
    b.doc_id as doc_b,
    b.quote as quote_b,
    b.sentence as sentence_b,
    p.project_name_zh || ': ' || a.status_code || ' on ' || cast(a.reported_on as varchar)
    || ' after ' || b.status_code || ' on ' || cast(b.reported_on as varchar) as detail
from rules as r
cross join earlier as e
join statuses as a on a.project_status_id = e.later_id
join statuses as b on b.project_status_id = e.earlier_id
join {{ ref('dim_project') }} as p on p.project_code = a.project_code
where e.pick = 1
