{{ config(contract={'enforced': true}) }}
-- Open consistency findings: every failed comparison, with the rule, both documents and quotes.
select
    e.evidence_id::varchar as finding_id,
    e.rule_id::varchar as rule_id,
    r.severity::varchar as severity,
    r.description_zh::varchar as rule_zh,
    r.description_en::varchar as rule_en,
    e.indicator_code::varchar as indicator_code,
    i.indicator_name_zh::varchar as indicator_name_zh,
    i.indicator_name_en::varchar as indicator_name_en,
    e.region_code::varchar as region_code,
    e.period_id::varchar as period_id,
    e.observed_value::float8 as observed_value,
    e.expected_value::float8 as expected_value,
    e.tolerance::float8 as tolerance,
    e.doc_a::varchar as doc_a,
    e.quote_a::varchar as quote_a,
    e.sentence_a::varchar as sentence_a,
    e.doc_b::varchar as doc_b,
    e.quote_b::varchar as quote_b,
    e.sentence_b::varchar as sentence_b,
    e.detail::varchar as detail
from {{ ref('qa_evidence') }} as e
join {{ source('raw', 'consistency_rules') }} as r using (rule_id)
left join {{ ref('dim_indicator') }} as i on i.indicator_code = e.indicator_code
where not e.passed
