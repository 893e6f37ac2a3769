-- Every extracted fact that was not rejected, as an observation: its indicator (or the
-- "unlinked" member), its period id (or "unknown") and whether it is an actual or a target.
select
    'fact:' || fact_id as observation_id,
    fact_id,
    coalesce(indicator_code, '{{ var("unlinked_indicator") }}') as indicator_code,
    indicator_code is null as is_unlinked,
    region_code,
    case
        when period_start is null or period_end is null then '{{ var("unknown_period") }}'
        else {{ iso_date('period_start') }} || '/' || {{ iso_date('period_end') }}
    end as period_id,
    period_start,
    period_end,
    period_kind,
    streak_years,
    doc_id,
    paragraph_ordinal,
    sentence_ordinal,
    sentence,
    char_start,
    char_end,
    quote,
    figure_as_written,
    value,
    value_low,
    value_high,
    unit_code,
    unit_as_written,
    multiplier,
    qualifier,
    change_kind,
    change_unit,
    base_period,
    comparator,
    count_multiplier,
    subject,
    case when modality = 'target' then 'target' else 'actual' end as value_kind,
    cast(null as varchar[]) as derived_from,
    cast(null as varchar) as derivation,
    fact_status,
    source_file,
    extractor_version
from {{ ref('stg_facts') }}
where fact_status <> 'rejected'
