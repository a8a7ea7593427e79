#!/usr/bin/env bash
# Runs benchmarks against the project's own services (test profile; benchmark cores of their own).
# Usage: bench.sh [NAME [ARGS...]]   NAME is a bench/NAME.py; without NAME, all of them.
. "$(dirname "$0")/env.sh"
ckan_env shaoxing_test
cd "$ROOT"
names=${1:-}; [ $# -gt 0 ] && shift
for name in ${names:-$(ls bench/*.py | xargs -n1 basename | sed 's/\.py$//' | grep -vE '^(__init__|corpus)$')}; do
  say "bench/$name.py"
  "$VENV/bin/python" "bench/$name.py" "$@" 2> >(grep -vE ' INFO |^$' >&2)
done
