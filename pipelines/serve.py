"""`python -m pipelines.serve`: serve `calligraphy-pipeline` so the Prefect UI can start runs.

Start a local server first (`prefect server start --host 127.0.0.1`) and point this process at it
with PREFECT_API_URL=http://127.0.0.1:4200/api. Runs happen in this process's runner, in the checkout
this package lives in: the served flow has every parameter of `calligraphy_pipeline` but `repo`.
"""

from __future__ import annotations

import inspect

from prefect import flow

from pipelines.flow import DEFAULT_REPO, FLOW_NAME, calligraphy_pipeline

DEPLOYMENT_NAME = "calligan"
# DVC locks the workspace: a second run queued from the UI waits for this slot instead of failing.
RUNS_AT_ONCE = 1


def _pipeline_in_this_checkout(**parameters):
    return calligraphy_pipeline.fn(repo=str(DEFAULT_REPO), **parameters)


_full = inspect.signature(calligraphy_pipeline.fn, eval_str=True)
_pipeline_in_this_checkout.__signature__ = _full.replace(
    parameters=[p for name, p in _full.parameters.items() if name != "repo"]
)
_pipeline_in_this_checkout.__annotations__ = {
    name: p.annotation for name, p in _pipeline_in_this_checkout.__signature__.parameters.items()
} | {"return": _full.return_annotation}
_pipeline_in_this_checkout.__doc__ = calligraphy_pipeline.fn.__doc__
served_pipeline = flow(name=FLOW_NAME)(_pipeline_in_this_checkout)

if __name__ == "__main__":
    served_pipeline.serve(name=DEPLOYMENT_NAME, global_limit=RUNS_AT_ONCE)
