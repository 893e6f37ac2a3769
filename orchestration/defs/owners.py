"""Who answers for the assets: shown as the owner of every asset in the Dagster UI."""

OWNERS = ["team:plan-analytics"]
