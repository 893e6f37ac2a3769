-- 1. The plan assessment: how many main indicators are ahead of / on track with expectations,
--    and the ones the report names.
select
    assessment,
    indicator_count,
    array_to_string(named_indicators_zh, '、') as named_zh,
    array_to_string(named_indicators_en, '; ') as named_en,
    quote
from {{ ref('fct_plan_assessment') }}
order by case assessment when 'exceeded' then 1 when 'on_track' then 2 else 3 end
