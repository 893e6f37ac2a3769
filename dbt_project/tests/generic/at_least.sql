{# Every non-null value of the column is at least `minimum`. #}
{% test at_least(model, column_name, minimum) %}
select *
from {{ model }}
where {{ column_name }} < {{ minimum }}
{% endtest %}
