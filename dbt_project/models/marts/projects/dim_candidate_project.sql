{{ config(contract={'enforced': true}) }}
-- One unknown project: mentions of a named project that no catalog name or alias links, grouped
-- by their most reduced form (candidate_key). Promote one with a row in
-- seeds/curated/projects.csv (its name, or the form written here as an alias): the next refresh
-- links every mention of it and it leaves this list. Counted groups (3条铁路专用线) are not listed.
with mentions as (
    select *
    from {{ ref('stg_project_mentions') }}
    where
        project_code is null
        and group_count is null
        and mention_status <> 'rejected'
),

grouped as (
    select
        candidate_key,
        count(*) as mention_count,
        count(distinct doc_id) as document_count,
        count(distinct source_file) as source_file_count,
        {{ list_agg("mention_name", "mention_name", distinct=true) }} as names,
        {{ list_agg("extracted_stage", "extracted_stage", distinct=true) }} as extracted_stages,
        {{ list_agg("mention_kind", "mention_kind", distinct=true) }} as mention_kinds,
        bool_or(link_rule = 'ambiguous') as is_ambiguous,
        {{ list_agg("matched_name", "matched_name", distinct=true) }} filter (where link_rule = 'ambiguous') as ambiguous_between,
        {{ list_agg("doc_id", "doc_id", distinct=true) }} as doc_ids,
        {{ list_agg("source_file", "source_file", distinct=true) }} as source_files,
        ({{ list_agg('quote', 'doc_id, char_start') }})[1:3] as example_quotes,
        ({{ list_agg('sentence', 'doc_id, char_start') }})[1:3] as example_sentences,
        min(mention_id) as first_mention_id
    from mentions
    group by candidate_key
)

select
    candidate_key::varchar as candidate_key,
    mention_count::integer as mention_count,
    document_count::integer as document_count,
    source_file_count::integer as source_file_count,
    names::varchar[] as names,
    extracted_stages::varchar[] as extracted_stages,
    mention_kinds::varchar[] as mention_kinds,
    is_ambiguous::boolean as is_ambiguous,
    ambiguous_between::varchar[] as ambiguous_between,
    doc_ids::varchar[] as doc_ids,
    source_files::varchar[] as source_files,
    example_quotes::varchar[] as example_quotes,
    example_sentences::varchar[] as example_sentences,
    first_mention_id::varchar as first_mention_id,
    (source_file_count >= 2)::boolean as in_several_texts
from grouped
