{{ config(contract={'enforced': true}) }}
select
    doc_id::varchar as doc_id,
    source_file::varchar as source_file,
    source_sha256::varchar as source_sha256,
    article_ordinal::integer as article_ordinal,
    title::varchar as title,
    kicker::varchar as kicker,
    subtitle::varchar as subtitle,
    reporter::varchar as reporter,
    speaker::varchar as speaker,
    speaker_role::varchar as speaker_role,
    source_name::varchar as source_name,
    published_date::date as published_date,
    date_basis::varchar as date_basis,
    region_code::varchar as region_code,
    paragraph_count::integer as paragraph_count,
    char_count::integer as char_count
from {{ ref('stg_documents') }}
