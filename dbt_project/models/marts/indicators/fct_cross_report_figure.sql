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
        {{ distinct_count_of_two('doc_a', 'doc_b') }} as documents,
        count(*) as comparisons,
        count(*) filter (where not passed) as failed_comparisons,
        bool_and(passed) as agree,
        least(min(value_a), min(value_b)) as min_value,
        greatest(max(value_a), max(value_b)) as max_value,
        -- the pair furthest apart (largest gap; ties: the last observation ids)
        (array_agg(doc_a order by gap desc nulls last, observation_a desc, observation_b desc))[1] as furthest_doc_a,
        (array_agg(quote_a order by gap desc nulls last, observation_a desc, observation_b desc))[1] as furthest_quote_a,
        (array_agg(value_a order by gap desc nulls last, observation_a desc, observation_b desc))[1] as furthest_value_a,
        (array_agg(doc_b order by gap desc nulls last, observation_a desc, observation_b desc))[1] as furthest_doc_b,
        (array_agg(quote_b order by gap desc nulls last, observation_a desc, observation_b desc))[1] as furthest_quote_b,
        (array_agg(value_b order by gap desc nulls last, observation_a desc, observation_b desc))[1] as furthest_value_b
    from comparisons
    group by indicator_code, region_code, period_id, value_kind
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
    min_value::float8 as min_value,
    max_value::float8 as max_value,
    furthest_doc_a::varchar as doc_a,
    furthest_quote_a::varchar as quote_a,
    furthest_value_a::float8 as value_a,
    furthest_doc_b::varchar as doc_b,
    furthest_quote_b::varchar as quote_b,
    furthest_value_b::float8 as value_b
from figures
