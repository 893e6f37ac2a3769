-- Inputs that were quarantined instead of loaded, with the reason: paths refused at scan
-- (leading outside seeds/) and texts that could not be read (undecodable, binary, empty, no
-- article). The rest of the refresh proceeds without them.
select
    path as source_file,
    'scan' as stage,
    cast(null as varchar) as sha256,
    cast(null as integer) as line,
    refused_reason as reason,
    cast(null as varchar) as run_id
from {{ source('raw', 'source_files') }}
where kind = 'refused'
union all
select
    source_file,
    'parse' as stage,
    sha256,
    line,
    reason,
    run_id
from {{ source('raw', 'rejected_texts') }}
