-- One row per member of an indicator family the linker made from facts' subjects.
with members as (
    select
        indicator_code,
        family,
        min(family_member) as family_member,
        min(family_level) as family_level,
        min(family_unit) as family_unit,
        count(*) as fact_count,
        count(distinct doc_id) as document_count
    from {{ ref('stg_facts') }}
    where family is not null and indicator_code is not null
    group by indicator_code, family
)

select
    m.indicator_code,
    m.family,
    m.family_member,
    m.family_level,
    m.family_unit,
    m.fact_count,
    m.document_count,
    f.family_name_zh,
    f.family_name_en,
    f.stat_type,
    f.theme,
    f.direction,
    f.source_file,
    f.source_line
from members as m
inner join {{ ref('stg_indicator_families') }} as f on m.family = f.family
