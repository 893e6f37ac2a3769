-- Figures no indicator claims: the work list of the catalog. Rejected facts and facts without a
-- subject are left out; the key is the subject normalised by linking.candidate_key (raw.fact_links).
select
    f.fact_id,
    f.subject_key,
    f.subject,
    f.subject_entity,
    f.unit_code,
    f.change_kind,
    f.change_unit,
    f.link_rule,
    f.doc_id,
    f.source_file,
    f.quote,
    f.sentence,
    f.char_start
from {{ ref('stg_facts') }} as f
where
    f.indicator_code is null
    and f.fact_status <> 'rejected'
    and f.subject_key is not null
