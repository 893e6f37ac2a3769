{# The interval a target asks for, before signing: lo and hi of a target row b. #}
{% set lo %}
    (case b.qualifier
        when 'approximately' then b.value_low * (1 - {{ var('target_approx_pct') }} / 100.0)
        when 'under' then -1e300
        else b.value_low
    end)
{%- endset %}
{% set hi %}
    (case b.qualifier
        when 'approximately' then b.value_high * (1 + {{ var('target_approx_pct') }} / 100.0)
        when 'over' then 1e300
        else b.value_high
    end)
{%- endset %}
-- Every target: each target figure of the texts (value kind target: annual targets, plan-period
-- goals such as the 十五五 ones) and each row of seeds/curated/plan_targets.csv, on one layout,
-- with the interval the target asks for (t_lo, t_hi), signed for a change (a decrease is negative):
-- exact → the value (a range → its ends); 左右 (approximately) → ± var target_approx_pct percent;
-- over (以上/不低于) → a floor; under (以内/不超过) → a ceiling.
with text_targets as (
    select
        'text:' || o.observation_id as target_id,
        'text' as target_source,
        o.observation_id,
        null::varchar as target_code,
        o.indicator_code,
        o.is_unlinked,
        o.region_code,
        o.period_id,
        p.period_start,
        p.period_end,
        coalesce(o.value_low, o.value) as value_low,
        coalesce(o.value_high, o.value) as value_high,
        o.value,
        o.unit_code,
        o.qualifier,
        o.change_kind,
        o.change_unit,
        case when f.cumulative then 'cumulative' else 'annual' end as accumulation,
        null::varchar as binding,
        null::integer as base_year,
        null::float8 as base_value,
        null::varchar as plan_name,
        o.doc_id,
        o.quote,
        o.sentence,
        o.source_file,
        null::integer as source_line
    from {{ ref('fct_indicator_observation') }} as o
    join {{ ref('dim_period') }} as p using (period_id)
    left join {{ ref('stg_facts') }} as f using (fact_id)
    where o.value_kind = 'target'
),

curated_targets as (
    select
        'plan_targets:' || target_code as target_id,
        'plan_targets' as target_source,
        null::varchar as observation_id,
        target_code,
        indicator_code,
        false as is_unlinked,
        region_code,
        {{ iso_date('period_start') }} || '/' || {{ iso_date('period_end') }} as period_id,
        period_start,
        period_end,
        target_value as value_low,
        coalesce(target_value_high, target_value) as value_high,
        target_value as value,
        unit_code,
        qualifier,
        change_kind,
        change_unit,
        accumulation,
        binding,
        base_year,
        base_value,
        plan_name,
        doc_id,
        coalesce(quote, source_document || ', ' || page) as quote,
        null::varchar as sentence,
        source_file,
        source_line
    from {{ ref('stg_plan_targets') }}
),

targets as (
    select * from text_targets
    {{ union_all_by_name() }}
    select * from curated_targets
),

bands as (
    select * from targets
)

select
    b.*,
    {{ signed_low('b.change_kind', lo, hi) }} as t_lo,
    {{ signed_high('b.change_kind', lo, hi) }} as t_hi,
    -- the threshold: the end of the interval an actual must reach, signed
    case {{ better_side('b.qualifier', 'b.change_kind', 'i.direction') }}
        when 'lower_is_better' then {{ signed_high('b.change_kind', 'b.value_low', 'b.value_high') }}
        else {{ signed_low('b.change_kind', 'b.value_low', 'b.value_high') }}
    end as threshold,
    case when b.change_kind = 'level' then 'level' else 'change' end as measure_kind,
    {{ better_side('b.qualifier', 'b.change_kind', 'i.direction') }} as better_side,
    {{ year_of('b.period_end') }} as target_year,
    {{ year_of('b.period_start') }} < {{ year_of('b.period_end') }} as is_multi_year,
    d.published_date
from bands as b
left join {{ ref('dim_indicator') }} as i using (indicator_code)
left join {{ ref('dim_document') }} as d using (doc_id)
