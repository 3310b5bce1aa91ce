#!/usr/bin/env bash
# Runs the neutral SOCKS benchmark (../shared/bench/compare.sh, or $SOCKSBENCH_DIR) against the current build,
# beside direct loopback, Dante and microsocks. Builds the jar first. Extra arguments go to compare.sh, e.g.
#   scripts/bench.sh --rounds 5
#   scripts/bench.sh --benches tput_up,tput_down --peers none --copy   # splice vs copying relay side by side
# Raw results land where compare.sh says; `compare.sh --report FILE` re-prints them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
bench="${SOCKSBENCH_DIR:-$root/../shared/bench}"
[[ -x "$bench/compare.sh" ]] || { echo "bench.sh: no compare.sh in $bench (set SOCKSBENCH_DIR)" >&2; exit 2; }

copy=0
args=()
for a in "$@"; do
  if [[ "$a" == "--copy" ]]; then copy=1; else args+=("$a"); fi
done

(cd "$root" && mvn -q -B -Dmaven.test.skip=true package)
# The candidate is the launcher itself, with its default JVM flags and environment: what a user runs.
cmd="exec $root/argyle serve --listen 127.0.0.1:{port}"
extra=()
if ((copy)); then
  extra=(--candidate2 "JAVA_TOOL_OPTIONS=-Dargyle.relay=copy exec $root/argyle serve --listen 127.0.0.1:{port}"
         --candidate2-name argyle-copy)
fi
cd "$bench"
exec ./compare.sh --candidate "$cmd" --candidate-name argyle "${extra[@]}" "${args[@]}"
