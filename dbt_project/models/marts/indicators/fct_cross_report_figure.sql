{{ config(contract={'enforced': true}) }}
-- One row per figure that two or more documents give (same indicator, region, period and value
-- kind): how many documents, whether they all agree within the precision each was written at (the
-- same_figure_agrees rules' comparisons), and the pair furthest apart with both quotes.
with comparisons as (
    select distinct
        indicator_code, region_code, period_id, value_kind,
        observation_a, observation_b, passed, gap,
        doc_a, quote_a, expected_value as value_a, doc_b, quote_b, observed_value as value_b
    from {{ ref('qa_same_figure_agrees') }}
),

figures as (
    select
        indicator_code,
        region_code,
        period_id,
        value_kind,
        len(list_distinct(flatten([list(doc_a), list(doc_b)]))) as documents,
        count(*) as comparisons,
        count(*) filter (where not passed) as failed_comparisons,
        bool_and(passed) as agree,
        least(min(value_a), min(value_b)) as min_value,
        greatest(max(value_a), max(value_b)) as max_value,
        arg_max({'doc_a': doc_a, 'quote_a': quote_a, 'value_a': value_a,
                 'doc_b': doc_b, 'quote_b': quote_b, 'value_b': value_b},
                {'gap': gap, 'a': observation_a, 'b': observation_b}) as furthest
    from comparisons
    group by all
)

select
    md5(concat_ws('|', indicator_code, region_code, period_id, value_kind))::varchar as figure_id,
    indicator_code::varchar as indicator_code,
    region_code::varchar as region_code,
    period_id::varchar as period_id,
    value_kind::varchar as value_kind,
    documents::integer as documents,
    comparisons::bigint as comparisons,
    failed_comparisons::bigint as failed_comparisons,
    agree::boolean as agree,
    min_value::double as min_value,
    max_value::double as max_value,
    furthest.doc_a::varchar as doc_a,
    furthest.quote_a::varchar as quote_a,
    furthest.value_a::double as value_a,
    furthest.doc_b::varchar as doc_b,
    furthest.quote_b::varchar as quote_b,
    furthest.value_b::double as value_b
from figures
