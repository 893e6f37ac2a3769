select
    section,
    indicator_code,
    chart,
    chart_label,
    chart_role,
    chart_order,
    note,
    source_file,
    source_line
from {{ source('raw', 'scorecard_indicators') }}
