#!/usr/bin/env bash
# The soak (not part of CI's `mvn verify` beyond its 2-minute version, SoakIT): the packaged server with
# Netty's leak detector at PARANOID under mixed CONNECT / UDP ASSOCIATE / BIND load from our client library,
# every byte and datagram checked, RSS sampled every 10 s. Fails on any leak report, corrupted byte, failed
# sessions beyond one in a thousand, or RSS that keeps growing after the warm-up (a sixth of the run).
#
#   scripts/soak.sh                      # 60 minutes, results in docs/soak/
#   scripts/soak.sh --minutes 15 --out target/soak15
#   MVN_ARGS=-o scripts/soak.sh          # offline
#
# Writes OUT/rss.csv (elapsed_s,rss_kib,fds,cpu_s,sessions,failed,corrupted), OUT/server.log, OUT/result.txt
# and OUT/rss.png (needs Debian's python3-matplotlib; the chart is skipped with a note if it is missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

minutes=60
out=docs/soak
while (($#)); do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} install -Dmaven.test.skip=true
status=0
# shellcheck disable=SC2086
mvn -B ${MVN_ARGS:-} -pl argyle-cli verify -Dit.test=SoakIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dargyle.soak.minutes="$minutes" -Dargyle.soak.out="$out" | grep -E 'SOAK|Tests run:|FAIL|ERROR' || status=$?
[[ -f "$out/result.txt" ]] && cat "$out/result.txt"
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  /usr/bin/python3 scripts/soak-chart.py "$out/rss.csv" "$out/rss.png"
  echo "chart: $out/rss.png"
else
  echo "no chart: install python3-matplotlib" >&2
fi
if grep -q 'FAILURE' "argyle-cli/target/failsafe-reports/failsafe-summary.xml" 2>/dev/null \
   || ! grep -q '<failures>0</failures>' argyle-cli/target/failsafe-reports/failsafe-summary.xml \
   || ! grep -q '<errors>0</errors>' argyle-cli/target/failsafe-reports/failsafe-summary.xml; then
  echo "soak FAILED (see $out/result.txt and argyle-cli/target/failsafe-reports)" >&2
  exit 1
fi
echo "soak passed"
