{# None of `columns` holds a null: one scan of the model for all its required columns (one test per
   model instead of one per column). A failing row names the column and how many of its rows are
   null; the failure count is the total of null rows, as not_null's would be. #}
{% test not_null_columns(model, columns) %}
{{ config(fail_calc="coalesce(sum(null_rows), 0)") }}
with counts as (
    select
    {%- for column in columns %}
        count(*) filter (where {{ column }} is null) as null_{{ loop.index }}{{ "," if not loop.last }}
    {%- endfor %}
    from {{ model }}
)
{% for column in columns %}
select '{{ column }}' as column_name, null_{{ loop.index }} as null_rows from counts where null_{{ loop.index }} > 0
{{ "union all" if not loop.last }}
{% endfor %}
{% endtest %}
