#!/usr/bin/env python3
"""Trappa's view of a run.sh result: report.py RUNS_TSV [REBUILD_TSV]

Prints, per corpus size N: median wall time of Trappa, Hugo and the C floor;
the ratios Trappa/Hugo and Trappa/floor as the median of the pairwise ratios
of the same round (run r of one tool against run r of the other, which ran
seconds apart: the only ratios that mean anything on a shared, noisy
machine); CPU time; peak RSS; files written; the scaling exponent between
consecutive sizes (log(t2/t1) / log(N2/N1): 1 is linear); and the issue's
targets at N = 10 000. Failed runs (rc != 0) are left out of every figure.
"""
import csv
import math
import statistics
import sys
from collections import defaultdict

PRODUCT, HUGO, FLOOR, WRITE = "trappa", "hugo", "floor-c", "floor-write"
TOOLS = [PRODUCT, HUGO, FLOOR, WRITE]
TARGET_N = 10000


def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def ok(rows):
    return [r for r in rows if r["rc"] == "0"]


def pairwise(a_rows, b_rows):
    """Median over rounds of a/b, for the rounds where both succeeded."""
    a = {r["run"]: float(r["wall_s"]) for r in ok(a_rows)}
    b = {r["run"]: float(r["wall_s"]) for r in ok(b_rows)}
    rs = [a[k] / b[k] for k in a if k in b and b[k] > 0]
    return (statistics.median(rs), min(rs), max(rs), len(rs)) if rs else None


def fmt_ratio(p):
    if not p:
        return "–"
    med, lo, hi, _ = p
    return f"{med:.2f} ({lo:.2f}–{hi:.2f})"


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    by = defaultdict(list)  # (tool, N) -> rows
    for r in load(argv[1]):
        by[(r["tool"], int(r["N"]))].append(r)
    sizes = sorted({n for (_, n) in by})
    tools = [t for t in TOOLS if any((t, n) in by for n in sizes)]
    med = {}
    for k, rows in by.items():
        good = ok(rows)
        if good:
            med[k] = statistics.median(float(r["wall_s"]) for r in good)

    print("| N | tool | runs ok | median wall s | min–max s | CPU s | peak RSS MiB | files out |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        for t in TOOLS:
            rows = by.get((t, n))
            if not rows:
                continue
            good = ok(rows)
            if not good:
                print(f"| {n:,} | {t} | 0/{len(rows)} | failed | | | | |")
                continue
            walls = [float(r["wall_s"]) for r in good]
            cpu = statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in good)
            rss = max(int(r["maxrss_kb"] or 0) for r in good) / 1024
            print(f"| {n:,} | {t} | {len(good)}/{len(rows)} | {med[(t, n)]:.3f} | "
                  f"{min(walls):.3f}–{max(walls):.3f} | {cpu:.2f} | {rss:,.0f} | {good[-1]['files']} |")

    print()
    print("Ratios: median of the pairwise ratios of the same round (min–max over rounds).")
    print()
    print("| N | Trappa/Hugo | Hugo/Trappa (speed-up) | Trappa/floor |")
    print("|---:|---:|---:|---:|")
    ratios = {}
    for n in sizes:
        th = pairwise(by.get((PRODUCT, n), []), by.get((HUGO, n), []))
        ht = pairwise(by.get((HUGO, n), []), by.get((PRODUCT, n), []))
        tf = pairwise(by.get((PRODUCT, n), []), by.get((FLOOR, n), []))
        ratios[n] = (th, ht, tf)
        print(f"| {n:,} | {fmt_ratio(th)} | {fmt_ratio(ht)} | {fmt_ratio(tf)} |")
    if WRITE in tools:
        print()
        print("Writing Trappa's file tree and nothing else (floor-write), as a share of Trappa's time:")
        print()
        for n in sizes:
            wt = pairwise(by.get((WRITE, n), []), by.get((PRODUCT, n), []))
            print(f"- N = {n:,}: {fmt_ratio(wt)}")

    if len(sizes) > 1:
        print()
        print("Scaling exponent of the median wall time, log(t2/t1)/log(N2/N1) (1 = linear):")
        print()
        print("| sizes | " + " | ".join(tools) + " |")
        print("|---|" + "---:|" * len(tools))
        for n1, n2 in zip(sizes, sizes[1:]):
            cells = []
            for t in tools:
                a, b = med.get((t, n1)), med.get((t, n2))
                cells.append(f"{math.log(b / a) / math.log(n2 / n1):.2f}" if a and b else "–")
            print(f"| {n1:,} → {n2:,} | " + " | ".join(cells) + " |")

    rebuild = None
    if len(argv) > 2:
        rows = load(argv[2])
        full = [r for r in rows if r["kind"] == "full"]
        reb = [r for r in rows if r["kind"] == "rebuild"]
        rebuild = pairwise(reb, full)
        if rebuild:
            fm = statistics.median(float(r["wall_s"]) for r in ok(full))
            rm = statistics.median(float(r["wall_s"]) for r in ok(reb))
            n = int(rows[0]["N"])
            print()
            print(f"One-dialogue-change rebuild at N = {n:,} ({rebuild[3]} rounds): full build "
                  f"{fm:.3f} s, rebuild {rm:.3f} s, rebuild/full {fmt_ratio(rebuild)}.")

    if TARGET_N not in sizes:
        return
    th, ht, tf = ratios[TARGET_N]
    prod = ok(by.get((PRODUCT, TARGET_N), []))
    rss = max(int(r["maxrss_kb"] or 0) for r in prod) / 1024 if prod else None

    def verdict(cond):
        return "–" if cond is None else ("holds" if cond else "MISSED")

    print()
    print(f"Targets at N = {TARGET_N:,}:")
    print()
    print("| target | measured | verdict |")
    print("|---|---:|---|")
    print(f"| ≥ 5× faster than Hugo | {ht[0]:.2f}× |" if ht else "| ≥ 5× faster than Hugo | – |",
          verdict(ht[0] >= 5 if ht else None), "|")
    print(f"| ≤ 1.25× the floor's time | {tf[0]:.2f}× |" if tf else "| ≤ 1.25× the floor's time | – |",
          verdict(tf[0] <= 1.25 if tf else None), "|")
    print(f"| peak RSS ≤ 64 MiB | {rss:,.0f} MiB |" if rss else "| peak RSS ≤ 64 MiB | – |",
          verdict(rss <= 64 if rss else None), "|")
    if rebuild is not None or len(argv) > 2:
        print(f"| one-dialogue rebuild ≤ 5 % of a full build | {rebuild[0] * 100:.0f} % |"
              if rebuild else "| one-dialogue rebuild ≤ 5 % of a full build | – |",
              verdict(rebuild[0] <= 0.05 if rebuild else None), "|")


if __name__ == "__main__":
    main(sys.argv)
