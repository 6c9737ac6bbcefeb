#!/usr/bin/env python3
"""Where the CPU time goes in a JFR recording: jdk.ExecutionSample events aggregated by top frame and by layer.

    jfr print --stack-depth 64 --events jdk.ExecutionSample rec.jfr > samples.txt
    python3 scripts/jfr-top-frames.py samples.txt [--threads] [--callers] [--from 13:37:31 --to 13:38:18]

Or where the allocated bytes come from (what makes the young collections, their CPU and their pauses):

    jfr print --stack-depth 64 --events jdk.ObjectAllocationSample rec.jfr > allocations.txt
    python3 scripts/jfr-top-frames.py allocations.txt --allocations [--threads] [--callers]

(each allocation sample counts by its weight, JFR's estimate of the bytes allocated since the thread's last sample,
so the shares are of bytes, not of samples; the top frames are the allocating methods, Arrays.copyOf and the like
shown with their first caller outside java.*)

Or where threads wait instead of running (locks, queues, futures, a commit's turn):

    jfr print --stack-depth 64 --events jdk.ThreadPark,jdk.JavaMonitorEnter rec.jfr > waits.txt
    python3 scripts/jfr-top-frames.py waits.txt --waits [--threads] [--callers]

(each event counts by its duration, so the shares are of waiting time; only waits longer than the recording's
threshold are recorded: 10 ms in JFR's profile settings (20 in its default), lower with e.g.
-XX:StartFlightRecording:settings=profile,jdk.ThreadPark#threshold=2ms,jdk.JavaMonitorEnter#threshold=2ms; the top
frame shown is the first one outside java.util.concurrent's queues, locks and futures, i.e. what waited; a pool's
idle threads show as ThreadPoolExecutor.getTask)

(--callers: for each layer, the hub's own methods (cn.tongban.hub.*) nearest the top of its samples' stacks,
i.e. which of the hub's steps spends that layer's time.)

(--from/--to, times of day as `jfr print` shows them, keep the samples of one phase: `bench exchange` prints
the UTC time of each phase on stderr, and `jfr print` the JVM's local time. The text form is read, not
`--json`, which is some 60 times larger.)

Each sample is one Java thread found running on a CPU. Its layer is that of the frame nearest the top of its stack
whose class belongs to a known layer (so a BigInteger multiply under Bouncy Castle counts as crypto, a HashMap
lookup under H2 as store); samples with no known frame are 'other JDK/app'. GC and JIT threads are not sampled.
"""
import collections
import re
import sys

LAYERS = [  # (layer, class-name prefixes); the first frame from the top that matches decides
    ("crypto (BC SM2/SM3/SM4, hub crypto)", ("org.bouncycastle.", "cn.tongban.hub.crypto.")),
    ("TLS (JSSE, transport ECDHE/ECDSA, AES-GCM)", ("sun.security.ssl.", "sun.security.ec.", "sun.security.util.",
                                                    "sun.security.provider.", "com.sun.crypto.provider.",
                                                    "javax.net.ssl.", "sun.security.x509.", "sun.security.validator.")),
    ("JSON (Jackson)", ("com.fasterxml.jackson.",)),
    ("store (H2/PostgreSQL, JDBC, Hikari)", ("org.h2.", "org.postgresql.", "com.zaxxer.hikari.",
                                            "org.springframework.jdbc.", "cn.tongban.hub.store.")),
    ("broker (Artemis, Spring JMS, camel-jms)", ("org.apache.activemq.", "org.springframework.jms.",
                                                "org.apache.camel.component.jms.", "io.netty.")),
    ("HTTP server (Tomcat, Spring MVC)", ("org.apache.tomcat.", "org.apache.coyote.", "org.apache.catalina.",
                                         "org.springframework.web.", "jakarta.servlet.", "cn.tongban.hub.transport.TepEndpoint")),
    ("HTTP client (JDK java.net.http)", ("jdk.internal.net.http.", "java.net.http.")),
    ("Camel routing", ("org.apache.camel.",)),
    ("protocol (TEP/1 parse, base64url, headers)", ("cn.tongban.hub.protocol.",)),
    ("exchange (hub logic)", ("cn.tongban.hub.exchange.", "cn.tongban.hub.routes.")),
    ("benchmark load generator", ("cn.tongban.hub.bench.",)),
    ("logging", ("ch.qos.logback.", "org.slf4j.")),
]


UNITS = {"bytes": 1, "byte": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


def weight_of(text):
    """'1.5 MB' -> bytes."""
    number, _, unit = text.strip().partition(" ")
    return float(number) * UNITS.get(unit.strip(), 1)


DURATIONS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0, "min": 60000.0, "h": 3600000.0}


def millis_of(text):
    """'12.5 ms' -> 12.5; '1.02 s' -> 1020."""
    number, _, unit = text.strip().partition(" ")
    return float(number) * DURATIONS.get(unit.strip(), 1.0)


def samples(path):
    """(time of day, thread name, [(class, method), ...] top first, weight) for each jdk.ExecutionSample or
    jdk.ObjectAllocationSample in the text (weight 1 for an execution sample, the bytes for an allocation)."""
    time, thread, stack, in_stack, weight = None, None, [], False, 1.0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            t = line.strip()
            if t.startswith(("jdk.ExecutionSample {", "jdk.ObjectAllocationSample {", "jdk.ThreadPark {",
                             "jdk.JavaMonitorEnter {")):
                time, thread, stack, in_stack, weight = None, "?", [], False, 1.0
            elif t.startswith("startTime = "):
                time = t.split("=", 1)[1].strip().split(" ")[0]
            elif t.startswith("sampledThread = ") or t.startswith("eventThread = "):
                thread = t.split('"')[1] if '"' in t else "?"
            elif t.startswith("weight = "):
                weight = weight_of(t.split("=", 1)[1])
            elif t.startswith("duration = "):
                weight = millis_of(t.split("=", 1)[1])
            elif t.startswith("stackTrace = ["):
                in_stack = True
            elif in_stack and t == "]":
                in_stack = False
            elif in_stack and "(" in t:
                qualified = t.split("(", 1)[0]
                cls, _, method = qualified.rpartition(".")
                stack.append((cls, method))
            elif t == "}" and time is not None:
                yield time, thread, stack, weight
                time = None


def layer_of(stack):
    for cls, _ in stack:
        for name, prefixes in LAYERS:
            if cls.startswith(prefixes):
                return name
    return "other JDK/app"


def seconds(time_of_day):
    """13:37:31 or 13:37:31.817 (or an RFC 3339 time, whose time of day is taken) as seconds since midnight."""
    t = time_of_day.split("T")[-1].rstrip("Z").split("+")[0]
    h, m, sec = t.split(":")
    return int(h) * 3600 + int(m) * 60 + float(sec)


def option(name):
    return seconds(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else None


def main():
    since, until = option("--from"), option("--to")
    top = collections.Counter()
    layers = collections.Counter()
    threads = collections.Counter()
    callers = collections.defaultdict(collections.Counter)
    allocations = "--allocations" in sys.argv
    waits = "--waits" in sys.argv
    count = 0
    for time, thread, stack, weight in samples(sys.argv[1]):
        if not stack or (since is not None and seconds(time) < since) or (until is not None and seconds(time) >= until):
            continue
        count += 1
        frame = stack[0]
        if allocations:  # the allocating method, not the JDK's copyOf/grow it went through
            frame = next((f for f in stack if not f[0].startswith(("java.", "jdk.internal.util."))), stack[0])
        if waits:  # what waited, not LockSupport.park and the queue or lock it went through
            frame = next((f for f in stack if f[0].startswith(("java.util.concurrent.ThreadPoolExecutor",
                                                                  "java.util.concurrent.ForkJoinPool"))
                          or not f[0].startswith(("java.util.concurrent.", "jdk.internal.misc.", "java.lang.Object"))),
                         stack[0])
        top["%s.%s" % frame] += weight
        layer = layer_of(stack)
        layers[layer] += weight
        threads[re.sub(r"(#|-)?\d+", "", thread)] += weight
        own = next(("%s.%s" % f for f in stack if f[0].startswith("cn.tongban.hub.")
                    and not f[0].startswith("cn.tongban.hub.crypto.")), "(none of the hub's)")
        callers[layer][own] += weight
    n = sum(layers.values())
    if allocations:
        print("%d allocation samples, %.0f MiB allocated (JFR's estimate)" % (count, n / 1024 ** 2))
    elif waits:
        print("%d waits over the recording's threshold, %.1f s waited in all" % (count, n / 1000))
    else:
        print("%d execution samples" % n)
    if n == 0:
        return
    print("\nby layer (first known frame from the top of the stack)")
    for name, c in layers.most_common():
        print("  %5.1f%%  %s" % (100.0 * c / n, name))
    print("\ntop 25 frames (self)")
    for name, c in top.most_common(25):
        print("  %5.1f%%  %s" % (100.0 * c / n, name))
    if "--callers" in sys.argv:
        print("\nby layer, the hub's own method nearest the top")
        for name, c in layers.most_common():
            print("  %5.1f%%  %s" % (100.0 * c / n, name))
            for own, k in callers[name].most_common(4):
                print("           %5.1f%%  %s" % (100.0 * k / n, own))
    if "--threads" in sys.argv:
        print("\nby thread (name without trailing numbers)")
        for name, c in threads.most_common(15):
            print("  %5.1f%%  %s" % (100.0 * c / n, name))


if __name__ == "__main__":
    main()
