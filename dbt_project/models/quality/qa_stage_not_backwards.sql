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
        later.project_status_id as later_id,
        prior.project_status_id as prior_id,
        row_number() over (
            partition by later.project_status_id
            order by prior.stage_order desc, prior.reported_on asc, prior.doc_id asc
        ) as pick
    from statuses as later
    join statuses as prior
        on
            prior.project_code = later.project_code
            and prior.reported_on < later.reported_on
    where later.earlier_stage_order is not null
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
    a.stage_order::double as observed_value,
    b.stage_order::double as expected_value,
    0::double as tolerance,
    greatest(b.stage_order - a.stage_order, 0)::double as abs_diff,
    cast(null as double) as gap,
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
join statuses as b on b.project_status_id = e.prior_id
join {{ ref('dim_project') }} as p on p.project_code = a.project_code
where e.pick = 1
