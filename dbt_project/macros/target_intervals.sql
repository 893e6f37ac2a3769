{# Helpers of the target models (int_target_figures, int_actual_figures, fct_target_attainment). #}

{# A change is compared signed: a decrease of 3 is -3, so "下降13.5%" and "增长5%" sit on one axis
   and an indicator's direction reads the same way for levels and changes. #}
{% macro signed_low(change_kind, low, high) -%}
    (case when {{ change_kind }} = 'decrease' then -({{ high }}) else {{ low }} end)
{%- endmacro %}

{% macro signed_high(change_kind, low, high) -%}
    (case when {{ change_kind }} = 'decrease' then -({{ low }}) else {{ high }} end)
{%- endmacro %}

{# Which side of the target is better: a target written "over" (以上/不低于) is a floor and one
   written "under" (以内/不超过) a ceiling (swapped for a decrease, which is compared signed);
   otherwise the indicator's direction says it. #}
{% macro better_side(qualifier, change_kind, direction) -%}
    (case
        when {{ qualifier }} = 'over' and {{ change_kind }} = 'decrease' then 'lower_is_better'
        when {{ qualifier }} = 'over' then 'higher_is_better'
        when {{ qualifier }} = 'under' and {{ change_kind }} = 'decrease' then 'higher_is_better'
        when {{ qualifier }} = 'under' then 'lower_is_better'
        else coalesce({{ direction }}, 'neutral')
    end)
{%- endmacro %}

{# The actual interval [a_lo, a_hi] reaches the target interval [t_lo, t_hi] on its better side. #}
{% macro reaches(side, a_lo, a_hi, t_lo, t_hi) -%}
    (case {{ side }}
        when 'higher_is_better' then {{ a_hi }} >= {{ t_lo }} - 1e-9 * greatest(abs({{ t_lo }}), 1)
        when 'lower_is_better' then {{ a_lo }} <= {{ t_hi }} + 1e-9 * greatest(abs({{ t_hi }}), 1)
        else {{ a_lo }} <= {{ t_hi }} + 1e-9 * greatest(abs({{ t_hi }}), 1)
            and {{ a_hi }} >= {{ t_lo }} - 1e-9 * greatest(abs({{ t_lo }}), 1)
    end)
{%- endmacro %}

{# The whole actual interval lies beyond the target on its better side (超出). #}
{% macro exceeds(side, a_lo, a_hi, t_lo, t_hi) -%}
    (case {{ side }}
        when 'higher_is_better' then {{ a_lo }} > {{ t_hi }} + 1e-9 * greatest(abs({{ t_hi }}), 1)
        when 'lower_is_better' then {{ a_hi }} < {{ t_lo }} - 1e-9 * greatest(abs({{ t_lo }}), 1)
        else false
    end)
{%- endmacro %}
