select
    doc_id,
    source_file,
    source_sha256,
    encoding,
    ordinal as article_ordinal,
    title,
    kicker,
    subtitle,
    reporter,
    byline_place,
    speaker,
    speaker_role,
    source_name,
    published_date,
    -- A text with no date found (no year anywhere) publishes with its date unknown, flagged here and
    -- by the WARN tests on published_date; its relative periods (今年, 去年) stay unresolved.
    case when published_date is null then 'unknown: no date found in the text' else date_basis end as date_basis,
    region_code,
    source_line,
    paragraph_count,
    char_count,
    joined_breaks as column_breaks_repaired,
    body
from {{ source('raw', 'documents') }}
