#!/usr/bin/env bash
# Builds argyle-bench and runs the codec microbenchmarks (JMH) with the allocation profiler.
# Any arguments replace the default run options, e.g. scripts/jmh.sh -f 1 -i 5 Socks5Decode.request
# Default: the short run recorded in docs/benchmarks.md ("Codec microbenchmarks (JMH)").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -o -pl argyle-bench -am package -DskipTests
if (($# == 0)); then
  set -- -f 1 -wi 2 -w 1 -i 3 -r 1 -prof gc
fi
exec java -jar argyle-bench/target/benchmarks.jar "$@"
