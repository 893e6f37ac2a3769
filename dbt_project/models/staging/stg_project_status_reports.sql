select
    project_code,
    doc_id,
    status_code,
    status_verb,
    quote,
    note,
    action,
    source_file,
    source_line
from {{ source('raw', 'project_status_reports') }}
