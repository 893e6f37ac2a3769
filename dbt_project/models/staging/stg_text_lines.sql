select
    source_file,
    doc_id,
    line_number,
    source_file || ':' || line_number as line_id,
    line_kind,
    reason as decision_reason,
    line_text
from {{ source('raw', 'text_lines') }}
