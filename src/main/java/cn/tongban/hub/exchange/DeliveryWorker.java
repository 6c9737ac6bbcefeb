package cn.tongban.hub.exchange;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.audit.AuditEvent;
import cn.tongban.hub.audit.AuditTrail;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.protocol.Receipts;
import cn.tongban.hub.protocol.Refusal;
import cn.tongban.hub.store.DeliveryAttempt;
import cn.tongban.hub.store.OutboundRecord;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/**
 * One delivery attempt of one stored message (TEP-1 §7): the same stored bytes every time, POSTed to the
 * endpoint the directory gives; a 200 must carry a receipt that verifies (§5) before the message counts as
 * delivered; no answer, 5xx, 408 and 429 are retried with back-off until {@code exp}; any other 4xx ends the
 * message dead with the peer's problem details. Each outcome's audit entry commits with the outcome itself.
 */
public class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    /** What to do next with the queue entry: nothing, or put it back for {@code retryAt}. */
    public record Outcome(OutboundStatus status, OffsetDateTime retryAt) {
    }

    private final DirectoryService directory;
    private final OutboundStore store;
    private final TepClient client;
    private final RetryPolicy retry;
    private final Clock clock;
    /** How long one attempt holds the message against other consumers (and a crashed hub's attempt holds it). */
    private final Duration lease;
    private final DeliveryObserver observer;
    private final ExchangeEvents events;
    private final AuditTrail audit;

    public DeliveryWorker(DirectoryService directory, OutboundStore store, TepClient client, RetryPolicy retry, Clock clock,
                          Duration lease) {
        this(directory, store, client, retry, clock, lease, DeliveryObserver.NONE);
    }

    public DeliveryWorker(DirectoryService directory, OutboundStore store, TepClient client, RetryPolicy retry, Clock clock,
                          Duration lease, DeliveryObserver observer) {
        this(directory, store, client, retry, clock, lease, observer, ExchangeEvents.NONE, AuditTrail.NONE);
    }

    public DeliveryWorker(DirectoryService directory, OutboundStore store, TepClient client, RetryPolicy retry, Clock clock,
                          Duration lease, DeliveryObserver observer, ExchangeEvents events, AuditTrail audit) {
        this.events = events;
        this.audit = audit;
        this.lease = lease;
        this.observer = observer;
        this.directory = directory;
        this.store = store;
        this.client = client;
        this.retry = retry;
        this.clock = clock;
    }

    /**
     * Attempts delivery of {@code messageId} if it is pending, due and no one else holds it. An entry that came
     * before the message is due (its scheduled entry's transaction was rolled back and the original redelivered, or
     * a duplicate) is answered with the due time, to be put back for it: dropping it would leave the message to the
     * sweep, a minute or more late (the sweep's grace).
     */
    public Outcome attempt(String messageId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!store.claim(messageId, now, now.plus(lease))) {
            // delivered, dead, in another consumer's hands (it schedules its own next entry), or not yet due
            return store.dueLater(messageId, now).map(due -> new Outcome(OutboundStatus.PENDING, due))
                    .orElse(new Outcome(null, null));
        }
        return attempt(store.find(messageId).orElseThrow(), now);
    }

    /**
     * The first attempt of a message its submitter stored already held for it until {@code heldUntil}
     * ({@link OutboundStore#insertHeld}): no claim and no read, the record is the one just stored. A hold about to
     * run out (the attempt waited for a thread) is renewed first; one that ran out and was taken is left to its
     * taker.
     */
    public Outcome attemptHeld(OutboundRecord m, OffsetDateTime heldUntil) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!now.plus(lease.dividedBy(2)).isBefore(heldUntil) && !store.renewHold(m.messageId(), heldUntil, holdUntil(now))) {
            return new Outcome(null, null);
        }
        return attempt(m, now);
    }

    /**
     * Until when an attempt starting {@code now} holds its message: whole milliseconds, so that the instant reads back
     * equal from either store ({@link OutboundStore#renewHold} compares it).
     */
    public OffsetDateTime holdUntil(OffsetDateTime now) {
        return now.plus(lease).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private Outcome attempt(OutboundRecord m, OffsetDateTime now) {
        int n = m.attempts() + 1;
        if (!now.isBefore(m.exp())) {
            return dead(m, n - 1, now, null, "expired before delivery" + lastError(m), null);
        }
        Optional<Directory.Node> peer = directory.current().flatMap(d -> d.node(m.toNode()));
        if (peer.isEmpty() || peer.get().endpoint() == null) {
            return retry(m, n, now, null, "the directory lists no endpoint for " + m.toNode());
        }
        TepClient.Response resp;
        try {
            resp = client.post(URI.create(peer.get().endpoint()), m.sealed(), m.toNode());
        } catch (IOException | RuntimeException e) {
            return retry(m, n, now, null, "no answer: " + e);
        }
        if (resp.status() == 200) {
            String receiptId;
            try {
                receiptId = Receipts.verify(directory.opener(), new Receipts.Expected(m.messageId(), m.toNode(), m.conv(), m.digest()),
                        resp.body()).receipt().header().id();
            } catch (Refusal | RuntimeException e) {
                return retry(m, n, now, 200, "the receipt does not verify: " + e.getMessage());
            }
            // a store failure here propagates: the message stays PENDING under its lease, for the queue or the sweep
            store.markDelivered(new DeliveryAttempt(m.messageId(), n, now, 200, "DELIVERED", "receipt " + receiptId), resp.body(),
                    () -> audit.appendInCommit(AuditEvent.receiptVerified(m.toNode(), m.messageId(), n, receiptId)));
            LOG.info("delivered {} {} to {} (attempt {})", m.type(), m.messageId(), m.toNode(), n);
            tell(m.messageId(), n);
            events.attempted(m.toNode(), m.type(), ExchangeEvents.AttemptOutcome.DELIVERED);
            events.delivered(m.toNode(), m.type(), Duration.between(m.createdAt(), OffsetDateTime.now(clock)));
            return new Outcome(OutboundStatus.DELIVERED, null);
        }
        String body = new String(resp.body(), StandardCharsets.UTF_8);
        if (RetryPolicy.retryable(resp.status())) {
            return retry(m, n, now, resp.status(), "HTTP " + resp.status() + " " + abbreviate(body));
        }
        events.refusedByPeer(m.toNode(), m.type(), peerCode(resp.status(), resp.body()));
        return dead(m, n, now, resp.status(), "refused: HTTP " + resp.status(), body);
    }

    /** The TEP-1 §4 code of a peer's problem details, or {@code HTTP_<status>}: never free text from a peer. */
    static String peerCode(int status, byte[] problem) {
        try {
            String code = cn.tongban.hub.protocol.TepJson.read(problem).path("code").asText("");
            return cn.tongban.hub.protocol.RefusalCode.valueOf(code).name();
        } catch (RuntimeException e) {
            return "HTTP_" + status;
        }
    }

    /** An observer's failure must not turn a delivered message into a retry. */
    private void tell(String messageId, int attempts) {
        try {
            observer.delivered(messageId, attempts);
        } catch (RuntimeException e) {
            LOG.warn("the delivery observer failed on {}: {}", messageId, e.toString());
        }
    }

    private Outcome retry(OutboundRecord m, int n, OffsetDateTime now, Integer status, String error) {
        OffsetDateTime next = now.plus(retry.backoff(n));
        if (!next.isBefore(m.exp())) {
            return dead(m, n, now, status, "expired while undeliverable; last: " + error, null);
        }
        store.scheduleRetry(new DeliveryAttempt(m.messageId(), n, now, status, "RETRY", error), next,
                () -> audit.appendInCommit(AuditEvent.attemptFailed(directory.node(), m.messageId(), m.toNode(), n, status)));
        events.attempted(m.toNode(), m.type(), ExchangeEvents.AttemptOutcome.RETRY);
        LOG.info("attempt {} of {} to {} failed, retry at {}: {}", n, m.messageId(), m.toNode(), next, error);
        return new Outcome(OutboundStatus.PENDING, next);
    }

    private Outcome dead(OutboundRecord m, int n, OffsetDateTime now, Integer status, String error, String problem) {
        DeliveryAttempt last = status != null || n > m.attempts()
                ? new DeliveryAttempt(m.messageId(), Math.max(n, 1), now, status, "DEAD", error) : null;
        // the audit entry gives the reason, not the peer's problem text: it is the peer's free text
        store.markDead(m.messageId(), last, n, now, error, problem,
                () -> audit.appendInCommit(AuditEvent.dead(directory.node(), m.messageId(), m.toNode(), n, status, error)));
        if (last != null) {
            events.attempted(m.toNode(), m.type(), ExchangeEvents.AttemptOutcome.DEAD);
        }
        events.dead(m.toNode(), m.type());
        LOG.warn("message {} to {} is dead: {}", m.messageId(), m.toNode(), error);
        return new Outcome(OutboundStatus.DEAD, null);
    }

    private static String lastError(OutboundRecord m) {
        return m.lastError() == null ? "" : "; last: " + m.lastError();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
