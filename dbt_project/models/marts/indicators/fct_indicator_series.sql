{# The reports column is a list of structs on DuckDB, a jsonb array on PostgreSQL (macros/cross_db.sql):
   the contract (its yml types) is DuckDB's. #}
{{ config(contract={'enforced': target.type != 'postgres'}) }}
-- Grain: one indicator × region × calendar year × measure (unit; a level or a change and its
-- unit), from the actuals of whole years: the value chosen is the latest report's (latest
-- published date, then document id; within a report its first mention), and every report's value
-- is kept in `reports` and compared with the chosen one by the same-figure rule (intervals at the
-- precision each was written at overlap over a positive length, or a point lies in the other).
with actuals as (
    select a.*
    from {{ ref('int_actual_figures') }} as a
    join {{ ref('dim_period') }} as p using (period_id)
    where p.period_type = 'year'
),

ranked as (
    select
        *,
        row_number() over (
            partition by indicator_code, region_code, start_year, unit_code, measure_kind, change_unit
            order by published_date desc nulls last, doc_id desc nulls last, paragraph_ordinal asc, sentence_ordinal asc, char_start asc
        ) as pick
    from actuals
),

chosen as (
    select * from ranked where pick = 1
),

compared as (
    select
        r.*,
        c.observation_id as chosen_observation_id,
        r.observation_id = c.observation_id
        or (greatest(r.a_lo, c.a_lo) - least(r.a_hi, c.a_hi) < -1e-9 * greatest(abs(r.value), abs(c.value), 1))
        or ((r.a_hi - r.a_lo <= 1e-9 or c.a_hi - c.a_lo <= 1e-9)
            and greatest(r.a_lo, c.a_lo) - least(r.a_hi, c.a_hi) <= 1e-9 * greatest(abs(r.value), abs(c.value), 1))
            as agrees
    from ranked as r
    join chosen as c
        on c.indicator_code = r.indicator_code
        and c.region_code is not distinct from r.region_code
        and c.start_year = r.start_year
        and c.unit_code = r.unit_code
        and c.measure_kind = r.measure_kind
        and c.change_unit is not distinct from r.change_unit
),

grouped as (
    select
        indicator_code,
        region_code,
        start_year as year,
        unit_code,
        measure_kind,
        change_unit,
        -- one per group (the group's chosen observation)
        min(chosen_observation_id) as chosen_observation_id,
        count(distinct doc_id) as report_count,
        count(*) as mention_count,
        bool_and(agrees) as reports_agree,
        {{ struct_list(['doc_id', 'published_date', 'observation_id', 'value', 'signed_value', 'quote', 'agrees'],
                       'published_date desc nulls last, doc_id desc nulls last, char_start asc') }} as reports
    from compared
    group by indicator_code, region_code, start_year, unit_code, measure_kind, change_unit
)

select
    md5(concat_ws('|', g.indicator_code, g.region_code, g.year, g.unit_code, g.measure_kind, g.change_unit))::varchar as series_point_id,
    g.indicator_code::varchar as indicator_code,
    g.region_code::varchar as region_code,
    g.year::integer as year,
    g.unit_code::varchar as unit_code,
    g.measure_kind::varchar as measure_kind,
    c.change_kind::varchar as change_kind,
    g.change_unit::varchar as change_unit,
    c.value::float8 as value,
    c.signed_value::float8 as signed_value,
    c.qualifier::varchar as qualifier,
    c.observation_id::varchar as observation_id,
    c.doc_id::varchar as doc_id,
    c.published_date::date as published_date,
    c.quote::varchar as quote,
    c.sentence::varchar as sentence,
    g.report_count::integer as report_count,
    g.mention_count::integer as mention_count,
    g.reports_agree::boolean as reports_agree,
    g.reports::{{ struct_list_type('doc_id varchar, published_date date, observation_id varchar, value double, signed_value double, quote varchar, agrees boolean') }} as reports
from grouped as g
join chosen as c on c.observation_id = g.chosen_observation_id
