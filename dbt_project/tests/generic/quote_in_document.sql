{# Every quote is an exact substring of its article's repaired body: provenance that can be checked.

   With paragraph_column (the row's paragraph ordinal) or offsets ([start, end] columns: the paragraph
   holding them) the quote is looked for in that paragraph only. That is the same claim, made narrower:
   the body is its paragraphs joined by blank lines (test body_is_its_paragraphs on stg_documents), so a
   quote in one of them is in the body, and in the paragraph the row says it came from. It is also what
   keeps the test cheap at scale: searching a ~200-character paragraph instead of a ~20,000-character
   body for each of 200,000 facts (1,000 reports: 2.6 s -> 0.2 s of DuckDB time for stg_facts). A row
   whose paragraph column is null is looked for in the whole body, as without these arguments. #}
{% test quote_in_document(model, column_name, doc_column='doc_id', paragraph_column=none, offsets=none) %}
{% if paragraph_column or offsets %}
{%- set located = ('m.' ~ paragraph_column) if paragraph_column else ('m.' ~ offsets[0]) -%}
select m.*
from {{ model }} as m
left join {{ ref('stg_paragraphs') }} as p
  on p.doc_id = m.{{ doc_column }}
  {% if paragraph_column -%}
  and p.paragraph_ordinal = m.{{ paragraph_column }}
  {%- else -%}
  and m.{{ offsets[0] }} >= p.char_start and m.{{ offsets[1] }} <= p.char_end
  {%- endif %}
left join {{ ref('stg_documents') }} as d on d.doc_id = m.{{ doc_column }} and {{ located }} is null
where m.{{ column_name }} is not null
  and case when {{ located }} is null then d.body is null or strpos(d.body, m.{{ column_name }}) = 0
           else p.paragraph_text is null or strpos(p.paragraph_text, m.{{ column_name }}) = 0 end
{% else %}
select m.*
from {{ model }} as m
left join {{ ref('stg_documents') }} as d on d.doc_id = m.{{ doc_column }}
where m.{{ column_name }} is not null
  and (d.body is null or strpos(d.body, m.{{ column_name }}) = 0)
{% endif %}
{% endtest %}
