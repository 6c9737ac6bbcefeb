#!/usr/bin/env python3
"""CPU time of a running JVM's threads, grouped by thread name, between two moments.

JFR's execution samples see only Java threads while they run Java code; this reads the kernel's per-thread
counters instead (/proc/<pid>/task/*/stat: user and system time, the latter shown as "kernel"), so compiler, GC, kernel and native time count
too. Typical use, beside `bench exchange` (which prints each phase's start and end on stderr):

    python3 scripts/thread-cpu.py <pid> --every 1 > /tmp/cpu.tsv        # samples until the process ends
    python3 scripts/thread-cpu.py --report /tmp/cpu.tsv --from 20:01:10 --to 20:01:40

Thread names are grouped by dropping trailing numbers and ids ("https-jsse-nio-8443-exec-12" ->
"https-jsse-nio-8443-exec"), so a pool counts as one line.
"""
import argparse
import collections
import os
import re
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def sample(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                s = f.read()
        except OSError:
            continue
        name = s[s.index("(") + 1:s.rindex(")")]
        fields = s[s.rindex(")") + 2:].split()
        out[tid] = (name, int(fields[11]), int(fields[12]))
    return out


def group(name):
    g = re.sub(r"[-#_ ]?\d+$", "", name)
    g = re.sub(r"\d+", "N", g)
    return g or name


def record(pid, every):
    while os.path.exists(f"/proc/{pid}"):
        stamp = time.strftime("%H:%M:%S")
        for tid, (name, user, system) in sample(pid).items():
            print(f"{stamp}\t{tid}\t{name}\t{user}\t{system}")
        sys.stdout.flush()
        time.sleep(every)


def report(path, start, end):
    first, last = {}, {}
    with open(path) as f:
        for line in f:
            stamp, tid, name, user, system = line.rstrip("\n").split("\t")
            if stamp < start or stamp > end:
                continue
            first.setdefault(tid, (name, int(user), int(system)))
            last[tid] = (name, int(user), int(system))
    per = collections.Counter()
    kernel = collections.Counter()
    for tid, (name, u1, s1) in last.items():
        per[group(name)] += u1 + s1 - first[tid][1] - first[tid][2]
        kernel[group(name)] += s1 - first[tid][2]
    total = sum(per.values())
    print(f"{start}-{end}: {total / TICK:.1f} CPU s in all, {sum(kernel.values()) / TICK:.1f} s of it in the kernel")
    print(f"  {'threads':40s} {'CPU':>10s}  {'share':>7s}  {'kernel':>6s}")
    for g, t in per.most_common(25):
        print(f"  {g:40s} {t / TICK:8.2f} s  {100.0 * t / max(total, 1):5.1f} %  {100.0 * kernel[g] / max(t, 1):5.0f} %")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("pid", nargs="?")
    p.add_argument("--every", type=float, default=1.0)
    p.add_argument("--report")
    p.add_argument("--from", dest="start", default="00:00:00")
    p.add_argument("--to", dest="end", default="99:99:99")
    a = p.parse_args()
    if a.report:
        report(a.report, a.start, a.end)
    else:
        record(a.pid, a.every)


if __name__ == "__main__":
    main()
