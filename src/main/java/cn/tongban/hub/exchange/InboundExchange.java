package cn.tongban.hub.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import cn.tongban.hub.protocol.MessageOpener;
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
 * A refused message is never stored or handed over. Logs carry ids and codes, never bodies.
 */
public class InboundExchange {
    private static final Logger LOG = LoggerFactory.getLogger(InboundExchange.class);

    private final DirectoryService directory;
    private final MessageSealer sealer;
    private final InboundStore store;
    private final HandoverRelay relay;
    private final Clock clock;
    private final ExchangeEvents events;

    public InboundExchange(DirectoryService directory, MessageSealer sealer, InboundStore store, HandoverRelay relay, Clock clock) {
        this(directory, sealer, store, relay, clock, ExchangeEvents.NONE);
    }

    public InboundExchange(DirectoryService directory, MessageSealer sealer, InboundStore store, HandoverRelay relay, Clock clock,
                           ExchangeEvents events) {
        this.events = events;
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
            return Reception.refused(r);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        byte[] receipt = Receipts.build(sealer, v.message(), now.withOffsetSameInstant(MessageSealer.CST)).bytes();
        byte[] onRecord;
        try {
            onRecord = store.insert(new InboundRecord(h.from().node(), h.id(), h.type(), h.conv(), h.svc(), h.ref(),
                    h.from().org(), h.cty(), h.iat(), h.exp(), raw, m.plaintext(), receipt, now, null)); // step 12
        } catch (DataAccessException e) {
            LOG.error("could not store {} {} from {}: answering 503", h.type(), h.id(), h.from().node(), e);
            return Reception.unavailable("store unavailable");
        }
        relay.wake();
        boolean duplicate = onRecord != receipt;
        LOG.info("accepted {} {} from {}{}", h.type(), h.id(), h.from().node(), duplicate ? " (concurrent duplicate)" : "");
        events.accepted(h.from().node(), h.type(), duplicate);
        return Reception.accepted(onRecord, duplicate);
    }

    /** The transport refused a body over the size limit (step 1) before anything reached {@link #receive}. */
    public void refusedTooLarge() {
        events.refused(null, RefusalCode.TOO_LARGE);
    }
}
