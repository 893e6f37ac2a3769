"""Documented fault-injection points, for tests of what a failing step leaves behind. No Dagster here.

``PLAN_FAULTS`` is a comma-separated list of point names; a step passing a listed point raises
InjectedFault. Points: ``scorecard`` (the report step after publishing, before it writes
scorecard.html). Unset in normal use; README, Operations.
"""

import os

FAULTS_ENV = "PLAN_FAULTS"


class InjectedFault(RuntimeError):
    """Raised at a fault point named in $PLAN_FAULTS."""


def fault_point(name: str) -> None:
    if name in {p.strip() for p in os.environ.get(FAULTS_ENV, "").split(",")}:
        raise InjectedFault(f"fault injected at '{name}' ({FAULTS_ENV}={os.environ[FAULTS_ENV]})")
