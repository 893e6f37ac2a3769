-- Values a report implies but does not state: a level and its absolute change against a base
-- year in the same sentence give the base-year level (245 good-air days, +22 vs 2020 → 223 in
-- 2020). Only exact figures of one indicator and unit are combined; lineage lists both inputs.
with obs as (
    select * from {{ ref('int_fact_observations') }}
    where not is_unlinked and value_kind = 'actual' and qualifier = 'exact'
),

pairs as (
    select
        lvl.*,
        chg.fact_id as change_fact_id,
        chg.quote as change_quote,
        chg.change_kind as base_change_kind,
        chg.value as change_value,
        cast(chg.base_period as integer) as base_year
    from obs as lvl
    join obs as chg
        on chg.doc_id = lvl.doc_id
        and chg.sentence_ordinal = lvl.sentence_ordinal
        and chg.indicator_code = lvl.indicator_code
        and chg.unit_code = lvl.unit_code
        and chg.fact_id <> lvl.fact_id
    where lvl.change_kind = 'level'
      and chg.change_kind in ('increase', 'decrease')
      and chg.change_unit = 'absolute'
      and {{ full_match('chg.base_period', '\d{4}') }}
)

select
    'derived:' || md5(fact_id || '+' || change_fact_id) as observation_id,
    cast(null as varchar) as fact_id,
    indicator_code,
    false as is_unlinked,
    region_code,
    {{ iso_date('make_date(base_year, 1, 1)') }} || '/' || {{ iso_date('make_date(base_year, 12, 31)') }} as period_id,
    make_date(base_year, 1, 1) as period_start,
    make_date(base_year, 12, 31) as period_end,
    'point' as period_kind,
    cast(null as integer) as streak_years,
    doc_id,
    paragraph_ordinal,
    sentence_ordinal,
    sentence,
    char_start,
    char_end,
    quote,
    cast(null as varchar) as figure_as_written,
    case base_change_kind when 'increase' then value - change_value else value + change_value end as value,
    cast(null as float8) as value_low,
    cast(null as float8) as value_high,
    unit_code,
    unit_as_written,
    cast(null as varchar) as multiplier,
    'exact' as qualifier,
    'level' as change_kind,
    cast(null as varchar) as change_unit,
    cast(null as varchar) as base_period,
    cast(null as varchar) as comparator,
    1 as count_multiplier,
    subject,
    'derived' as value_kind,
    array[fact_id, change_fact_id] as derived_from,
    quote || (case base_change_kind when 'increase' then ' − ' else ' + ' end) || change_quote
        || ' (change against ' || base_year || ')' as derivation,
    'derived' as fact_status,
    source_file,
    extractor_version
from pairs
