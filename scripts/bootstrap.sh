#!/usr/bin/env bash
# One command on a fresh clone: build (or re-use) the environment, then run the default pipeline.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup-env.sh
export PATH="$root/.venv/bin:$PATH" DVC_NO_ANALYTICS=1
dvc repro "$@"
