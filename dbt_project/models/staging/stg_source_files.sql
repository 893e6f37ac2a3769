select
    path as source_file,
    kind as file_kind,
    size_bytes,
    sha256,
    refused_reason
from {{ source('raw', 'source_files') }}
