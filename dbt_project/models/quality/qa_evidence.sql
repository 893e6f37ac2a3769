-- Every comparison every consistency rule made, one row each, whatever its kind.
-- A view over the per-kind tables, not a table of its own: at 1,000 texts writing its ~140,000 rows
-- (both quotes and sentences each) took ~0.9 s of every refresh, where reading the union costs its
-- three tests ~0.1 s and fct_open_findings, the one model reading it, reads only the failed rows.
{{ config(materialized='view') }}
{% set kinds = ['same_figure_agrees', 'rate_equals_ratio', 'part_within_whole', 'value_in_range', 'derived_consistent', 'parts_sum_to_total', 'stage_not_backwards', 'self_assessment_agrees'] %}
{% for kind in kinds %}
select
    md5(rule_id || '|' || observation_a || '|' || coalesce(observation_b, '')) as evidence_id,
    *
from {{ ref('qa_' ~ kind) }}
{% if not loop.last %}{{ union_all_by_name() }}{% endif %}
{% endfor %}
