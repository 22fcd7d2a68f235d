#!/usr/bin/env bash
# The GPU check of issue 13 (scripts/gpu_run.py says what it runs and writes). On the device tool's
# machine, with .gpu packed by scripts/gpu_pack.py and carried:
#   bash scripts/gpu_run.sh            # files into $OUT
#   bash scripts/gpu_run.sh --cpu --out /tmp/gpu-dry    # the dry mode, tiny sizes, on the CPU
# There calligan is not installed: src/ goes on the path. PYTHON picks the interpreter (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="src${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
exec "${PYTHON:-python3}" scripts/gpu_run.py "$@"
