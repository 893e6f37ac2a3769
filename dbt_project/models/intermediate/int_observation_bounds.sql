-- Each observation with the precision it was reported at: a figure is known to half a unit of
-- its last written digit, in canonical units (215.2万千瓦 → ±500 kW; 74.6% → ±0.05).
-- Figures written in Chinese numerals (二十二, 上千) get no tolerance, and neither do exact counts:
-- an integer count of a count unit (var exact_count_units) written exactly, with no 万/亿 and no
-- rounding word (qualifier exact), is a count, not a rounded measure: 26台 is 26, never 26.4.
with obs as (
    select
        *,
        {{ try_to_double("replace(figure_as_written, ',', '')") }} as figure_number,
        case
            when strpos(figure_as_written, '.') > 0 then length(figure_as_written) - strpos(figure_as_written, '.')
            else 0
        end as decimals
    from {{ ref('fct_indicator_observation') }}
)

select
    *,
    case
        when figure_number is null or figure_number = 0 then 0.0
        when qualifier = 'exact' and decimals = 0 and coalesce(multiplier, '') = ''
            and unit_code in ({{ "'" ~ var('exact_count_units') | join("', '") ~ "'" }}) then 0.0
        else 0.5 * pow(10, -decimals) * (value / figure_number)
    end as tolerance
from obs
