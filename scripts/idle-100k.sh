#!/usr/bin/env bash
# Holds 100 000 idle tunnels through one Argyle (the launcher's default flags) and measures, while they are held,
# the PSS of the server and the CONNECT+echo latency of fresh sessions, against the same latency on the idle
# server. Test-only (never run by CI): 100 000 tunnels need ~202 000 descriptors in the server, so run it as root.
#
#   scripts/idle-100k.sh [--tunnels N] [--groups G] [--out FILE]
#
# Each loopback 4-tuple needs its own ephemeral port (about 28 000 per address pair), so the tunnels are spread
# over G groups: group g's clients connect to an Argyle listener on 127.0.0.(g+2) and ask it for an echo server
# of their own on 127.0.1.(g+2). Load generator and targets are ../shared/bench/socksbench (or $SOCKSBENCH_DIR).
# Every wait is bounded; everything started is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
bench="${SOCKSBENCH_DIR:-$root/../shared/bench}"
sb="$bench/socksbench"
tunnels=100000
groups=4
out=""
while (($#)); do
  case "$1" in
    --tunnels) tunnels="$2"; shift 2 ;;
    --groups) groups="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--tunnels N] [--groups G] [--out FILE]" >&2; exit 2 ;;
  esac
done
per=$(((tunnels + groups - 1) / groups))
((per <= 28000)) || { echo "idle-100k: $per tunnels per group is too many for one address pair; raise --groups" >&2; exit 2; }
[[ -x "$sb" ]] || make -C "$bench" >/dev/null
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# The server holds two sockets per tunnel, plus Argyle's descriptor reserve (a tenth of the limit, at most 1024).
need=$((tunnels * 2 + 1024 + 512))
(( $(ulimit -n) >= need )) || {
  echo "idle-100k: $tunnels tunnels need $need descriptors in the server, the limit here is $(ulimit -n) (hard" \
       "$(ulimit -Hn)); raising it needs CAP_SYS_RESOURCE (root outside a restricted sandbox)" >&2; exit 2; }
(cd "$root" && mvn -q -B -Dmaven.test.skip=true package)

tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
log() { echo "$*" | tee -a "${out:-/dev/null}"; }

port="$("$sb" freeport 1 | head -n 1)"
{
  echo "listeners:"
  for ((g = -1; g < groups; g++)); do echo "  - listen: 127.0.0.$((g + 2)):$port"; done
  echo "limits:"
  echo "  max-sessions: 0"   # the default 10 000 is a flood guard; this test is the flood
} >"$tmp/argyle.yaml"
# The access log is on (as in production) but goes to a file, not the terminal.
"$root/argyle" serve --config "$tmp/argyle.yaml" --control-socket off --idle-timeout 0 2>"$tmp/argyle.log" &
server=$!
pids+=("$server")
"$sb" probe -x "127.0.0.1:$port" --setup-timeout 120 >/dev/null
for ((g = 0; g < groups; g++)); do
  "$sb" serve --bind "127.0.1.$((g + 2))" -d 900 >"$tmp/serve-$g.out" &
  pids+=("$!")
done
for ((g = 0; g < groups; g++)); do
  for _ in $(seq 1 100); do grep -q 'echo=' "$tmp/serve-$g.out" 2>/dev/null && break; sleep 0.1; done
done

probe() { # fresh sessions one at a time: handshake, echo, close
  "$sb" connrate -x "127.0.0.1:$port" -c 1 -d 5 -w 1 -l "$1" | tr ' ' '\n' \
    | grep -E '^(label|conns_per_s|p50_us|p99_us|echo_p50_us|echo_p99_us|total_p50_us|total_p99_us|errors|first_error)=' | tr '\n' ' '
}
log "# $(date -u +%FT%TZ) idle-100k: $tunnels tunnels in $groups groups, $(nproc) cores, $(java -version 2>&1 | head -n 1)"
probe warm-up >/dev/null   # JIT: the first seconds of a fresh JVM are not what it does later
log "idle-server: $("$sb" mem "$server" | grep -oE 'pss_kb=[0-9]+')  $(probe idle-server)"

for ((g = 0; g < groups; g++)); do
  echo_addr="$(grep -oE 'echo=[0-9.]+:[0-9]+' "$tmp/serve-$g.out" | head -n 1 | cut -d= -f2)"
  "$sb" idle -x "127.0.0.$((g + 2)):$port" --echo "$echo_addr" -k "$per" -c 64 --hold 600 \
    --setup-timeout 600 >"$tmp/idle-$g.out" 2>&1 &
  pids+=("$!")
  idle_pids+=("$!")
done
start=$(date +%s)
for ((g = 0; g < groups; g++)); do
  until grep -q 'phase=ready' "$tmp/idle-$g.out" 2>/dev/null; do
    (( $(date +%s) - start < 600 )) || { echo "idle-100k: group $g not ready after 600 s" >&2; cat "$tmp/idle-$g.out" >&2; exit 1; }
    sleep 0.5
  done
done
established=0
for ((g = 0; g < groups; g++)); do
  established=$((established + $(grep -oE 'established=[0-9]+' "$tmp/idle-$g.out" | head -n 1 | cut -d= -f2)))
done
log "held: established=$established in $(( $(date +%s) - start )) s  $("$sb" mem "$server" | grep -oE '(rss|pss)_kb=[0-9]+' | tr '\n' ' ')"
log "while-held: $(probe while-held)"
log "after-probe: $("$sb" mem "$server" | grep -oE 'pss_kb=[0-9]+')"
for p in "${idle_pids[@]}"; do kill -USR1 "$p"; done
alive=0
for ((g = 0; g < groups; g++)); do
  wait "${idle_pids[$g]}" || true
  alive=$((alive + $(grep -oE 'alive=[0-9]+' "$tmp/idle-$g.out" | tail -n 1 | cut -d= -f2)))
done
log "alive at the end (one echo through every tunnel): $alive of $established"
