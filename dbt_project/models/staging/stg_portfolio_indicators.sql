select
    indicator_code,
    portfolio_group,
    measure,
    note,
    source_file,
    source_line
from {{ source('raw', 'portfolio_indicators') }}
