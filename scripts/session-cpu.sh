#!/usr/bin/env bash
# CPU per relayed session (user + system time) for any SOCKS5 server: starts the server, warms it
# up with socksbench connrate (20 s: a JVM's JIT settles after ~20 s of this load), then runs connrate again and
# divides the server process's utime/stime (/proc/PID/stat: every thread, exited ones too, so a
# thread-per-connection server is counted whole) by the sessions completed. With --threads, also the share of
# each live thread (by name; threads started during the window are not listed).
#
#   scripts/session-cpu.sh -- ./argyle serve --listen 127.0.0.1:{port}
#   scripts/session-cpu.sh --conc 1 --threads -- microsocks -i 127.0.0.1 -p {port}
#
# {port} in the command is replaced by a free port. Talks to loopback only; every wait is bounded.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
bench="${SOCKSBENCH_DIR:-$root/../shared/bench}"
conc=16 warmup=20 duration=5 threads=0
while (($#)); do
  case "$1" in
    --conc) conc=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --threads) threads=1; shift ;;
    --) shift; break ;;
    *) echo "session-cpu.sh: unknown option $1 (see the header of this script)" >&2; exit 2 ;;
  esac
done
(($#)) || { echo "session-cpu.sh: give the server command after --" >&2; exit 2; }

[[ -f "$bench/socksbench.c" ]] || { echo "session-cpu.sh: no socksbench.c in $bench (set SOCKSBENCH_DIR)" >&2; exit 2; }
sb="$bench/socksbench"
scratch="$(mktemp -d)"
if [[ ! -x "$sb" ]]; then
  sb="$scratch/socksbench"
  cc -O2 -o "$sb" "$bench/socksbench.c" -lm
fi
port="$("$sb" freeport 1)"
log="$scratch/server.log"
args=("${@//\{port\}/$port}")
env "${args[@]}" >"$log" 2>&1 &
pid=$!
stop() { # TERM, then KILL after 10 s: bounded
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
trap 'stop; rm -rf "$scratch"' EXIT
up=0
for _ in $(seq 1 60); do # up to ~60 s for a first build of the jar; stop early if the server died
  kill -0 "$pid" 2>/dev/null || break
  if "$sb" probe -x "127.0.0.1:$port" --setup-timeout 1 -q >/dev/null 2>&1; then up=1; break; fi
done
((up)) || { echo "session-cpu.sh: the server did not answer on port $port; its output:" >&2; cat "$log" >&2; exit 1; }
"$sb" connrate -x "127.0.0.1:$port" -c "$conc" -d "$warmup" -w 0 -q >/dev/null

snap() { # one line per thread: name utime stime (clock ticks)
  for t in /proc/"$pid"/task/*; do
    # The name in stat is in parentheses and may hold spaces ("C2 CompilerThre"): count fields after it.
    printf '%s %s\n' "$(tr ' ' _ <"$t/comm")" "$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12, $13}')"
  done | sort
}
proc() { sed 's/.*) //' /proc/"$pid"/stat | awk '{print $12, $13}'; }
read -r u0 s0 < <(proc)
before="$(snap)"
out="$("$sb" connrate -x "127.0.0.1:$port" -c "$conc" -d "$duration" -w 0 -q --proxy-pid "$pid")"
after="$(snap)"
read -r u1 s1 < <(proc)
field() { tr ' ' '\n' <<<"$out" | sed -n "s/^$1=//p"; }
sessions="$(field conns)"
((sessions > 0)) || { echo "session-cpu.sh: no session completed: $out" >&2; exit 1; }
hz="$(getconf CLK_TCK)"
# Sum per thread name (Netty names its loops argyle-io-N-M; several JIT threads share a name).
per_thread="$(join <(awk '{u[$1]+=$2; s[$1]+=$3} END {for (k in u) print k, u[k], s[k]}' <<<"$before" | sort) \
                   <(awk '{u[$1]+=$2; s[$1]+=$3} END {for (k in u) print k, u[k], s[k]}' <<<"$after" | sort) |
              awk '{print $1, $4 - $2, $5 - $3}')"
awk -v n="$sessions" -v hz="$hz" -v rate="$(field conns_per_s)" -v p50="$(field p50_us)" \
    -v busy="$(field sys_busy_pct)" -v conc="$conc" -v u=$((u1 - u0)) -v s=$((s1 - s0)) '
  BEGIN {
    printf "c=%d sessions=%d conns_per_s=%s handshake_p50_us=%s machine_busy_pct=%s\n", conc, n, rate, p50, busy
    printf "per session: user %.1f us, system %.1f us, total %.1f us (system %.0f%%)\n",
      u / hz / n * 1e6, s / hz / n * 1e6, (u + s) / hz / n * 1e6, (u + s) ? 100 * s / (u + s) : 0
  }' </dev/null
if ((threads)); then
  awk -v n="$sessions" -v hz="$hz" '$2 + $3 > 0 {printf "  %-24s %7.1f us per session\n", $1, ($2 + $3) / hz / n * 1e6}' \
    <<<"$per_thread" | sort -k2 -rn
fi
