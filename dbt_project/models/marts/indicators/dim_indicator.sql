{{ config(contract={'enforced': true}) }}
select
    indicator_code::varchar as indicator_code,
    indicator_name_zh::varchar as indicator_name_zh,
    indicator_name_en::varchar as indicator_name_en,
    theme::varchar as theme,
    canonical_unit::varchar as canonical_unit,
    stat_type::varchar as stat_type,
    direction::varchar as direction,
    aliases::varchar[] as aliases,
    false as is_unlinked_member,
    null::varchar as family,
    null::varchar as family_level,
    source_file::varchar as source_file,
    source_line::integer as source_line
from {{ ref('stg_indicators') }}
union all
select
    indicator_code::varchar,
    family_member::varchar,
    (family_name_en || ': ' || family_member)::varchar,
    theme::varchar,
    family_unit::varchar,
    stat_type::varchar,
    direction::varchar,
    array[]::varchar[],
    false,
    family::varchar,
    family_level::varchar,
    source_file::varchar,
    source_line::integer
from {{ ref('int_family_indicators') }}
union all
select
    '{{ var("unlinked_indicator") }}', '未归类数字', 'Unlinked figure', 'unlinked', 'mixed', 'level', 'neutral',
    array[]::varchar[], true, null, null, null, null
