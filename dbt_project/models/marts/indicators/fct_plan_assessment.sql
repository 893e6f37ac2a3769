{{ config(contract={'enforced': true}) }}
-- The reports' assessment of the plan outline's main indicators: how many are ahead of or on
-- track with expectations (figures from the text) and which ones the report names (curated).
with counts as (
    select
        case indicator_code
            when 'ind_plan_indicators_ahead' then 'exceeded'
            when 'ind_plan_indicators_on_track' then 'on_track'
        end as assessment,
        value,
        doc_id,
        quote,
        sentence,
        observation_id
    from {{ ref('fct_indicator_observation') }}
    where indicator_code in ('ind_plan_indicators_ahead', 'ind_plan_indicators_on_track')
),

named as (
    select
        assessment,
        {{ list_agg('plan_indicator_name_zh', 'source_line') }} as named_zh,
        {{ list_agg('plan_indicator_name_en', 'source_line') }} as named_en
    from {{ ref('stg_plan_indicators') }}
    group by assessment
)

select
    coalesce(c.assessment, n.assessment)::varchar as assessment,
    c.value::integer as indicator_count,
    coalesce(n.named_zh, array[]::varchar[])::varchar[] as named_indicators_zh,
    coalesce(n.named_en, array[]::varchar[])::varchar[] as named_indicators_en,
    c.doc_id::varchar as doc_id,
    c.quote::varchar as quote,
    c.sentence::varchar as sentence,
    c.observation_id::varchar as observation_id
from counts as c
full outer join named as n using (assessment)
