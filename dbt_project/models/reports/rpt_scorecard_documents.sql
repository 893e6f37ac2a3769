-- The documents about the scorecard's regions: the source list at the foot of the page, and the
-- scope of every document-level section.
select
    d.doc_id,
    d.title,
    d.published_date,
    d.speaker,
    d.speaker_role,
    d.source_file
from {{ ref('dim_document') }} as d
where d.region_code in (select region_code from {{ ref('rpt_scorecard_regions') }})
