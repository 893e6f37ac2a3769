-- Every project mention the extractor read, with its catalog link and its stage after the
-- curated statements (seeds/curated/project_status_reports.csv).
select
    m.mention_id,
    m.doc_id,
    m.extractor_version,
    m.paragraph_ordinal,
    m.name as mention_name,
    m.char_start,
    m.char_end,
    m.quote,
    m.sentence,
    m.sentence_start,
    m.kind as mention_kind,
    m.stage as extracted_stage,
    m.status_verb,
    m.weak as is_weak_stage,
    m.count as group_count,
    m.value_kind,
    m.period_start,
    m.period_end,
    l.project_code,
    l.link_rule,
    l.link_score,
    l.matched_name,
    l.candidate_key,
    l.extracted_status_code,
    l.status_code,
    coalesce(l.status, 'extracted') as mention_status,
    l.curated_source_line,
    m.source_file
from {{ source('raw', 'project_mentions') }} as m
left join {{ source('raw', 'project_links') }} as l using (mention_id)
