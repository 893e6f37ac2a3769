{#
  Post-hook of every model: when dbt runs under Dagster (dagster-dbt sets DAGSTER_DBT_CLI=true in the
  dbt process), log the model's row count and, for the layers in var('preview_layers'), its first
  var('preview_rows') rows, as one line "dagster_model_stats {json}". orchestration/defs/assets/dbt.py
  reads that line from dbt's event stream and puts the figures on the model's materialization as soon
  as the model is built, instead of querying every table after dbt exits. A bare `dbt build` skips it.
#}
{% macro log_model_stats() %}
  {% if execute and env_var('DAGSTER_DBT_CLI', '') == 'true' and model.config.materialized != 'ephemeral' %}
    {% set count = run_query('select count(*) from ' ~ this) %}
    {% set stats = {'unique_id': model.unique_id, 'row_count': count.columns[0].values()[0] | int} %}
    {% if model.fqn[1] in var('preview_layers', []) %}
      {% set first = run_query('select * from ' ~ this ~ ' limit ' ~ var('preview_rows', 5)) %}
      {% set rows = [] %}
      {% for row in first.rows %}
        {% do rows.append(row.values() | map('string') | list) %}
      {% endfor %}
      {% do stats.update({'columns': first.column_names | list, 'rows': rows}) %}
    {% endif %}
    {% do log('dagster_model_stats ' ~ tojson(stats), info=True) %}
  {% endif %}
{% endmacro %}
