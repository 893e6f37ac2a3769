-- Inputs that were quarantined instead of loaded, with the reason: paths refused at scan
-- (leading outside seeds/), texts that could not be read (undecodable, binary, empty, no
-- article), and single articles that broke a per-document rule at ingest (stage validate: the
-- rule and the failing row; the rest of the text and every other text are loaded). The rest of
-- the refresh proceeds without them.
select
    path as input_id,
    path as source_file,
    'scan' as stage,
    cast(null as varchar) as doc_id,
    cast(null as varchar) as sha256,
    cast(null as integer) as line,
    cast(null as varchar) as rule,
    refused_reason as reason,
    cast(null as varchar) as run_id
from {{ source('raw', 'source_files') }}
where kind = 'refused'
union all
select
    coalesce(doc_id, source_file) as input_id,
    source_file,
    case
        when doc_id is null then 'parse'
        when rule = 'projects/extract_projects' then 'projects'
        when rule like 'expectations/rules.yml/%' then 'consistency'
        else 'validate'
    end as stage,
    doc_id,
    sha256,
    line,
    rule,
    reason,
    run_id
from {{ source('raw', 'rejected_texts') }}
