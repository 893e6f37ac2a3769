{# Every quote is an exact substring of its article's repaired body: provenance that can be checked. #}
{% test quote_in_document(model, column_name, doc_column='doc_id') %}
select m.*
from {{ model }} as m
left join {{ ref('stg_documents') }} as d on d.doc_id = m.{{ doc_column }}
where m.{{ column_name }} is not null
  and (d.body is null or strpos(d.body, m.{{ column_name }}) = 0)
{% endtest %}
