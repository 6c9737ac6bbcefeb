package cn.tongban.hub.exchange;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.audit.AuditEvent;
import cn.tongban.hub.audit.AuditTrail;
import cn.tongban.hub.crypto.Sm3;
import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.directory.DirectoryPublisher;
import cn.tongban.hub.directory.DirectoryRefused;
import cn.tongban.hub.directory.DirectoryVerdict;
import cn.tongban.hub.directory.DirectoryVerifier;
import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.MessageParser;
import cn.tongban.hub.protocol.Refusal;
import cn.tongban.hub.store.DirectoryStore;

/**
 * The directory in force (TEP-1 §6) and the opener built on it. Loaded at start (the last valid one from the
 * store first, then the source), refreshed on an interval; a new directory is used only after it verifies;
 * a lower version is refused and logged (no rollback); while the source fails, the last valid one stays.
 * Each directory newly put in force from the source is appended to the audit trail (DIRECTORY_CHANGED).
 */
public class DirectoryService {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryService.class);

    private record InForce(Directory directory, MessageOpener opener) {
    }

    private final NodeCredentials me;
    private final DirectorySource source;
    private final DirectoryStore store;
    private final Clock clock;
    private final DirectoryPublisher selfPublisher;
    private final AuditTrail audit;
    private volatile InForce inForce;

    /**
     * @param selfPublisher test federations only: re-signs an expired directory (next version) so that committed
     *                      test material runs on any date; null in production
     */
    public DirectoryService(NodeCredentials me, DirectorySource source, DirectoryStore store, Clock clock,
                            DirectoryPublisher selfPublisher) {
        this(me, source, store, clock, selfPublisher, AuditTrail.NONE);
    }

    public DirectoryService(NodeCredentials me, DirectorySource source, DirectoryStore store, Clock clock,
                            DirectoryPublisher selfPublisher, AuditTrail audit) {
        this.audit = audit;
        this.me = me;
        this.source = source;
        this.store = store;
        this.clock = clock;
        this.selfPublisher = selfPublisher;
    }

    /** Loads the directory kept from the last run, then fetches the current one. */
    public synchronized void start() {
        store.load().ifPresent(raw -> {
            try {
                // it verified when it was stored; check signature and chain as of its own issue time
                Instant issued = MessageParser.parse(raw).header().iat().toInstant();
                install(DirectoryVerifier.verify(raw, me.trust(), issued, null), false);
            } catch (DirectoryRefused | Refusal e) {
                LOG.warn("the directory kept in the store no longer verifies: {}", e.getMessage());
            }
        });
        refresh();
    }

    /** Fetches and, if it verifies and is not older, installs the directory. Returns the outcome. */
    public synchronized DirectoryVerdict refresh() {
        byte[] raw;
        try {
            raw = source.fetch();
        } catch (IOException e) {
            LOG.warn("directory source unreachable, keeping version {}: {}", version(), e.getMessage());
            return DirectoryVerdict.UNTRUSTED;
        }
        Instant now = clock.instant();
        Directory current = inForce == null ? null : inForce.directory();
        try {
            Directory d = DirectoryVerifier.verify(raw, me.trust(), now, current);
            if (current == null || d.version() != current.version() || !java.util.Arrays.equals(d.raw(), current.raw())) {
                install(d, true);
            }
            return DirectoryVerdict.TRUSTED;
        } catch (DirectoryRefused e) {
            if (e.verdict() == DirectoryVerdict.ROLLBACK) {
                LOG.error("directory rollback refused: {}", e.getMessage());
                return e.verdict();
            }
            if (selfPublisher != null && republishExpired(raw, now, current)) {
                return DirectoryVerdict.TRUSTED;
            }
            LOG.error("directory refused, keeping version {}: {}", version(), e.getMessage());
            return e.verdict();
        }
    }

    private boolean republishExpired(byte[] raw, Instant now, Directory current) {
        try {
            Instant issued = MessageParser.parse(raw).header().iat().toInstant();
            Directory old = DirectoryVerifier.verify(raw, me.trust(), issued, null);
            if (current != null && current.version() > old.version()) {
                return false; // we already hold a newer self-signed one
            }
            byte[] fresh = selfPublisher.republish(old, old.version() + 1).bytes();
            install(DirectoryVerifier.verify(fresh, me.trust(), now, current), true);
            LOG.warn("TEST FEDERATION: the directory had expired; re-signed it locally as version {}", old.version() + 1);
            return true;
        } catch (DirectoryRefused | Refusal | RuntimeException e) {
            LOG.error("cannot re-sign the test federation's directory: {}", e.getMessage());
            return false;
        }
    }

    private void install(Directory d, boolean keep) {
        long previous = version();
        inForce = new InForce(d, new MessageOpener(me.trust(), clock, me.node(), me.keys(), d));
        if (keep) {
            store.save(d.version(), d.raw(), OffsetDateTime.now(clock));
            audit.append(AuditEvent.directoryChanged(d.version(), previous, d.nodes().size(), Sm3.hex(d.raw())));
        }
        LOG.info("directory version {} in force: {} nodes", d.version(), d.nodes().size());
    }

    /** The directory in force. */
    public Optional<Directory> current() {
        InForce f = inForce;
        return f == null ? Optional.empty() : Optional.of(f.directory());
    }

    /**
     * The opener for the directory in force. Without any valid directory the hub cannot tell senders'
     * certificates from others' and refuses to open anything.
     */
    public MessageOpener opener() {
        InForce f = inForce;
        if (f == null) {
            throw new IllegalStateException("no valid directory is in force");
        }
        return f.opener();
    }

    /** This hub's node code. */
    public String node() {
        return me.node();
    }

    public long version() {
        InForce f = inForce;
        return f == null ? -1 : f.directory().version();
    }
}
