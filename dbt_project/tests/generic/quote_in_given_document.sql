{# A quote given with a document id is an exact substring of that article's body; a row with no
   document (a curated target typed from a plan outside the warehouse) is not checked. #}
{% test quote_in_given_document(model, column_name, doc_column='doc_id') %}
select m.*
from {{ model }} as m
left join {{ ref('stg_documents') }} as d on d.doc_id = m.{{ doc_column }}
where m.{{ column_name }} is not null
  and m.{{ doc_column }} is not null
  and (d.body is null or strpos(d.body, m.{{ column_name }}) = 0)
{% endtest %}
