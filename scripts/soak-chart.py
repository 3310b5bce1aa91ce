#!/usr/bin/python3
"""Draws the soak's RSS curve (and descriptors, sessions) from scripts/soak.sh's rss.csv.

    /usr/bin/python3 scripts/soak-chart.py docs/soak/rss.csv docs/soak/rss.png

Needs Debian's python3-matplotlib.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(src, dst):
    with open(src) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit("no samples in " + src)
    minutes = [int(r["elapsed_s"]) / 60 for r in rows]
    rss = [int(r["rss_kib"]) / 1024 for r in rows]
    fds = [int(r["fds"]) for r in rows]
    sessions = [int(r["sessions"]) for r in rows]
    warmup = max(0.5, minutes[-1] / 6)

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True, height_ratios=[3, 1.4])
    top.plot(minutes, rss, color="#2f6fb0", linewidth=1.6, label="RSS (MiB)")
    top.axvspan(0, warmup, color="#dddddd", alpha=0.6, label="warm-up")
    top.set_ylabel("RSS, MiB")
    top.set_ylim(0, max(rss) * 1.15)
    top.grid(alpha=0.3)
    top.legend(loc="lower right")
    top.set_title("argyle serve, soak: mixed CONNECT / UDP / BIND, leak detection PARANOID\n"
                  f"{sessions[-1]:,} sessions in {minutes[-1]:.0f} min")
    bottom.plot(minutes, fds, color="#d9a441", linewidth=1.2, label="open descriptors")
    bottom.set_ylabel("descriptors")
    bottom.set_xlabel("minutes")
    bottom.set_ylim(0, max(fds) * 1.3)
    bottom.grid(alpha=0.3)
    bottom.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(dst, dpi=110)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
