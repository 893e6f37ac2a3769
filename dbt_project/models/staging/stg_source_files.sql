select
    path as source_file,
    kind as file_kind,
    size_bytes,
    sha256
from {{ source('raw', 'source_files') }}
