#!/usr/bin/env python3
"""Where the CPU time goes in a JFR recording: jdk.ExecutionSample events aggregated by top frame and by layer.

    jfr print --json --stack-depth 64 --events jdk.ExecutionSample rec.jfr > samples.json
    python3 scripts/jfr-top-frames.py samples.json [--threads] [--from 2026-11-24T13:30:00Z --to 2026-11-24T13:32:00Z]

(--from/--to keep the samples of one phase: `bench exchange` prints the UTC time of each phase on stderr.)

Each sample is one Java thread found running on a CPU. Its layer is that of the frame nearest the top of its stack
whose class belongs to a known layer (so a BigInteger multiply under Bouncy Castle counts as crypto, a HashMap
lookup under H2 as store); samples with no known frame are 'other JDK/app'. GC and JIT threads are not sampled.
"""
import collections
import datetime
import json
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


def frames(event):
    st = event.get("values", {}).get("stackTrace") or {}
    for f in st.get("frames", []):
        m = f.get("method", {})
        t = m.get("type", {}).get("name", "?")
        yield t.replace("/", "."), m.get("name", "?")


def layer_of(stack):
    for cls, _ in stack:
        for name, prefixes in LAYERS:
            if cls.startswith(prefixes):
                return name
    return "other JDK/app"


def instant(text):
    """An RFC 3339 time as JFR or the bench prints it (nanoseconds cut to microseconds)."""
    t = text.replace("Z", "+00:00")
    if "." in t:
        head, rest = t.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        t = head + "." + digits[:6].ljust(6, "0") + zone
    return datetime.datetime.fromisoformat(t)


def option(name):
    return instant(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else None


def main():
    data = json.load(open(sys.argv[1]))
    events = data["recording"]["events"]
    since, until = option("--from"), option("--to")
    if since or until:
        events = [e for e in events if (not since or instant(e["values"]["startTime"]) >= since)
                  and (not until or instant(e["values"]["startTime"]) < until)]
    top = collections.Counter()
    layers = collections.Counter()
    threads = collections.Counter()
    for e in events:
        stack = list(frames(e))
        if not stack:
            continue
        top["%s.%s" % stack[0]] += 1
        layers[layer_of(stack)] += 1
        th = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        threads[th.rstrip("0123456789-#")] += 1
    n = sum(layers.values())
    print("%d execution samples" % n)
    print("\nby layer (first known frame from the top of the stack)")
    for name, c in layers.most_common():
        print("  %5.1f%%  %s" % (100.0 * c / n, name))
    print("\ntop 25 frames (self)")
    for name, c in top.most_common(25):
        print("  %5.1f%%  %s" % (100.0 * c / n, name))
    if "--threads" in sys.argv:
        print("\nby thread (name without trailing numbers)")
        for name, c in threads.most_common(15):
            print("  %5.1f%%  %s" % (100.0 * c / n, name))


if __name__ == "__main__":
    main()
