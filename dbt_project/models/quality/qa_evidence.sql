-- Every comparison every consistency rule made, one row each, whatever its kind.
{% set kinds = ['same_figure_agrees', 'rate_equals_ratio', 'part_within_whole', 'value_in_range', 'derived_consistent', 'parts_sum_to_total', 'stage_not_backwards', 'self_assessment_agrees'] %}
{% for kind in kinds %}
select
    md5(rule_id || '|' || observation_a || '|' || coalesce(observation_b, '')) as evidence_id,
    *
from {{ ref('qa_' ~ kind) }}
{% if not loop.last %}{{ union_all_by_name() }}{% endif %}
{% endfor %}
