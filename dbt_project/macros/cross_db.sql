{# SQL that DuckDB and PostgreSQL spell differently, one macro each (adapter.dispatch: duckdb__ for the
   embedded warehouse, postgres__ for the team profile's server), so one model file serves both. The
   duckdb__ forms are what the models wrote before the team profile: the DuckDB build is unchanged.
   sqlfluff (no dbt adapter: `make lint`) renders the duckdb__ form, linted in the duckdb dialect. #}

{# A list aggregate: list(distinct x order by x) on DuckDB, array_agg on PostgreSQL. #}
{% macro list_agg(expr, order_by=none, distinct=false) -%}
    {{ adapter.dispatch('list_agg')(expr, order_by, distinct) if adapter is defined else duckdb__list_agg(expr, order_by, distinct) }}
{%- endmacro %}
{% macro duckdb__list_agg(expr, order_by, distinct) -%}
    list({{ 'distinct ' if distinct }}{{ expr }}{{ ' order by ' ~ order_by if order_by }})
{%- endmacro %}
{% macro postgres__list_agg(expr, order_by, distinct) -%}
    array_agg({{ 'distinct ' if distinct }}{{ expr }}{{ ' order by ' ~ order_by if order_by }})
{%- endmacro %}

{# value is an element of the list. #}
{% macro list_has(list_expr, value) -%}
    {{ adapter.dispatch('list_has')(list_expr, value) if adapter is defined else duckdb__list_has(list_expr, value) }}
{%- endmacro %}
{% macro duckdb__list_has(list_expr, value) -%}
    list_contains({{ list_expr }}, {{ value }})
{%- endmacro %}
{% macro postgres__list_has(list_expr, value) -%}
    ({{ value }} = any({{ list_expr }}))
{%- endmacro %}

{# The list is NULL or has no element. #}
{% macro list_is_empty(list_expr) -%}
    {{ adapter.dispatch('list_is_empty')(list_expr) if adapter is defined else duckdb__list_is_empty(list_expr) }}
{%- endmacro %}
{% macro duckdb__list_is_empty(list_expr) -%}
    len(coalesce({{ list_expr }}, [])) = 0
{%- endmacro %}
{% macro postgres__list_is_empty(list_expr) -%}
    coalesce(cardinality({{ list_expr }}), 0) = 0
{%- endmacro %}

{# How many distinct non-null elements two list aggregates hold together. #}
{% macro distinct_count_of_two(a, b) -%}
    {{ adapter.dispatch('distinct_count_of_two')(a, b) if adapter is defined else duckdb__distinct_count_of_two(a, b) }}
{%- endmacro %}
{% macro duckdb__distinct_count_of_two(a, b) -%}
    len(list_distinct(flatten([list({{ a }}), list({{ b }})])))
{%- endmacro %}
{% macro postgres__distinct_count_of_two(a, b) -%}
    (select count(distinct d) from unnest(array_agg({{ a }}) || array_agg({{ b }})) as u (d))
{%- endmacro %}

{# A date as YYYY-MM-DD text. #}
{% macro iso_date(expr) -%}
    {{ adapter.dispatch('iso_date')(expr) if adapter is defined else duckdb__iso_date(expr) }}
{%- endmacro %}
{% macro duckdb__iso_date(expr) -%}
    strftime({{ expr }}, '%Y-%m-%d')
{%- endmacro %}
{% macro postgres__iso_date(expr) -%}
    to_char({{ expr }}, 'YYYY-MM-DD')
{%- endmacro %}

{# The year of a date, as an integer. #}
{% macro year_of(expr) -%}
    {{ adapter.dispatch('year_of')(expr) if adapter is defined else duckdb__year_of(expr) }}
{%- endmacro %}
{% macro duckdb__year_of(expr) -%}
    year({{ expr }})
{%- endmacro %}
{% macro postgres__year_of(expr) -%}
    extract(year from {{ expr }})::integer
{%- endmacro %}

{# Days from the first date to the second. #}
{% macro days_between(first_date, second_date) -%}
    {{ adapter.dispatch('days_between')(first_date, second_date) if adapter is defined else duckdb__days_between(first_date, second_date) }}
{%- endmacro %}
{% macro duckdb__days_between(first_date, second_date) -%}
    date_diff('day', {{ first_date }}, {{ second_date }})
{%- endmacro %}
{% macro postgres__days_between(first_date, second_date) -%}
    ({{ second_date }}::date - {{ first_date }}::date)
{%- endmacro %}

{# The whole text matches the regular expression. #}
{% macro full_match(expr, pattern) -%}
    {{ adapter.dispatch('full_match')(expr, pattern) if adapter is defined else duckdb__full_match(expr, pattern) }}
{%- endmacro %}
{% macro duckdb__full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, '{{ pattern }}')
{%- endmacro %}
{% macro postgres__full_match(expr, pattern) -%}
    ({{ expr }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}

{# A number written as text, NULL when it is not one. #}
{% macro try_to_double(expr) -%}
    {{ adapter.dispatch('try_to_double')(expr) if adapter is defined else duckdb__try_to_double(expr) }}
{%- endmacro %}
{% macro duckdb__try_to_double(expr) -%}
    try_cast({{ expr }} as double)
{%- endmacro %}
{% macro postgres__try_to_double(expr) -%}
    (case when {{ expr }} ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$' then ({{ expr }})::float8 end)
{%- endmacro %}

{# A double rounded to n decimals (PostgreSQL rounds to decimals only numerics). #}
{% macro round_double(expr, n) -%}
    {{ adapter.dispatch('round_double')(expr, n) if adapter is defined else duckdb__round_double(expr, n) }}
{%- endmacro %}
{% macro duckdb__round_double(expr, n) -%}
    round({{ expr }}, {{ n }})
{%- endmacro %}
{% macro postgres__round_double(expr, n) -%}
    round(({{ expr }})::numeric, {{ n }})::float8
{%- endmacro %}

{# The most frequent value of a group. #}
{% macro most_frequent(expr) -%}
    {{ adapter.dispatch('most_frequent')(expr) if adapter is defined else duckdb__most_frequent(expr) }}
{%- endmacro %}
{% macro duckdb__most_frequent(expr) -%}
    mode({{ expr }})
{%- endmacro %}
{% macro postgres__most_frequent(expr) -%}
    mode() within group (order by {{ expr }})
{%- endmacro %}

{# Integers 1..n of a row, as a lateral table with one column. #}
{% macro one_to(n, alias, column) -%}
    {{ adapter.dispatch('one_to')(n, alias, column) if adapter is defined else duckdb__one_to(n, alias, column) }}
{%- endmacro %}
{% macro duckdb__one_to(n, alias, column) -%}
    (select unnest(range(1, {{ n }} + 1)) as {{ column }}) as {{ alias }}
{%- endmacro %}
{% macro postgres__one_to(n, alias, column) -%}
    generate_series(1, {{ n }}) as {{ alias }} ({{ column }})
{%- endmacro %}

{# Union of selects by column name (DuckDB's union all by name; on PostgreSQL every select must list
   the same columns in the same order, which the models using it do). #}
{% macro union_all_by_name() -%}
    {{ adapter.dispatch('union_all_by_name')() if adapter is defined else duckdb__union_all_by_name() }}
{%- endmacro %}
{% macro duckdb__union_all_by_name() -%}
    union all by name
{%- endmacro %}
{% macro postgres__union_all_by_name() -%}
    union all
{%- endmacro %}

{# One value standing for a tuple of columns (NULLs told apart), to group or join by. #}
{% macro row_key(columns) -%}
    {{ adapter.dispatch('row_key')(columns) if adapter is defined else duckdb__row_key(columns) }}
{%- endmacro %}
{% macro duckdb__row_key(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}
{% macro postgres__row_key(columns) -%}
    md5(row({{ columns | join(', ') }})::text)
{%- endmacro %}

{# A list of records (one per row of the group, in order): DuckDB's list of structs, PostgreSQL's jsonb array. #}
{% macro struct_list(fields, order_by) -%}
    {{ adapter.dispatch('struct_list')(fields, order_by) if adapter is defined else duckdb__struct_list(fields, order_by) }}
{%- endmacro %}
{% macro duckdb__struct_list(fields, order_by) -%}
    list({ {%- for f in fields %}'{{ f }}': {{ f }}{{ ', ' if not loop.last }}{% endfor -%} } order by {{ order_by }})
{%- endmacro %}
{% macro postgres__struct_list(fields, order_by) -%}
    jsonb_agg(jsonb_build_object({%- for f in fields %}'{{ f }}', {{ f }}{{ ', ' if not loop.last }}{% endfor -%}) order by {{ order_by }})
{%- endmacro %}

{% macro struct_list_type(fields) -%}
    {{ adapter.dispatch('struct_list_type')(fields) if adapter is defined else duckdb__struct_list_type(fields) }}
{%- endmacro %}
{% macro duckdb__struct_list_type(fields) -%}
    struct({{ fields }})[]
{%- endmacro %}
{% macro postgres__struct_list_type(fields) -%}
    jsonb
{%- endmacro %}

{# One day, as a window frame offset over a date column. #}
{% macro one_day() -%}
    {{ adapter.dispatch('one_day')() if adapter is defined else duckdb__one_day() }}
{%- endmacro %}
{% macro duckdb__one_day() -%}
    1
{%- endmacro %}
{% macro postgres__one_day() -%}
    interval '1 day'
{%- endmacro %}

{# A double as text the way DuckDB writes it (26.0, not PostgreSQL's 26), for messages and details. #}
{% macro double_text(expr) -%}
    {{ adapter.dispatch('double_text')(expr) if adapter is defined else duckdb__double_text(expr) }}
{%- endmacro %}
{% macro duckdb__double_text(expr) -%}
    {{ expr }}
{%- endmacro %}
{% macro postgres__double_text(expr) -%}
    (case
        when ({{ expr }})::float8 = trunc(({{ expr }})::float8) and abs(({{ expr }})::float8) < 1e15
            then trunc(({{ expr }})::float8)::bigint::text || '.0'
        else ({{ expr }})::float8::text
    end)
{%- endmacro %}
