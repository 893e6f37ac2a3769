select
    doc_id,
    ordinal as heading_ordinal,
    doc_id || ':h' || ordinal as heading_id,
    case when parent_ordinal is not null then doc_id || ':h' || parent_ordinal end as parent_heading_id,
    level as heading_level,
    number as heading_number,
    text as heading_text,
    source_line,
    body_offset,
    "inline" as is_inline,
    source_file
from {{ source('raw', 'headings') }}
