#!/usr/bin/env bash
# Long coverage-guided fuzzing of every wire decoder (docs/hardening.md): the nine decoders of argyle-protocol
# and the server's in-place UDP header parser, each in its own JVM under Jazzer's command line for N inputs
# (default 10^7), checking the same contract as the @FuzzTests that CI runs for a few seconds.
#   scripts/fuzz-long.sh                 # 10^7 inputs per decoder (about 2-4 minutes each here)
#   scripts/fuzz-long.sh 1000000         # 10^6
#   scripts/fuzz-long.sh 1000000 Socks5Request UdpHeaders
# Corpora, logs and any crash-* input land in target/fuzz-long/; a crash input reproduces with the same
# command and the file as argument, or as a regression test when copied into the @FuzzTest's *Inputs/ folder.
# Offline builds: MVN_ARGS=-o scripts/fuzz-long.sh. Exits non-zero if any decoder broke its contract.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
runs="${1:-10000000}"
shift || true
all=(Socks5Greeting Socks5MethodChoice Socks5Request Socks5Reply Socks5UdpHeader Socks4Request Socks4Reply
     PasswordAuthRequest PasswordAuthReply UdpHeaders)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")
out="$root/target/fuzz-long"
mkdir -p "$out"

echo "fuzz-long: building test classes and class paths"
# shellcheck disable=SC2086
mvn -q -B ${MVN_ARGS:-} -pl argyle-server -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath-\${project.artifactId}.txt"
proto_cp="$root/argyle-protocol/target/test-classes:$root/argyle-protocol/target/classes:$(cat "$out/classpath-argyle-protocol.txt")"
server_cp="$root/argyle-server/target/test-classes:$root/argyle-server/target/classes:$(cat "$out/classpath-argyle-server.txt")"
seeds="$root/argyle-protocol/src/test/resources/dev/argyle/protocol/fuzz/DecoderFuzzTestInputs/everyDecoder"
udp_seeds="$root/argyle-server/src/test/resources/dev/argyle/server/udp/UdpHeadersFuzzTestInputs/agreesWithTheProtocolDecoder"

failed=0
summary="$out/summary.txt"
: > "$summary"
for t in "${targets[@]}"; do
  corpus="$out/corpus/$t"
  mkdir -p "$corpus" "$out/crashes/$t"
  if [[ "$t" == UdpHeaders ]]; then
    cp -n "$udp_seeds"/* "$corpus"/ 2>/dev/null || true
    cmd=(java -cp "$server_cp" com.code_intelligence.jazzer.Jazzer
         --target_class=dev.argyle.server.udp.UdpHeadersFuzzTarget
         --instrumentation_includes='dev.argyle.server.udp.UdpHeaders')
  else
    # The JUnit seeds carry a decoder-selector byte in front; the per-decoder target takes the message alone.
    for f in "$seeds"/seed-"$t"-*; do
      [[ -e "$corpus/$(basename "$f")" ]] || tail -c +2 "$f" > "$corpus/$(basename "$f")"
    done
    cmd=(java "-Dargyle.fuzz.decoder=$t" -cp "$proto_cp" com.code_intelligence.jazzer.Jazzer
         --target_class=dev.argyle.protocol.fuzz.DecoderFuzzTarget
         --instrumentation_includes='dev.argyle.protocol.**' --instrumentation_excludes='dev.argyle.protocol.fuzz.**')
  fi
  echo "fuzz-long: $t, $runs inputs (log: $out/$t.log)"
  start=$(date +%s)
  if "${cmd[@]}" -runs="$runs" -max_len=600 -artifact_prefix="$out/crashes/$t/" "$corpus" > "$out/$t.log" 2>&1; then
    status=ok
  else
    status="FAILED (see $out/$t.log and $out/crashes/$t/)"
    failed=1
  fi
  secs=$(( $(date +%s) - start ))
  stats=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$out/$t.log" | tail -n 1 | sed -E 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [^ ]+).*(exec\/s: [0-9]+).*/\1 \2/' || true)
  line=$(grep -E '^FUZZ ' "$out/$t.log" | tail -n 1 || true)
  printf '%s\n    %s; %s s; %s\n' "${line:-FUZZ $t (no summary)}" "$status" "$secs" "${stats:-no libFuzzer stats}" | tee -a "$summary"
done
echo "fuzz-long: summary in $summary"
exit "$failed"
