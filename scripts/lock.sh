#!/usr/bin/env bash
# Resolves requirements.lock from pyproject.toml: run it after changing a dependency, commit both.
# uv resolves (for every platform and Python the project allows); pip installs the result
# (scripts/setup-env.sh). pip's own constraint file, where this machine has one, caps torch at the
# builds on its disk, so the lock never pins a release that pip here would refuse.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || python=python3
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
"$python" -m venv "$tools"
"$tools/bin/pip" install -q uv==0.13.9

caps=()
constraint="${PIP_CONSTRAINT:-$("$tools/bin/pip" config list | sed -n "s/^global\.constraint='\(.*\)'$/\1/p")}"
[ -n "$constraint" ] && caps=(--constraints "$constraint")
"$tools/bin/uv" pip compile pyproject.toml --extra dev --universal --python-version 3.11 "${caps[@]}" \
  --custom-compile-command "bash scripts/lock.sh" --output-file requirements.lock --quiet
echo "calligan: requirements.lock resolved ($(grep -c '^[A-Za-z0-9]' requirements.lock) pins)"
