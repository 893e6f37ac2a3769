{#
  When a "sync" table (macros/incremental_sync.sql) is rebuilt in full instead.

  The sync strategy makes a table's rows equal to its model's SELECT whatever changed upstream, but it
  keeps the table's columns. Every sync table carries, as its table comment, the fingerprint of what
  decides its columns, and before a run or build (on-run-start) each selected sync table whose comment
  is not its model's current fingerprint is dropped, so dbt creates it anew (a table without a comment,
  built as a plain table before, too):
  - a model with an enforced contract: the contract's checksum (its declared columns and types; the
    contract makes every build produce exactly those, and on_schema_change: fail stops any other);
  - a model without one: the SQL of the model and of every model upstream of it (a macro edit that
    changes its columns is met by on_schema_change: sync_all_columns, set for those models).
  DuckDB only: on PostgreSQL every build starts from empty schemas.
#}
{% macro sync_fingerprint(node) %}
  {%- if node.contract.enforced -%}
    {{- return('dbt_sync:contract:' ~ node.contract.checksum) -}}
  {%- endif -%}
  {%- set seen = [node.unique_id] -%}
  {%- set parts = [] -%}
  {%- for uid in seen -%}
    {%- set n = graph.nodes.get(uid) -%}
    {%- if n is not none and n.resource_type == 'model' -%}
      {%- do parts.append(uid ~ ':' ~ n.checksum.checksum) -%}
      {%- for parent in n.depends_on.nodes if parent not in seen -%}
        {%- do seen.append(parent) -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
  {{- return('dbt_sync:code:' ~ local_md5(parts | sort | join('|'))) -}}
{% endmacro %}

{# Post-hook of a sync table: record the code it was built with. #}
{% macro mark_sync_table() %}
  {%- if execute and target.type == 'duckdb' and model.config.materialized == 'incremental' -%}
    comment on table {{ this }} is '{{ sync_fingerprint(graph.nodes[model.unique_id]) }}'
  {%- endif -%}
{% endmacro %}

{# on-run-start: drop the selected sync tables built by other code, so dbt builds them anew. #}
{% macro drop_stale_sync_tables() %}
  {% if execute and target.type == 'duckdb' and flags.WHICH in ('run', 'build') %}
    {% set found = run_query("select database_name, schema_name, table_name, coalesce(comment, '') from duckdb_tables()") %}
    {% set comments = {} %}
    {% for row in found.rows %}
      {% do comments.update({(row[0] ~ '.' ~ row[1] ~ '.' ~ row[2]) | lower: row[3]}) %}
    {% endfor %}
    {% for node in graph.nodes.values() if node.resource_type == 'model' and node.config.materialized == 'incremental' and node.unique_id in selected_resources %}
      {% set key = (node.database ~ '.' ~ node.schema ~ '.' ~ (node.alias or node.name)) | lower %}
      {% if key in comments and comments[key] != sync_fingerprint(node) %}
        {% set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=(node.alias or node.name)) %}
        {% if relation is not none %}
          {% do log('sync table ' ~ relation ~ ' was built for other columns or code: rebuilt in full', info=True) %}
          {% do adapter.drop_relation(relation) %}
        {% endif %}
      {% endif %}
    {% endfor %}
  {% endif %}
{% endmacro %}
