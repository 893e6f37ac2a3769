-- One row per normalised subject that no indicator links: a candidate for the catalog
-- (promote: one row in seeds/curated/indicators.csv) or for seeds/curated/subject_map.csv.
with facts as (
    select * from {{ ref('int_candidate_facts') }}
),

grouped as (
    select
        subject_key,
        count(*) as fact_count,
        count(distinct doc_id) as document_count,
        count(distinct source_file) as source_file_count,
        {{ list_agg("coalesce(unit_code, '')", "coalesce(unit_code, '')", distinct=true) }} as unit_codes,
        {{ list_agg("change_kind", "change_kind", distinct=true) }} as change_kinds,
        {{ most_frequent("split_part(link_rule, '|', 1)") }} as main_refusal,
        {{ list_agg("source_file", "source_file", distinct=true) }} as source_files,
        ({{ list_agg('quote', 'doc_id, char_start') }})[1:3] as example_quotes,
        ({{ list_agg('sentence', 'doc_id, char_start') }})[1:3] as example_sentences,
        min(fact_id) as first_fact_id
    from facts
    group by subject_key
)

select
    subject_key,
    fact_count,
    document_count,
    source_file_count,
    unit_codes,
    change_kinds,
    main_refusal,
    source_files,
    example_quotes,
    example_sentences,
    first_fact_id,
    source_file_count >= 2 as in_several_texts
from grouped
