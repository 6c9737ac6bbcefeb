package cn.tongban.hub.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.audit.AuditEvent;
import cn.tongban.hub.audit.AuditTrail;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.NodeAddress;
import cn.tongban.hub.protocol.SealRequest;
import cn.tongban.hub.protocol.SealedMessage;
import cn.tongban.hub.store.DeliveryAttempt;
import cn.tongban.hub.store.OutboundRecord;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/**
 * Sending, the Java API local systems and the REST API use: checks the peer's {@code accepts} at once,
 * seals (encrypted to the peer's directory-listed certificate by default), stores the exact bytes before the
 * first attempt, and queues the message for delivery. Each message stored (SENT) and each resend (RESENT) is
 * appended to the audit trail.
 */
public class OutboundExchange {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundExchange.class);

    private final NodeCredentials me;
    private final DirectoryService directory;
    private final OutboundStore store;
    private final DeliveryQueue queue;
    private final Clock clock;
    private final java.time.Duration lifetime;
    private final ExchangeEvents events;
    private final AuditTrail audit;

    public OutboundExchange(NodeCredentials me, DirectoryService directory, OutboundStore store, DeliveryQueue queue,
                            Clock clock, java.time.Duration lifetime) {
        this(me, directory, store, queue, clock, lifetime, ExchangeEvents.NONE, AuditTrail.NONE);
    }

    public OutboundExchange(NodeCredentials me, DirectoryService directory, OutboundStore store, DeliveryQueue queue,
                            Clock clock, java.time.Duration lifetime, ExchangeEvents events, AuditTrail audit) {
        this.events = events;
        this.audit = audit;
        this.me = me;
        this.directory = directory;
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Stores and queues one message; returns its id. */
    public String submit(OutboundRequest r) throws SubmissionRefused {
        return submit(r, null, null);
    }

    /**
     * The same with the message id chosen by the caller (a UUID), for callers that must record the id
     * before the message can be answered (query tickets).
     */
    public String submit(OutboundRequest r, String messageId) throws SubmissionRefused {
        return submit(r, null, messageId);
    }

    /** Sends a dead message again as a new message (new id, same content), linked to the old one; the new id. */
    public String resend(String deadMessageId) throws SubmissionRefused {
        return resend(deadMessageId, null).messageId();
    }

    /** A resend's message, and whether this call made it ({@code false}: an earlier resend of the same message). */
    public record Resend(String messageId, boolean created) {
    }

    /**
     * Sends a dead message again as a new message: a fresh id and a fresh content key (TEP-1 §7 forbids
     * re-sealing under the old id), the same recipient, type, conversation and body, linked to the old one.
     * Idempotent: a message is resent once; asking again answers with that first resend, even when two
     * operators ask at the same moment (the store's unique link decides).
     *
     * @param account the operator account asking, recorded with the resend and named in the audit trail (null: a
     *                local caller, named {@code local})
     * @throws SubmissionRefused {@code NOT_FOUND} for an unknown id, {@code NOT_DEAD} for a message that is
     *                           not dead (and was never resent), or the refusal of the new submission
     */
    public Resend resend(String deadMessageId, String account) throws SubmissionRefused {
        OutboundRecord old = store.find(deadMessageId)
                .orElseThrow(() -> new SubmissionRefused("NOT_FOUND", "no message " + deadMessageId));
        Optional<String> earlier = store.resendOf(deadMessageId);
        if (earlier.isPresent()) {
            return new Resend(earlier.get(), false);
        }
        if (old.status() != OutboundStatus.DEAD) {
            throw new SubmissionRefused("NOT_DEAD", "only a dead message can be resent; " + deadMessageId + " is " + old.status());
        }
        String id;
        try {
            id = submit(new OutboundRequest(old.toNode(), old.toOrg(), old.type(), old.svc(), old.conv(), old.ref(), old.cty(),
                    old.plaintext(), old.encrypted(), null), old.messageId(), null);
        } catch (org.springframework.dao.DuplicateKeyException e) { // resent at the same moment by someone else
            return new Resend(store.resendOf(deadMessageId).orElseThrow(() -> e), false);
        }
        if (account != null) {
            store.recordResender(id, account);
        }
        audit.append(AuditEvent.resent(account == null ? "local" : account, deadMessageId, id));
        return new Resend(id, true);
    }

    private String submit(OutboundRequest r, String resentFrom, String messageId) throws SubmissionRefused {
        if (r.to() == null || r.type() == null || r.body() == null) {
            throw new SubmissionRefused("INVALID", "to, type and body are required");
        }
        Directory d = directory.current().orElseThrow(() -> new SubmissionRefused("UNKNOWN_NODE", "no directory in force"));
        Directory.Node peer = d.node(r.to())
                .orElseThrow(() -> new SubmissionRefused("UNKNOWN_NODE", "the directory lists no node " + r.to()));
        if (!d.allows(me.node(), r.to(), r.type(), r.svc())) {
            throw new SubmissionRefused("NOT_AUTHORIZED", "node " + r.to() + " does not accept " + r.type()
                    + (r.svc() == null ? "" : " for " + r.svc()) + " from " + me.node());
        }
        if (r.encrypt() && peer.encryptionCertificate() == null) {
            throw new SubmissionRefused("INVALID", "the directory lists no encryption certificate for " + r.to());
        }
        java.time.Duration life = r.lifetime() == null ? lifetime : r.lifetime();
        if (life.isNegative() || life.isZero() || life.compareTo(cn.tongban.hub.protocol.MessageOpener.MAX_LIFETIME) > 0) {
            throw new SubmissionRefused("INVALID", "a message lives more than 0 and at most 7 days");
        }
        // the record's created_at keeps the clock's precision (delivery latency counts from it); iat has whole seconds
        OffsetDateTime submittedAt = OffsetDateTime.now(clock).withOffsetSameInstant(MessageSealer.CST);
        OffsetDateTime now = submittedAt.truncatedTo(ChronoUnit.SECONDS);
        SealRequest.Builder b = SealRequest.builder(me.node(), r.to(), r.type())
                .from(me.address()).to(new NodeAddress(r.to(), r.toOrg()))
                .svc(r.svc()).conv(r.conv()).ref(r.ref()).id(messageId).iat(now).exp(now.plus(life))
                .cty(r.cty() == null ? "application/json" : r.cty())
                .body(r.body());
        if (r.encrypt()) {
            b.encryptTo(peer.encryptionCertificate());
        }
        SealedMessage m = me.sealer().seal(b.build());
        OutboundRecord stored = new OutboundRecord(m.id(), r.to(), r.type(), m.header().conv(), r.svc(), r.ref(), m.header().cty(),
                r.toOrg(), r.body(), m.bytes(), r.encrypt(), m.digest(), OutboundStatus.PENDING, 0, submittedAt, m.header().exp(), now,
                null, null, null, null, null, resentFrom);
        Runnable sent = () -> audit.appendInCommit(AuditEvent.sent(me.node(), m.id(), r.to(), r.type(), m.header().conv()));
        Optional<OffsetDateTime> hold = queue.firstAttemptHold(submittedAt);
        if (hold.isEmpty()) {
            store.insert(stored, sent);
            queue.enqueue(m.id());
        } else {
            // stored held for the attempt that follows at once: it needs no claim, no read of what was just written
            store.insertHeld(stored, hold.get(), sent);
            if (!queue.attemptHeld(stored, hold.get())) { // the last free place was taken meanwhile
                store.releaseHold(m.id(), hold.get());
                queue.enqueue(m.id());
            }
        }
        events.submitted(r.to(), r.type());
        LOG.info("queued {} {} to {}{}", r.type(), m.id(), r.to(), resentFrom == null ? "" : " (resending " + resentFrom + ")");
        return m.id();
    }

    public Optional<OutboundRecord> status(String messageId) {
        return store.find(messageId);
    }

    public List<DeliveryAttempt> attempts(String messageId) {
        return store.attempts(messageId);
    }
}
