"""`python -m pipelines.serve`: serve `calligraphy-pipeline` so the Prefect UI can start runs.

Start a local server first (`prefect server start --host 127.0.0.1`) and point this process at it
with PREFECT_API_URL=http://127.0.0.1:4200/api. Runs happen in this process, in this checkout.
"""

from __future__ import annotations

from pipelines.flow import calligraphy_pipeline

DEPLOYMENT_NAME = "calligan"

if __name__ == "__main__":
    # One run at a time: DVC locks the workspace, so a second would only wait on the lock.
    calligraphy_pipeline.serve(name=DEPLOYMENT_NAME, limit=1)
