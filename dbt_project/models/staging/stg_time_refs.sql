select
    doc_id,
    char_start,
    char_end,
    text as time_text,
    kind as time_kind,
    "start" as period_start,
    "end" as period_end,
    role as time_role
from {{ source('raw', 'time_refs') }}
