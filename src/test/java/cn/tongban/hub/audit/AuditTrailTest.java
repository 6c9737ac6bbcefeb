package cn.tongban.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.zaxxer.hikari.HikariDataSource;

import cn.tongban.hub.audit.AuditVerifier.FindingKind;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;
import cn.tongban.hub.store.GroupCommit;
import cn.tongban.hub.store.InboundRecord;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.StoreEngines;

/**
 * The audit trail on H2 and PostgreSQL: appends from many threads and two writers (two hub instances sharing
 * one database) form one intact chain, and each kind of tampering done with raw SQL is found at its seq.
 */
class AuditTrailTest {
    static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");
    static final CertificateAuthority ROOT = CertificateAuthority.newRoot("audit test root", T0.minusSeconds(86400),
            T0.plusSeconds(365 * 86400L));
    static final Credential NODE = ROOT.issueNode("370000", T0.minusSeconds(3600), T0.plusSeconds(30 * 86400L));
    static final Credential OTHER = ROOT.issueNode("130000", T0.minusSeconds(3600), T0.plusSeconds(30 * 86400L));

    StoreEngines engine;
    JdbcTemplate jdbc;
    final List<StoredAuditTrail> trails = new ArrayList<>();
    final List<HikariDataSource> pools = new ArrayList<>();

    JdbcTemplate open(StoreEngines e) {
        engine = e;
        jdbc = e.fresh();
        return jdbc;
    }

    StoredAuditTrail trail(int checkpointEvery) {
        return trail(checkpointEvery, NODE);
    }

    StoredAuditTrail trail(int checkpointEvery, Credential signer) {
        return trail(checkpointEvery, signer, jdbc);
    }

    StoredAuditTrail trail(int checkpointEvery, Credential signer, JdbcTemplate on) {
        StoredAuditTrail t = new StoredAuditTrail(on, Clock.systemUTC(), signer.sm2Key(), signer.certificate(),
                new StoredAuditTrail.Settings(checkpointEvery, Duration.ofHours(1), Duration.ofSeconds(30), 500));
        trails.add(t);
        return t;
    }

    /** A connection pool on the test's database, as each hub instance has its own (the engines' data source opens a connection per use). */
    JdbcTemplate pooled() {
        DriverManagerDataSource d = (DriverManagerDataSource) jdbc.getDataSource();
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(d.getUrl());
        pool.setUsername(d.getUsername());
        pool.setPassword(d.getPassword());
        pool.setMaximumPoolSize(4);
        pools.add(pool);
        return new JdbcTemplate(pool);
    }

    @AfterEach
    void close() {
        trails.forEach(StoredAuditTrail::close);
        pools.forEach(HikariDataSource::close);
        if (jdbc != null) {
            engine.drop(jdbc);
        }
    }

    AuditVerifier.Report verify() throws Exception {
        try (Connection c = jdbc.getDataSource().getConnection()) {
            c.setAutoCommit(false);
            return AuditVerifier.verify(c, List.of(NODE.certificate()));
        }
    }

    static AuditEvent event(int i) {
        return AuditEvent.accepted("130000", "m-" + i, "test.ping", "conv-" + i);
    }

    /** {@code n} appends from one thread, each its own commit; checkpoints at every {@code every}-th seq. */
    void appendInOrder(StoredAuditTrail t, int n) {
        for (int i = 1; i <= n; i++) {
            t.append(event(i));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void appendsFromManyThreadsAndTwoInstancesFormOneIntactChain(StoreEngines e) throws Exception {
        open(e);
        StoredAuditTrail first = trail(100, NODE, pooled());
        StoredAuditTrail second = trail(100, NODE, pooled()); // a second hub instance on the same database
        // one thread: each append waits for its own commit (the latency an exchange thread sees when alone)
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            first.append(AuditEvent.sent("370000", "warm-" + i, "130000", "test.ping", "c"));
        }
        long single = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
        System.out.printf("audit %s: 200 appends from 1 thread in %d ms (%d/s)%n", e, single, 200_000L / single);
        int threads = 8;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            StoredAuditTrail target = t % 2 == 0 ? first : second;
            int base = t * each;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    target.append(event(base + i));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        pool.shutdown();
        System.out.printf("audit %s: %d appends from %d threads over 2 writers in %d ms (%d/s)%n", e, threads * each, threads, ms,
                threads * each * 1000L / ms);
        AuditVerifier.Report r = verify();
        assertThat(r.findings()).isEmpty();
        assertThat(r.entries()).isEqualTo(threads * each + 200);
        assertThat(r.lastSeq()).isEqualTo(threads * each + 200);
        assertThat(r.checkpoints()).isPositive();
        // every event is there once
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT subject) FROM audit_entry", Integer.class)).isEqualTo(threads * each + 200);
    }

    /**
     * Entries appended in the commit of the write they record (the store's group commit, several writes a
     * transaction) chain with those the writer thread commits meanwhile into one intact chain; a write that fails
     * leaves no entry; one outside any transaction is appended as usual.
     */
    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void entriesInTheCommitOfTheirWriteJoinTheChainAndFallWithIt(StoreEngines e) throws Exception {
        open(e);
        JdbcTemplate pool = pooled();
        StoredAuditTrail t = trail(50, NODE, pool);
        GroupCommit group = new GroupCommit(pool, 16);
        InboundStore store = new InboundStore(pool, group);
        int threads = 4;
        int each = 60;
        ExecutorService workers = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int base = w * each;
                done.add(workers.submit(() -> {
                    for (int i = base; i < base + each; i++) {
                        String id = "m-" + i;
                        store.insert(inbound(id), () -> t.appendInCommit(AuditEvent.accepted("130000", id, "test.ping", "c")));
                    }
                }));
            }
            done.add(workers.submit(() -> { // the writer thread's own commits, meanwhile
                for (int i = 0; i < 40; i++) {
                    t.append(AuditEvent.refused("130000", "r-" + i, "MALFORMED", "test"));
                }
            }));
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            workers.shutdown();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.insert(inbound("fails"), () -> {
            t.appendInCommit(AuditEvent.accepted("130000", "fails", "test.ping", "c"));
            throw new IllegalStateException("a later statement of the same write failed");
        })).isInstanceOf(IllegalStateException.class);
        t.appendInCommit(AuditEvent.accepted("130000", "outside", "test.ping", "c")); // no transaction: appended alone
        group.close();
        AuditVerifier.Report r = verify();
        assertThat(r.findings()).isEmpty();
        assertThat(r.entries()).isEqualTo(threads * each + 40 + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT subject) FROM audit_entry WHERE kind = 'ACCEPTED'", Integer.class))
                .isEqualTo(threads * each + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE subject = '130000/fails'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE message_id = 'fails'", Integer.class)).isZero();
        // every stored message has its entry, and every entry its message
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message m JOIN audit_entry a ON a.subject = "
                + "CONCAT(m.from_node, '/', m.message_id)", Integer.class)).isEqualTo(threads * each);
        System.out.printf("audit %s: %d writes with their entries in %d group commits%n", e, group.writes(), group.commits());
    }

    static InboundRecord inbound(String id) {
        OffsetDateTime at = OffsetDateTime.ofInstant(T0, ZoneOffset.UTC);
        return new InboundRecord("130000", id, "test.ping", "c", null, null, null, "application/json", at, at.plusDays(1),
                "{}".getBytes(), "{}".getBytes(), "receipt".getBytes(), at, null);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void anEditedDetailIsNamedBySeq(StoreEngines e) throws Exception {
        open(e);
        appendInOrder(trail(5), 20);
        assertThat(verify().findings()).isEmpty();
        jdbc.update("UPDATE audit_entry SET detail = 'type=test.ping conv=forged' WHERE seq = 7");
        List<AuditVerifier.Finding> f = verify().findings();
        assertThat(f).extracting(AuditVerifier.Finding::kind, AuditVerifier.Finding::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FindingKind.EDITED, 7L));
        assertThat(f.get(0).toString()).contains("seq 7");
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void anEditWithItsHashRecomputedBreaksTheNextLinkAndTheCheckpoint(StoreEngines e) throws Exception {
        open(e);
        appendInOrder(trail(5), 20);
        AuditEntry seven = entry(7);
        AuditEntry forged = AuditEntry.chain(7, seven.at(), new AuditEvent(AuditKind.ACCEPTED, "130000", "130000/m-7", "forged"),
                seven.prevHash());
        jdbc.update("UPDATE audit_entry SET detail = ?, entry_hash = ? WHERE seq = 7", forged.detail(), forged.entryHash());
        List<AuditVerifier.Finding> f = verify().findings();
        assertThat(f).extracting(AuditVerifier.Finding::kind, AuditVerifier.Finding::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FindingKind.INSERTED, 8L));
        assertThat(f.get(0).text()).contains("seq 8: inserted (or seq 7 replaced)");
        // rewriting every later link too leaves the checkpoints, which no one can sign without the node's key
        rewriteFrom(8, forged.entryHash());
        f = verify().findings();
        assertThat(f).isNotEmpty().allMatch(x -> x.kind() == FindingKind.REWRITTEN || x.kind() == FindingKind.INSERTED);
        assertThat(f).extracting(AuditVerifier.Finding::seq).contains(10L, 15L, 20L);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aDeletedMiddleRowIsNamedAsAGap(StoreEngines e) throws Exception {
        open(e);
        appendInOrder(trail(5), 20);
        jdbc.update("DELETE FROM audit_entry WHERE seq = 12");
        List<AuditVerifier.Finding> f = verify().findings();
        assertThat(f).extracting(AuditVerifier.Finding::kind, AuditVerifier.Finding::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FindingKind.DELETED, 12L));
        assertThat(f.get(0).text()).contains("seq 12: deleted").contains("jumps from seq 11 to seq 13");
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aForgedRowIsFound(StoreEngines e) throws Exception {
        open(e);
        StoredAuditTrail t = trail(5);
        appendInOrder(t, 20);
        // well formed: chained to seq 20 with a correct hash, but the hub never wrote it (its head is at 20)
        AuditEntry forged = AuditEntry.chain(21, T0, AuditEvent.accepted("130000", "forged", "case.submit", "CASE-X"), entry(20).entryHash());
        insert(forged);
        List<AuditVerifier.Finding> f = verify().findings();
        assertThat(f).extracting(AuditVerifier.Finding::kind, AuditVerifier.Finding::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FindingKind.INSERTED, 21L));
        assertThat(f.get(0).text()).contains("seq 21: inserted — past the chain head");
        // badly formed, in a gap: named too
        jdbc.update("DELETE FROM audit_entry WHERE seq = 21");
        jdbc.update("DELETE FROM audit_entry WHERE seq = 9");
        insert(new AuditEntry(9, T0, "ACCEPTED", "130000", "130000/x", "forged", "0".repeat(64), "1".repeat(64)));
        f = verify().findings();
        assertThat(f).extracting(AuditVerifier.Finding::kind, AuditVerifier.Finding::seq).contains(
                org.assertj.core.groups.Tuple.tuple(FindingKind.INSERTED, 9L), org.assertj.core.groups.Tuple.tuple(FindingKind.EDITED, 9L),
                org.assertj.core.groups.Tuple.tuple(FindingKind.INSERTED, 10L));
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aTailTruncatedBehindACheckpointIsFound(StoreEngines e) throws Exception {
        open(e);
        appendInOrder(trail(5), 20);
        assertThat(jdbc.queryForList("SELECT seq FROM audit_checkpoint ORDER BY seq", Long.class)).containsExactly(5L, 10L, 15L, 20L);
        // the whole tail after 12 gone, and the head moved back to 12 as if the hub had never written more
        jdbc.update("DELETE FROM audit_entry WHERE seq > 12");
        jdbc.update("UPDATE audit_head SET last_seq = 12, last_hash = ?", entry(12).entryHash());
        List<AuditVerifier.Finding> f = verify().findings();
        assertThat(f).extracting(AuditVerifier.Finding::kind, AuditVerifier.Finding::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FindingKind.DELETED, 15L), org.assertj.core.groups.Tuple.tuple(FindingKind.DELETED, 20L));
        assertThat(f.get(0).text()).contains("checkpoint at seq 15: its entry is deleted (the trail ends at seq 12)");
        // and with the head left alone, the head names the deleted range
        open(e);
        appendInOrder(trail(5), 20);
        jdbc.update("DELETE FROM audit_entry WHERE seq > 17");
        f = verify().findings();
        assertThat(f).extracting(AuditVerifier.Finding::toString)
                .contains("DELETED seq 18..20: deleted — the chain head records seq 20, the trail ends at seq 17");
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aForgedCheckpointSignatureIsFound(StoreEngines e) throws Exception {
        open(e);
        appendInOrder(trail(5), 20);
        byte[] sig = jdbc.queryForObject("SELECT signature FROM audit_checkpoint WHERE seq = 10", byte[].class);
        sig[sig.length - 1] ^= 1;
        jdbc.update("UPDATE audit_checkpoint SET signature = ? WHERE seq = 10", (Object) sig);
        // and one signed by another node's key over a rewritten chain
        AuditCheckpoint other = AuditCheckpoint.sign(15, "2".repeat(64), T0, OTHER.sm2Key(), OTHER.certificate());
        jdbc.update("UPDATE audit_checkpoint SET entry_hash = ?, signature = ?, signer = ? WHERE seq = 15", other.entryHash(),
                other.signature(), other.signer());
        List<AuditVerifier.Finding> f = verify().findings();
        assertThat(f).extracting(AuditVerifier.Finding::kind, AuditVerifier.Finding::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FindingKind.FORGED, 10L), org.assertj.core.groups.Tuple.tuple(FindingKind.FORGED, 15L));
        assertThat(f.get(0).text()).contains("checkpoint at seq 10: forged");
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void refusalsAreCountedByTheirCode(StoreEngines e) throws Exception {
        open(e);
        StoredAuditTrail t = trail(5);
        assertThat(t.refusalsByCode()).isEmpty();
        t.append(AuditEvent.refused("130000", "m-1", "MALFORMED", "bad: really"));
        t.append(AuditEvent.refused(null, null, "MALFORMED", "unreadable"));
        t.append(AuditEvent.refused("130000", "m-3", "NOT_AUTHORIZED", "step 10"));
        t.append(AuditEvent.accepted("130000", "m-4", "test.ping", "c"));
        assertThat(t.refusalsByCode()).containsExactly(java.util.Map.entry("MALFORMED", 2L), java.util.Map.entry("NOT_AUTHORIZED", 1L));
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aDetailNeverHoldsAnIdNumberOrControlCharacters(StoreEngines e) throws Exception {
        open(e);
        StoredAuditTrail t = trail(5);
        t.append(AuditEvent.refused("130000", "m-1", "MALFORMED", "applicant 11010519491231002X\nnot allowed"));
        t.append(AuditEvent.accepted("130000", "m-2", "case.submit", "CASE 110105194912310021"));
        List<String> details = jdbc.queryForList("SELECT detail FROM audit_entry ORDER BY seq", String.class);
        assertThat(String.join("|", details)).doesNotContain("11010519491231002X").doesNotContain("110105194912310021")
                .contains("110105********002X").contains("110105********0021").doesNotContain("\n");
        assertThat(verify().findings()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aConfigurationChangeIsRecordedByKeyNeverByValue(StoreEngines e) throws Exception {
        open(e);
        StoredAuditTrail t = trail(5);
        TreeMap<String, String> c = new TreeMap<>();
        c.put("tongban.node", "370000");
        c.put("tongban.api.token", "s3cret-token");
        assertThat(t.recordConfiguration("370000", c)).isTrue();
        assertThat(t.recordConfiguration("370000", c)).isFalse();
        c.put("tongban.api.token", "another-token");
        c.put("tongban.audit.checkpoint-every", "10");
        assertThat(t.recordConfiguration("370000", c)).isTrue();
        List<String> details = jdbc.queryForList("SELECT detail FROM audit_entry WHERE kind = 'CONFIGURATION_CHANGED' ORDER BY seq",
                String.class);
        assertThat(details).hasSize(2);
        assertThat(details.get(0)).contains("first recorded, 2 keys");
        assertThat(details.get(1)).endsWith("changed: tongban.api.token, +tongban.audit.checkpoint-every");
        assertThat(String.join("|", details)).doesNotContain("s3cret").doesNotContain("another-token");
    }

    AuditEntry entry(long seq) {
        return jdbc.queryForObject("SELECT seq, at, kind, actor, subject, detail, prev_hash, entry_hash FROM audit_entry WHERE seq = ?",
                (rs, i) -> new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)), seq);
    }

    void insert(AuditEntry x) {
        jdbc.update("INSERT INTO audit_entry (seq, at, kind, actor, subject, detail, prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?)",
                x.seq(), OffsetDateTime.ofInstant(x.at(), ZoneOffset.UTC), x.kind(), x.actor(), x.subject(), x.detail(), x.prevHash(),
                x.entryHash());
    }

    /** What someone with write access but without the key can do: relink every entry from {@code seq} on. */
    void rewriteFrom(long seq, String prevHash) {
        Long last = jdbc.queryForObject("SELECT MAX(seq) FROM audit_entry", Long.class);
        String prev = prevHash;
        for (long s = seq; s <= last; s++) {
            AuditEntry old = entry(s);
            String h = AuditEntry.hash(s, old.at(), old.kind(), old.actor(), old.subject(), old.detail(), prev);
            jdbc.update("UPDATE audit_entry SET prev_hash = ?, entry_hash = ? WHERE seq = ?", prev, h, s);
            prev = h;
        }
        jdbc.update("UPDATE audit_head SET last_hash = ?", prev);
    }
}
