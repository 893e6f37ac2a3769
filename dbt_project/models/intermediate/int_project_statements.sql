-- Every statement of a catalog project's lifecycle stage in an article: the extracted mentions
-- (after the curated confirmations, corrections and rejections) and the curated rows that
-- matched no mention. status_source: extracted (the extractor alone), confirmed (a curated row
-- agrees), curated (a curated row set it: a correction or a statement of its own).
with extracted as (
    select
        m.project_code,
        m.doc_id,
        m.status_code,
        m.status_verb,
        coalesce(r.quote, m.quote) as quote,
        m.sentence,
        m.char_start,
        m.value_kind,
        case m.mention_status
            when 'confirmed' then 'confirmed'
            when 'corrected' then 'curated'
            else 'extracted'
        end as status_source,
        m.extracted_status_code,
        m.mention_id,
        m.link_rule,
        coalesce(r.source_file, m.source_file) as source_file,
        r.source_line
    from {{ ref('stg_project_mentions') }} as m
    left join {{ ref('stg_project_status_reports') }} as r
        on m.curated_source_line = r.source_line
    where
        m.project_code is not null
        and m.status_code is not null
        and m.mention_status <> 'rejected'
),

curated_only as (
    select
        r.project_code,
        r.doc_id,
        r.status_code,
        r.status_verb,
        r.quote,
        cast(null as varchar) as sentence,
        cast(null as integer) as char_start,
        'actual' as value_kind,
        'curated' as status_source,
        cast(null as varchar) as extracted_status_code,
        cast(null as varchar) as mention_id,
        'curated' as link_rule,
        r.source_file,
        r.source_line
    from {{ ref('stg_project_status_reports') }} as r
    where
        r.action is null
        and r.source_line not in (
            select m.curated_source_line from {{ ref('stg_project_mentions') }} as m
            where m.curated_source_line is not null
        )
)

select
    s.*,
    st.stage_order,
    d.published_date as reported_on
from (
    select * from extracted
    {{ union_all_by_name() }}
    select * from curated_only
) as s
join {{ ref('stg_project_statuses') }} as st using (status_code)
join {{ ref('stg_documents') }} as d using (doc_id)
