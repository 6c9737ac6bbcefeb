package cn.tongban.hub.adapters.licence;

import cn.tongban.hub.cases.LicenceId;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Body;
import org.apache.camel.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.cases.LicenceCheck;
import cn.tongban.hub.cases.PersonalData;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;

/**
 * Asks the region that holds a licence to check it (免提交: the handling region checks the licence where it
 * was issued instead of asking the applicant for a copy): sends {@code license.verify} and completes when
 * the {@code license.verify.result} with {@code ref} = that message's id arrives from that node (route
 * {@code licence-verify-result} in {@code routes/licence.yaml}).
 *
 * <p>Pending checks are kept in memory, per hub instance: an answer consumed by another instance sharing
 * the broker, or arriving after a restart or after the time-out, completes nothing and is dropped. The
 * request's message lifetime equals the time-out, so it is not delivered after nobody waits for it.
 */
public class LicenceVerifier implements AutoCloseable {
    public static final String TYPE = "license.verify";
    public static final String RESULT_TYPE = "license.verify.result";
    private static final Logger LOG = LoggerFactory.getLogger(LicenceVerifier.class);
    /** How long an answer that came before its request was registered is kept for it. */
    private static final Duration EARLY_ANSWER_KEPT = Duration.ofSeconds(60);

    private final OutboundExchange outbound;
    private final Duration timeout;
    private final int maxPending;
    private final Clock clock;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    private sealed interface Slot permits Waiting, Arrived {
    }

    private record Waiting(String node, String licenceId, CompletableFuture<LicenceCheck.Result> future) implements Slot {
    }

    private record Arrived(String node, byte[] body) implements Slot {
    }

    public LicenceVerifier(OutboundExchange outbound, Duration timeout, int maxPending, Clock clock) {
        this.outbound = outbound;
        this.timeout = timeout;
        this.maxPending = maxPending;
        this.clock = clock;
    }

    /**
     * Sends {@code request} as {@code license.verify} to {@code holderRegionNode} (in conversation
     * {@code request.caseId()}, a fresh one when null). The future completes with the other region's answer,
     * with {@code malformed-id} at once for an identifier that fails its check character, or exceptionally:
     * {@link SubmissionRefused} when the hub will not send it, {@link java.util.concurrent.TimeoutException}
     * when no answer came within {@code tongban.adapters.licence.remote-timeout}.
     */
    public CompletableFuture<LicenceCheck.Result> verifyRemote(String holderRegionNode, LicenceCheck.Request request) {
        java.util.Objects.requireNonNull(holderRegionNode, "holderRegionNode");
        java.util.Objects.requireNonNull(request, "request");
        String problem = LicenceId.problem(request.licenceId());
        if (problem != null) {
            return CompletableFuture.completedFuture(LicenceVerdict.MALFORMED_ID.result(request.licenceId(), problem, clock));
        }
        if (waiting.incrementAndGet() > maxPending) {
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("more than " + maxPending
                    + " remote licence checks are waiting"));
        }
        String messageId;
        try {
            messageId = outbound.submit(new OutboundRequest(holderRegionNode, null, TYPE, null, request.caseId(), null,
                    "application/json", LicenceJson.write(request), true, timeout));
        } catch (SubmissionRefused | RuntimeException e) {
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<LicenceCheck.Result> future = new CompletableFuture<>();
        Waiting w = new Waiting(holderRegionNode, request.licenceId(), future);
        Arrived[] early = new Arrived[1];
        slots.compute(messageId, (k, old) -> {
            if (old instanceof Arrived a && a.node().equals(holderRegionNode)) {
                early[0] = a;
                return null;
            }
            return w;
        });
        future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            slots.remove(messageId, w);
            waiting.decrementAndGet();
        });
        if (early[0] != null) {
            deliver(w, messageId, early[0].body());
        }
        LOG.info("license.verify {} sent to {}: licence {}, holder {}", messageId, holderRegionNode, request.licenceId(),
                PersonalData.maskIdNumber(request.holderCode()));
        return future;
    }

    /** One accepted {@code license.verify.result}: completes the check it answers, if this instance waits for it. */
    public void complete(@Body byte[] body, @Headers Map<String, Object> headers) {
        Object refHeader = headers.get("tepRef");
        Object fromHeader = headers.get("tepFrom");
        if (refHeader == null || fromHeader == null) {
            LOG.warn("license.verify.result {} without ref or sender dropped", headers.get("tepId"));
            return;
        }
        String ref = refHeader.toString();
        String from = fromHeader.toString();
        Arrived a = new Arrived(from, body);
        Waiting[] taken = new Waiting[1];
        Slot now = slots.compute(ref, (k, old) -> {
            if (old instanceof Waiting w) {
                if (w.node().equals(from)) {
                    taken[0] = w;
                    return null;
                }
                return old; // only the node asked may answer
            }
            return old != null || slots.size() > 2 * maxPending ? old : a;
        });
        if (taken[0] != null) {
            deliver(taken[0], ref, body);
        } else if (now == a) {
            // the answer overtook the registration of its request, or nobody here waits for it: keep it briefly
            CompletableFuture.delayedExecutor(EARLY_ANSWER_KEPT.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> slots.remove(ref, a));
        } else if (now instanceof Waiting) {
            LOG.warn("license.verify.result {} from {} for {} ignored: that check was sent to another node",
                    headers.get("tepId"), from, ref);
        }
    }

    private void deliver(Waiting w, String ref, byte[] body) {
        LicenceCheck.Result r;
        try {
            r = LicenceJson.read(body, LicenceCheck.Result.class);
        } catch (IllegalArgumentException e) {
            w.future().completeExceptionally(new IllegalArgumentException("license.verify.result for " + ref + " from "
                    + w.node() + " is not a LicenceCheck.Result"));
            return;
        }
        if (r.licenceId() != null && !r.licenceId().equals(w.licenceId())) {
            w.future().completeExceptionally(new IllegalArgumentException("license.verify.result for " + ref + " from "
                    + w.node() + " is about another licence"));
            return;
        }
        LOG.info("license.verify {} answered by {}: {}", ref, w.node(), r.status());
        w.future().complete(r);
    }

    /** Checks waiting for their answer. */
    public int pending() {
        return waiting.get();
    }

    /** Fails every waiting check (the hub is stopping; their answers would find nobody). */
    @Override
    public void close() {
        slots.forEach((k, s) -> {
            if (s instanceof Waiting w) {
                w.future().completeExceptionally(new IllegalStateException("the hub is stopping"));
            }
        });
    }
}
