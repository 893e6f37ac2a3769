-- One project × one article: the stage the article gives the project, placed in the lifecycle
-- and in time. Of an article's several statements of one project, a curated or confirmed one
-- wins over the extractor alone, an actual over a target, then the most advanced stage. Each
-- project's furthest actual stage is flagged.
with ranked as (
    select
        *,
        row_number() over (
            partition by project_code, doc_id
            order by
                status_source = 'extracted' asc,
                value_kind = 'actual' desc nulls last,
                stage_order desc nulls last,
                char_start asc nulls last,
                source_line asc nulls last
        ) as rank_in_document,
        count(*) over (partition by project_code, doc_id) as statements_in_document
    from {{ ref('int_project_statements') }}
),

per_document as (
    select
        project_code, doc_id, status_code, status_verb, quote, sentence, char_start, value_kind, status_source,
        extracted_status_code, mention_id, link_rule, source_file, source_line, stage_order, reported_on,
        statements_in_document
    from ranked
    where rank_in_document = 1
)

select
    *,
    -- The most advanced actual stage any report gives; ties go to the later report, then the doc id.
    value_kind = 'actual' and row_number() over (
        partition by project_code
        order by value_kind = 'actual' desc nulls last, stage_order desc nulls last, reported_on desc nulls last, doc_id asc
    ) = 1 as is_furthest_stage,
    -- The furthest actual stage of the reports published strictly before this one.
    max(case when value_kind = 'actual' then stage_order end) over (
        partition by project_code
        order by reported_on
        range between unbounded preceding and {{ one_day() }} preceding
    ) as earlier_stage_order
from per_document
