#!/usr/bin/env python3
"""Trappa's view of a run.sh result: report.py RUNS_TSV [REBUILD_TSV]

Prints, per corpus size N: median wall time of Trappa, Hugo and the C floor;
the ratios Trappa/Hugo and Trappa/floor as the median of the pairwise ratios
of the same round (run r of one tool against run r of the other, which ran
seconds apart: the only ratios that mean anything on a shared, noisy
machine); CPU time; peak RSS; files written; the scaling exponent between
consecutive sizes (log(t2/t1) / log(N2/N1): 1 is linear); and the issue's
targets of issue 18 at N = 10 000. Failed runs (rc != 0) are left out of every figure.
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
    identical = None
    steady = None
    if len(argv) > 2:
        rows = load(argv[2])
        same = [r for r in rows if r["kind"] == "identical"]
        if same:
            identical = all(r["rc"] == "0" for r in same)
        rows = [r for r in rows if r["kind"] != "identical"]
        full = [r for r in rows if r["kind"] == "full"]
        reb = [r for r in rows if r["kind"] == "rebuild"]
        rebuild = pairwise(reb, full)
        upd = [r for r in rows if r["kind"] == "update"]
        steady = pairwise(upd, full) if upd else None
        if rebuild:
            fm = statistics.median(float(r["wall_s"]) for r in ok(full))
            rm = statistics.median(float(r["wall_s"]) for r in ok(reb))
            n = int(rows[0]["N"])
            print()
            print(f"One-dialogue-change rebuild at N = {n:,} ({rebuild[3]} rounds): full build "
                  f"{fm:.3f} s, rebuild {rm:.3f} s, rebuild/full {fmt_ratio(rebuild)}.")
            if steady:
                um = statistics.median(float(r["wall_s"]) for r in ok(upd))
                print(f"The next one-dialogue update (spare site in place): {um:.3f} s, "
                      f"update/full {fmt_ratio(steady)}.")

    if TARGET_N not in sizes:
        return
    th, ht, tf = ratios[TARGET_N]

    def verdict(cond):
        return "–" if cond is None else ("holds" if cond else "MISSED")

    def rss_of(n):
        rows = ok(by.get((PRODUCT, n), []))
        return max(int(r["maxrss_kb"] or 0) for r in rows) / 1024 if rows else None

    def cpu_of(tool, n):
        rows = ok(by.get((tool, n), []))
        return statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in rows) if rows else None

    rows = []  # (target, measured, verdict)
    if rebuild is not None or len(argv) > 2:
        rows.append(("one-dialogue update ≤ 5 % of a full build",
                     f"{rebuild[0] * 100:.0f} %" if rebuild else "–",
                     verdict(rebuild[0] <= 0.05 if rebuild else None)))
        if steady:
            rows.append(("… and the next update, with the spare site in place",
                         f"{steady[0] * 100:.0f} %", verdict(steady[0] <= 0.05)))
        if identical is not None:
            rows.append(("update byte-identical to a full build of the same commit",
                         "identical" if identical else "DIFFERENT", verdict(identical)))
    rss = rss_of(TARGET_N)
    rows.append(("peak RSS ≤ 64 MiB", f"{rss:,.0f} MiB" if rss else "–",
                 verdict(rss <= 64 if rss else None)))
    rows.append(("full build ≥ 3× faster than Hugo (wall)", f"{ht[0]:.2f}×" if ht else "–",
                 verdict(ht[0] >= 3 if ht else None)))
    cpu_t, cpu_f, cpu_w = cpu_of(PRODUCT, TARGET_N), cpu_of(FLOOR, TARGET_N), cpu_of(WRITE, TARGET_N)
    if cpu_t and cpu_f and cpu_w:
        floor_cpu = cpu_f + cpu_w
        rows.append(("CPU (user + system) ≤ 1.25× the floors' (floor-c + floor-write)",
                     f"{cpu_t:.2f} s / {floor_cpu:.2f} s = {cpu_t / floor_cpu:.2f}×",
                     verdict(cpu_t / floor_cpu <= 1.25)))
    else:
        rows.append(("CPU (user + system) ≤ 1.25× the floors' (floor-c + floor-write)",
                     "– (needs TOOLS with floor-c and floor-write)", "–"))
    large = [n for n in sizes if n > TARGET_N]
    if large:
        n2 = large[-1]
        a, b = med.get((PRODUCT, TARGET_N)), med.get((PRODUCT, n2))
        if a and b:
            e = math.log(b / a) / math.log(n2 / TARGET_N)
            rows.append((f"linear to {n2:,} (exponent ≤ 1.1)", f"{e:.2f}", verdict(e <= 1.1)))
        rss2 = rss_of(n2)
        if rss and rss2:
            # "growing no faster than the number of dialogues times a few
            # hundred bytes": at most 512 bytes per added dialogue.
            per = (rss2 - rss) * 1048576 / (n2 - TARGET_N)
            rows.append((f"memory growth to {n2:,} ≤ 512 bytes per dialogue",
                         f"{per:,.0f} bytes ({rss2:,.0f} MiB)", verdict(per <= 512)))
    else:
        rows.append(("linear to 100 000 (exponent ≤ 1.1)", "– (BENCH_100K=1)", "–"))
    rows.append(("push to live < 1 s (example site, post-receive hook)",
                 "measured by tests/publish.sh in make check", "–"))

    print()
    print(f"Targets at N = {TARGET_N:,}:")
    print()
    print("| target | measured | verdict |")
    print("|---|---:|---|")
    for t, m, v in rows:
        print(f"| {t} | {m} | {v} |")

if __name__ == "__main__":
    main(sys.argv)
