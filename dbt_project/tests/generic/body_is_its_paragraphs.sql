{# An article's body is its paragraphs, in order, joined by blank lines, and each paragraph's offsets
   are where it stands in the body (orchestration/parsing/documents.py: Article.body). A quote found in
   its paragraph is then found in the body (test quote_in_document with paragraph_column or offsets),
   and body[char_start:char_end] is the paragraph. Returns each article whose body differs, and each
   paragraph out of place. #}
{% test body_is_its_paragraphs(model, column_name) %}
with placed as (
    select
        doc_id,
        paragraph_ordinal,
        paragraph_text,
        char_start,
        char_end,
        row_number() over (partition by doc_id order by paragraph_ordinal) as position,
        coalesce(lag(char_end) over (partition by doc_id order by paragraph_ordinal) + 2, 0) as expected_start
    from {{ ref('stg_paragraphs') }}
),
joined as (
    select doc_id, string_agg(paragraph_text, chr(10) || chr(10) order by paragraph_ordinal) as body
    from placed
    group by doc_id
)
select d.doc_id, cast(null as integer) as paragraph_ordinal, 'body is not its paragraphs joined by blank lines' as problem
from {{ model }} as d
left join joined as j on j.doc_id = d.doc_id
where d.{{ column_name }} is distinct from coalesce(j.body, '')
union all
select doc_id, paragraph_ordinal, 'paragraph offsets or ordinal out of place' as problem
from placed
where paragraph_ordinal <> position
   or char_start <> expected_start
   or char_end - char_start <> length(paragraph_text)
{% endtest %}
