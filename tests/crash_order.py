#!/usr/bin/env python3
"""Checks, in an `strace -f -y` log of one `trappa build`, that publishing is
durable: every file the build wrote and every folder of the staging tree was
fsynced before the rename that published them (or one syncfs(2) of the
staging folder's file system covered them all: on Linux it gives "the same
guarantees as fsync() called on every file" of that file system), the folder holding the site
was fsynced after it, and every file of the published site was either
written (and fsynced) or linked from the previous site by this build, or
came with the spare site the build started from (published, so synced, before).

usage: crash_order.py TRACE OUT
"""
import os
import re
import sys

trace, out = sys.argv[1], os.path.abspath(sys.argv[2])
pending = {}
calls = []  # (name, text) in order
for line in open(trace, encoding="utf-8", errors="replace"):
    m = re.match(r"(\d+)\s+(.*)", line.rstrip("\n"))
    if not m:
        continue
    pid, text = m.groups()
    if text.endswith("<unfinished ...>"):
        pending[pid] = text[: -len("<unfinished ...>")]
        continue
    r = re.match(r"<\.\.\. \w+ resumed>(.*)", text)
    if r:
        text = pending.pop(pid, "") + r.group(1)
    n = re.match(r"(\w+)\(", text)
    if n:
        calls.append((n.group(1), text))

errors = []
swap = None
staging = None
for i, (name, text) in enumerate(calls):
    if name in ("renameat2", "rename") and text.rstrip().endswith("= 0"):
        args = re.findall(r'"([^"]*)"', text)
        if len(args) == 2 and os.path.abspath(args[1]) == out and ".staging-" in args[0]:
            swap, staging = i, os.path.abspath(args[0])
if swap is None:
    print("crash_order: no publishing rename of a staging folder found", file=sys.stderr)
    sys.exit(1)

# An update may start from the spare site (the site published before this
# one, kept beside it): its files were synced when they were published.
from_spare = any(n in ("rename", "renameat2") and t.rstrip().endswith("= 0") and
                 re.findall(r'"([^"]*)"', t)[:2] == [out + ".spare", staging]
                 for n, t in calls[:swap])

written, synced, linked = set(), set(), set()
syncfs = False
spared = 0
for name, text in calls[:swap]:
    if name == "syncfs" and re.match(r"syncfs\(\d+<%s>\s*\)\s*= 0" % re.escape(staging), text):
        syncfs = True
    if name == "openat" and "O_CREAT" in text:
        r = re.search(r"= \d+<([^>]*)>\s*$", text)
        if r:
            written.add(r.group(1))
    elif name == "fsync":
        r = re.match(r"fsync\(\d+<([^>]*)>\s*\)\s*= 0", text)
        if r:
            synced.add(r.group(1))
    elif name == "link" and text.rstrip().endswith("= 0"):
        args = re.findall(r'"([^"]*)"', text)
        linked.add(os.path.abspath(args[1]))

for path in sorted(written):
    if path.startswith(staging + "/") and path not in synced and not syncfs:
        errors.append("written but not fsynced before the swap: " + path)

# Every folder and file of the site now published, seen at its staging path.
for folder, dirs, files in os.walk(out):
    rel = os.path.relpath(folder, out)
    at = staging if rel == "." else os.path.join(staging, rel)
    if at not in synced and not syncfs:
        errors.append("folder not fsynced before the swap: " + at)
    for f in files:
        p = os.path.join(at, f)
        if f == ".trappa-site":
            continue  # written through a temporary file (checked above)
        if p not in written and p not in linked:
            if from_spare:
                spared += 1
            else:
                errors.append("published file neither written nor linked: " + p)

parent = os.path.dirname(out)
after = [t for n, t in calls[swap + 1:] if n == "fsync" and re.match(r"fsync\(\d+<%s>\s*\)\s*= 0" % re.escape(parent), t)]
if not after:
    errors.append("the folder holding the site was not fsynced after the swap: " + parent)

for e in errors[:20]:
    print("crash_order: " + e, file=sys.stderr)
print("crash_order: %d written, %d linked, %d from the spare site, %d fsynced%s before the swap; %s" %
      (len(written), len(linked), spared, len(synced), " and syncfs" if syncfs else "",
       "ok" if not errors else "%d problems" % len(errors)))
sys.exit(1 if errors else 0)
