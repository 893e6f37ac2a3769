-- Evidence for rules of kind part_within_whole: a part indicator against its whole in the same
-- document, period and region; and (region_hierarchy) a county's figure against its city's for
-- the same additive indicator (counts and levels; levels and absolute increases), period and value kind.
with rules as (
    select * from {{ source('raw', 'consistency_rules') }} where kind = 'part_within_whole'
),

obs as (
    select o.*, i.stat_type, r.parent_region_code
    from {{ ref('int_observation_bounds') }} as o
    join {{ ref('dim_indicator') }} as i using (indicator_code)
    join {{ ref('dim_region') }} as r using (region_code)
    where o.value_kind = 'actual' and not o.is_unlinked and o.qualifier in ('exact', 'approximately')
),

by_indicator as (
    select r.rule_id, r.severity, part.*, whole.value as whole_value, whole.tolerance as whole_tolerance,
        whole.doc_id as whole_doc, whole.quote as whole_quote, whole.sentence as whole_sentence,
        whole.observation_id as whole_observation
    from rules as r
    join obs as part on part.indicator_code = r.part
    join obs as whole
        on whole.indicator_code = r.whole
        and whole.doc_id = part.doc_id
        and whole.period_id = part.period_id
        and whole.region_code = part.region_code
    where r.part is not null
),

by_region as (
    select r.rule_id, r.severity, part.*, whole.value as whole_value, whole.tolerance as whole_tolerance,
        whole.doc_id as whole_doc, whole.quote as whole_quote, whole.sentence as whole_sentence,
        whole.observation_id as whole_observation
    from rules as r
    join obs as part on coalesce(r.region_hierarchy, false)
    join obs as whole
        on whole.region_code = part.parent_region_code
        and whole.indicator_code = part.indicator_code
        and whole.period_id = part.period_id
        and whole.change_kind = part.change_kind
        and whole.unit_code = part.unit_code
    -- additive figures only: a level or an absolute increase (新增5家), never a relative change
    -- (增长19.1%: a city's growth may well exceed its province's)
    where part.stat_type in ('count', 'level')
        and (part.change_kind = 'level' or (part.change_kind = 'increase' and part.change_unit = 'absolute'))
),

evidence as (
    select * from by_indicator
    {{ union_all_by_name() }}
    select * from by_region
)

select
    rule_id,
    'part_within_whole' as kind,
    observation_id as observation_a,
    whole_observation as observation_b,
    severity,
    indicator_code,
    region_code,
    period_id,
    value_kind,
    value as observed_value,
    whole_value + whole_tolerance + tolerance as expected_value,
    whole_tolerance + tolerance as tolerance,
    greatest(value - whole_value, 0) as abs_diff,
    cast(null as float8) as gap,
    value <= whole_value + whole_tolerance + tolerance as passed,
    doc_id as doc_a,
    quote as quote_a,
    sentence as sentence_a,
    whole_doc as doc_b,
    whole_quote as quote_b,
    whole_sentence as sentence_b,
    'part ' || quote || ' (' || region_code || ') vs whole ' || whole_quote as detail
from evidence
