#!/usr/bin/python3
"""Draws the comparison chart for docs/benchmarks.md from a raw compare.sh results file.

    /usr/bin/python3 scripts/bench-chart.py docs/bench/RESULTS.txt docs/bench/RESULTS.png

Each group is one figure of merit, as a ratio to Dante from the medians of the run (higher is better:
"lower is better" figures are inverted, so every bar reads the same way). Needs Debian's python3-matplotlib.
"""
import statistics
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# (bench, value key, label on the chart, higher_is_better, per_core)
FIGURES = [
    ("tput_up", "gbps", "upload\nGbit/s per core", True, True),
    ("tput_down", "gbps", "download\nGbit/s per core", True, True),
    ("connrate", "conns_per_s", "connections/s\n(c=16)", True, False),
    ("connrate_c1", "p50_us", "handshake p50\n(c=1)", False, False),
    ("latency_spin", "p50_us", "RTT p50\n(spinning client)", False, False),
    ("udp", "dgrams_per_s", "UDP\ndatagrams/s", True, False),
    ("idle", "pss_kb", "PSS with\nidle tunnels", False, False),
]
SERVERS = ["dante", "microsocks", "argyle", "argyle-copy"]
COLORS = {"dante": "#8c8c8c", "microsocks": "#d9a441", "argyle": "#2f6fb0", "argyle-copy": "#7fb3e0"}


def parse(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or "=" not in line:
                continue
            kv = dict(p.split("=", 1) for p in line.split() if "=" in p)
            rows.append(kv)
    return rows


def medians(rows):
    values = defaultdict(list)
    for r in rows:
        if r.get("status") != "ok" or "bench" not in r or "label" not in r:
            continue
        for bench, key, _, _, per_core in FIGURES:
            if r["bench"] != bench or key not in r:
                continue
            v = float(r[key])
            if per_core:
                cpu = float(r.get("proxy_cpu_pct", "0") or 0)
                if cpu <= 0:
                    continue
                v = v / (cpu / 100.0)
            values[(bench, r["label"])].append(v)
    return {k: statistics.median(v) for k, v in values.items() if v}


def main(src, dst):
    med = medians(parse(src))
    present = [s for s in SERVERS if any(k[1] == s for k in med)]
    fig, ax = plt.subplots(figsize=(11, 4.8), dpi=110)
    width = 0.8 / max(1, len(present))
    for i, server in enumerate(present):
        xs, ys = [], []
        for j, (bench, _, _, higher, _) in enumerate(FIGURES):
            ref, val = med.get((bench, "dante")), med.get((bench, server))
            if not ref or not val:
                continue
            xs.append(j + (i - (len(present) - 1) / 2) * width)
            ys.append(val / ref if higher else ref / val)
        bars = ax.bar(xs, ys, width, label=server, color=COLORS.get(server, "#444"))
        for x, y in zip(xs, ys):
            ax.text(x, y, f"{y:.2g}", ha="center", va="bottom", fontsize=7)
    ax.axhline(1.0, color="#444", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(FIGURES)))
    ax.set_xticklabels([f[2] for f in FIGURES], fontsize=8)
    ax.set_ylabel("ratio to Dante (higher is better, log scale)")
    ax.set_title("SOCKS servers on one 2-vCPU machine, medians of one compare.sh run")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(dst)
    print(f"wrote {dst}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
