{# Models land in the schema their layer names (staging, intermediate, marts), not main_staging. On the team
   profile's server a run prefixes them with its build prefix (PLAN_DBT_SCHEMA_PREFIX: build_<run>_marts…),
   swapped in as the published schemas by orchestration.storage.server.publish. Unset: no prefix. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ env_var('PLAN_DBT_SCHEMA_PREFIX', '') }}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
