select
    doc_id,
    ordinal as paragraph_ordinal,
    doc_id || ':' || ordinal as paragraph_id,
    section,
    heading_path,
    text as paragraph_text,
    char_start,
    char_end,
    source_line,
    joined_breaks as column_breaks_repaired
from {{ source('raw', 'paragraphs') }}
