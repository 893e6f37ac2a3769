{{ config(contract={'enforced': true}) }}
-- Grain: one reported value of one indicator, for one region and period, from one source
-- mention (the quote), plus values derived from two mentions (value_kind = 'derived').
with observations as (
    select * from {{ ref('int_fact_observations') }}
    {{ union_all_by_name() }}
    select * from {{ ref('int_derived_observations') }}
)

select
    observation_id::varchar as observation_id,
    fact_id::varchar as fact_id,
    indicator_code::varchar as indicator_code,
    region_code::varchar as region_code,
    period_id::varchar as period_id,
    doc_id::varchar as doc_id,
    value_kind::varchar as value_kind,
    value::float8 as value,
    value_low::float8 as value_low,
    value_high::float8 as value_high,
    unit_code::varchar as unit_code,
    qualifier::varchar as qualifier,
    change_kind::varchar as change_kind,
    change_unit::varchar as change_unit,
    base_period::varchar as base_period,
    comparator::varchar as comparator,
    period_kind::varchar as period_kind,
    streak_years::integer as streak_years,
    count_multiplier::integer as count_multiplier,
    subject::varchar as subject,
    quote::varchar as quote,
    figure_as_written::varchar as figure_as_written,
    unit_as_written::varchar as unit_as_written,
    multiplier::varchar as multiplier,
    sentence::varchar as sentence,
    paragraph_ordinal::integer as paragraph_ordinal,
    sentence_ordinal::integer as sentence_ordinal,
    char_start::integer as char_start,
    char_end::integer as char_end,
    derived_from::varchar[] as derived_from,
    derivation::varchar as derivation,
    is_unlinked::boolean as is_unlinked,
    fact_status::varchar as fact_status,
    source_file::varchar as source_file,
    extractor_version::varchar as extractor_version
from observations
