package cn.tongban.hub.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import cn.tongban.hub.audit.AuditEvent;
import cn.tongban.hub.audit.AuditTrail;
import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.MessageParser;
import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.OpenedMessage;
import cn.tongban.hub.protocol.Receipts;
import cn.tongban.hub.protocol.Refusal;
import cn.tongban.hub.protocol.RefusalCode;
import cn.tongban.hub.protocol.TepHeader;
import cn.tongban.hub.protocol.TransportPeer;
import cn.tongban.hub.protocol.VerifiedMessage;
import cn.tongban.hub.store.InboundRecord;
import cn.tongban.hub.store.InboundStore;

/**
 * Receiving (TEP-1 §4 steps 2-12; step 1 is the transport's): verify, de-duplicate, authorise and decrypt,
 * store the message and its receipt in one commit, then answer with the receipt and wake the hand-over.
 * A refused message is never stored or handed over. Logs carry ids and codes, never bodies. Each acceptance
 * (after its commit, before the receipt is answered) and each refusal is appended to the audit trail.
 */
public class InboundExchange {
    private static final Logger LOG = LoggerFactory.getLogger(InboundExchange.class);

    private final DirectoryService directory;
    private final MessageSealer sealer;
    private final InboundStore store;
    private final HandoverRelay relay;
    private final Clock clock;
    private final ExchangeEvents events;
    private final AuditTrail audit;

    public InboundExchange(DirectoryService directory, MessageSealer sealer, InboundStore store, HandoverRelay relay, Clock clock) {
        this(directory, sealer, store, relay, clock, ExchangeEvents.NONE, AuditTrail.NONE);
    }

    public InboundExchange(DirectoryService directory, MessageSealer sealer, InboundStore store, HandoverRelay relay, Clock clock,
                           ExchangeEvents events, AuditTrail audit) {
        this.events = events;
        this.audit = audit;
        this.directory = directory;
        this.sealer = sealer;
        this.store = store;
        this.relay = relay;
        this.clock = clock;
    }

    public Reception receive(byte[] raw, TransportPeer peer) {
        MessageOpener opener;
        try {
            opener = directory.opener();
        } catch (IllegalStateException e) {
            return Reception.unavailable(e.getMessage());
        }
        VerifiedMessage v;
        try {
            v = opener.verify(raw, peer);                                               // steps 2-8
        } catch (Refusal r) {
            LOG.info("refused {}: {}", r.code(), r.detail());
            events.refused(null, r.code());
            auditRefusal(raw, r);
            return Reception.refused(r);
        }
        TepHeader h = v.header();
        Optional<byte[]> original;
        try {
            original = store.receiptFor(h.from().node(), h.id());                       // step 9
        } catch (DataAccessException e) {
            return Reception.unavailable("store unavailable");
        }
        if (original.isPresent()) {
            LOG.info("duplicate {} {} from {}: original receipt", h.type(), h.id(), h.from().node());
            events.accepted(h.from().node(), h.type(), true);
            return Reception.accepted(original.get(), true);
        }
        OpenedMessage m;
        try {
            m = opener.admit(v);                                                        // steps 10-11
        } catch (Refusal r) {
            LOG.info("refused {} {} from {}: {} {}", h.type(), h.id(), h.from().node(), r.code(), r.detail());
            events.refused(h.from().node(), r.code());
            audit.append(AuditEvent.refused(h.from().node(), h.id(), r.code().name(), r.detail()));
            return Reception.refused(r);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        byte[] receipt = Receipts.build(sealer, v.message(), now.withOffsetSameInstant(MessageSealer.CST)).bytes();
        byte[] onRecord;
        try {
            onRecord = store.insert(new InboundRecord(h.from().node(), h.id(), h.type(), h.conv(), h.svc(), h.ref(),
                    h.from().org(), h.cty(), h.iat(), h.exp(), raw, m.plaintext(), receipt, now, null),
                    () -> audit.appendInCommit(AuditEvent.accepted(h.from().node(), h.id(), h.type(), h.conv()))); // step 12
        } catch (DataAccessException e) {
            LOG.error("could not store {} {} from {}: answering 503", h.type(), h.id(), h.from().node(), e);
            return Reception.unavailable("store unavailable");
        }
        relay.wake(h.from().node(), h.id());
        boolean duplicate = onRecord != receipt; // a concurrent duplicate: its first copy's commit recorded the acceptance
        LOG.info("accepted {} {} from {}{}", h.type(), h.id(), h.from().node(), duplicate ? " (concurrent duplicate)" : "");
        events.accepted(h.from().node(), h.type(), duplicate);
        return Reception.accepted(onRecord, duplicate);
    }

    /** The transport refused a body over the size limit (step 1) before anything reached {@link #receive}. */
    public void refusedTooLarge() {
        events.refused(null, RefusalCode.TOO_LARGE);
    }

    /**
     * A refusal before the signature verified: the sender and id the header claims, when it can be read at all
     * (unverified, so the entry says "claims").
     */
    private void auditRefusal(byte[] raw, Refusal r) {
        String from = null;
        String id = null;
        try {
            TepHeader h = MessageParser.parse(raw).header();
            from = h.from() == null ? null : h.from().node();
            id = h.id();
        } catch (Refusal | RuntimeException unreadable) {
            // nothing readable to name
        }
        audit.append(AuditEvent.refused(from, id, r.code().name(), (from == null ? "" : "(unverified sender) ") + r.detail()));
    }
}
