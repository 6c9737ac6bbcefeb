package cn.tongban.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The store's behaviour, identical on H2 and PostgreSQL through the one set of migrations. */
class StoreTest {
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 24, 10, 0, 0, 0, ZoneOffset.ofHours(8));

    StoreEngines engine;
    JdbcTemplate jdbc;

    JdbcTemplate open(StoreEngines e) {
        engine = e;
        jdbc = e.fresh();
        return jdbc;
    }

    @AfterEach
    void close() {
        if (jdbc != null) {
            engine.drop(jdbc);
        }
    }

    static InboundRecord inbound(String id, byte[] receipt) {
        return new InboundRecord("370000", id, "case.submit", "CASE-1", "11370800MB28559184300011711200001", null, null,
                "application/json", T0, T0.plusDays(1), "{\"m\":1}".getBytes(), "明文".getBytes(StandardCharsets.UTF_8),
                receipt, T0, null);
    }

    static OutboundRecord outbound(String id) {
        return new OutboundRecord(id, "130000", "case.submit", "CASE-1", null, null, "application/json", null,
                "{}".getBytes(), new byte[] {1, 2, 3}, true, "ab".repeat(32), OutboundStatus.PENDING, 0, T0, T0.plusDays(1),
                T0, null, null, null, null, null, null);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void anAcceptedMessageKeepsItsFirstReceiptAndIsHandedOverOnce(StoreEngines e) {
        InboundStore s = new InboundStore(open(e));
        assertThat(s.receiptFor("370000", "m1")).isEmpty();
        byte[] first = "receipt-1".getBytes();
        assertThat(s.insert(inbound("m1", first))).isEqualTo(first);
        // the same (from, id) again: the original receipt, nothing new stored
        assertThat(s.insert(inbound("m1", "receipt-2".getBytes()))).isEqualTo(first);
        assertThat(s.receiptFor("370000", "m1")).contains(first);
        assertThat(s.count()).isEqualTo(1);
        InboundRecord back = s.find("370000", "m1").orElseThrow();
        assertThat(back.plaintext()).isEqualTo("明文".getBytes(StandardCharsets.UTF_8));
        assertThat(back.iat().toInstant()).isEqualTo(T0.toInstant());
        assertThat(s.awaitingHandover(10)).extracting(InboundRecord::messageId).containsExactly("m1");
        s.markHandedOver("370000", "m1", T0.plusSeconds(1));
        assertThat(s.awaitingHandover(10)).isEmpty();
        s.insert(inbound("m2", first));
        s.insert(inbound("m3", first));
        s.markHandedOver(s.awaitingHandover(10), T0.plusSeconds(2)); // the relay's way: a batch in one commit
        assertThat(s.awaitingHandover(10)).isEmpty();
        assertThat(s.find("370000", "m1").orElseThrow().handedOverAt().toInstant()).as("a mark is never moved")
                .isEqualTo(T0.plusSeconds(1).toInstant());
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aLargeMessageIsStoredWhole(StoreEngines e) {
        InboundStore s = new InboundStore(open(e));
        byte[] big = new byte[16 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);
        InboundRecord r = inbound("big", "r".getBytes());
        s.insert(new InboundRecord(r.fromNode(), r.messageId(), r.type(), r.conv(), r.svc(), r.ref(), r.fromOrg(), r.cty(),
                r.iat(), r.exp(), big, big, r.receipt(), r.receivedAt(), null));
        assertThat(s.find("370000", "big").orElseThrow().raw()).isEqualTo(big);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void anOutboundMessageIsClaimedByOneAttemptAtATimeAndOnlyWhenDue(StoreEngines e) {
        OutboundStore s = new OutboundStore(open(e));
        s.insert(outbound("o1"));
        assertThat(s.due(T0, 10)).containsExactly("o1");
        assertThat(s.claim("o1", T0, T0.plusMinutes(2))).isTrue();
        assertThat(s.claim("o1", T0.plusSeconds(1), T0.plusMinutes(2))).as("leased").isFalse();
        assertThat(s.due(T0.plusSeconds(1), 10)).as("a leased message is not swept").isEmpty();
        s.scheduleRetry(new DeliveryAttempt("o1", 1, T0, 503, "RETRY", "HTTP 503"), T0.plusSeconds(30), () -> {
        });
        assertThat(s.claim("o1", T0.plusSeconds(10), T0.plusMinutes(2))).as("not due before its back-off").isFalse();
        assertThat(s.claim("o1", T0.plusSeconds(30), T0.plusMinutes(2))).isTrue();
        s.markDelivered(new DeliveryAttempt("o1", 2, T0.plusSeconds(31), 200, "DELIVERED", "receipt r-1"), "receipt".getBytes(), () -> {
        });
        OutboundRecord r = s.find("o1").orElseThrow();
        assertThat(r.status()).isEqualTo(OutboundStatus.DELIVERED);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(r.receipt()).isEqualTo("receipt".getBytes());
        assertThat(r.sealed()).isEqualTo(new byte[] {1, 2, 3});
        assertThat(s.claim("o1", T0.plusMinutes(10), T0.plusMinutes(12))).as("delivered").isFalse();
        assertThat(s.attempts("o1")).extracting(DeliveryAttempt::httpStatus).containsExactly(503, 200);
    }

    /**
     * A message stored held for its first attempt is taken by no claim and no sweep until the hold ends, is renewed
     * and given up only by whoever has that very hold (the instant compares equal as stored, on both engines), and is
     * free once the hold ended.
     */
    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aMessageStoredHeldIsTakenByNoOneElseUntilItsHoldEnds(StoreEngines e) {
        OutboundStore s = new OutboundStore(open(e));
        OffsetDateTime hold = T0.plusMinutes(2).plusNanos(123_000_000);
        s.insertHeld(outbound("h1"), hold, () -> {
        });
        assertThat(s.claim("h1", T0, T0.plusMinutes(2))).as("held").isFalse();
        assertThat(s.due(T0.plusMinutes(1), 10)).as("a held message is not swept").isEmpty();
        assertThat(s.renewHold("h1", hold.plusNanos(1_000_000), T0.plusMinutes(5))).as("not the hold it has").isFalse();
        assertThat(s.renewHold("h1", hold.withOffsetSameInstant(ZoneOffset.UTC), T0.plusMinutes(5))).isTrue();
        assertThat(s.claim("h1", T0.plusMinutes(3), T0.plusMinutes(6))).as("renewed").isFalse();
        s.releaseHold("h1", hold);
        assertThat(s.claim("h1", T0.plusMinutes(3), T0.plusMinutes(6))).as("released by the old hold: still held").isFalse();
        s.releaseHold("h1", T0.plusMinutes(5));
        assertThat(s.due(T0.plusMinutes(3), 10)).containsExactly("h1");
        assertThat(s.claim("h1", T0.plusMinutes(3), T0.plusMinutes(6))).as("given up").isTrue();
        s.insertHeld(outbound("h2"), T0.plusSeconds(10), () -> {
        });
        assertThat(s.due(T0.plusSeconds(11), 10)).as("a hold that ended is free").containsExactly("h2");
        // the later sweeps: due a grace (60 s) before now, the hold ended by now (not a grace before now)
        assertThat(s.due(T0.plusSeconds(10), T0.plusSeconds(70), 10)).as("a hold a crash left, swept when it ends")
                .containsExactly("h2");
        assertThat(s.due(T0.plusSeconds(5), T0.plusSeconds(9), 10)).as("still held").isEmpty();
    }

    /** What must commit with a write (its audit entry) commits with it or not at all: a failing one undoes the write. */
    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void statementsInTheSameCommitStandOrFallWithTheWrite(StoreEngines e) {
        JdbcTemplate j = open(e);
        GroupCommit group = new GroupCommit(j, 8);
        try {
            OutboundStore out = new OutboundStore(j, group);
            InboundStore in = new InboundStore(j, group);
            String mark = "INSERT INTO audit_configuration (node, property, value_digest) VALUES (?, ?, 'x')";
            out.insert(outbound("kept"), () -> j.update(mark, "n", "kept"));
            assertThatThrownBy(() -> out.insert(outbound("undone"), () -> {
                j.update(mark, "n", "undone");
                throw new IllegalStateException("the audit entry could not be written");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(out.find("kept")).isPresent();
            assertThat(out.find("undone")).as("the write fell with its companion").isEmpty();
            in.insert(inbound("i1", "r1".getBytes()), () -> j.update(mark, "n", "i1"));
            assertThat(in.insert(inbound("i1", "r2".getBytes()), () -> j.update(mark, "n", "i1 again")))
                    .as("a duplicate answers the first receipt").isEqualTo("r1".getBytes());
            out.markDelivered(new DeliveryAttempt("kept", 1, T0, 200, "DELIVERED", "receipt r-1"), "r".getBytes(),
                    () -> j.update(mark, "n", "delivered"));
            assertThat(j.queryForList("SELECT property FROM audit_configuration ORDER BY property", String.class))
                    .as("run once per write that committed; not for the duplicate, not for the undone one")
                    .containsExactly("delivered", "i1", "kept");
        } finally {
            group.close();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aDeadMessageKeepsTheProblemAndLeavesThePendingSet(StoreEngines e) {
        OutboundStore s = new OutboundStore(open(e));
        s.insert(outbound("d1"));
        s.insert(outbound("p1"));
        s.markDead("d1", new DeliveryAttempt("d1", 1, T0, 400, "DEAD", "refused: HTTP 400"), 1, T0, "refused: HTTP 400",
                "{\"code\":\"DECRYPTION_FAILED\"}", () -> {
                });
        assertThat(s.count(OutboundStatus.DEAD)).isEqualTo(1);
        assertThat(s.count(OutboundStatus.PENDING)).isEqualTo(1);
        assertThat(s.byStatus(OutboundStatus.DEAD, 10)).extracting(OutboundRecord::problem)
                .containsExactly("{\"code\":\"DECRYPTION_FAILED\"}");
        assertThat(s.due(T0.plus(1, ChronoUnit.HOURS), 10)).containsExactly("p1");
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void theDirectoryHeldIsReplacedNotAppended(StoreEngines e) {
        DirectoryStore s = new DirectoryStore(open(e));
        assertThat(s.load()).isEmpty();
        s.save(1, "v1".getBytes(), T0);
        s.save(2, "v2".getBytes(), T0.plusSeconds(1));
        assertThat(s.load()).contains("v2".getBytes());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM directory_held", Integer.class)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void theLedgerLetsARouteHandleAMessageOnceAndCountsRedeliveries(StoreEngines e) {
        HandlingLedger ledger = new HandlingLedger(open(e), java.time.Clock.fixed(T0.toInstant(), ZoneOffset.UTC));
        assertThat(ledger.firstHandling("route-a", "370000", "m-1")).isTrue();
        assertThat(ledger.firstHandling("route-a", "370000", "m-1")).isFalse();
        assertThat(ledger.firstHandling("route-a", "370000", "m-1")).isFalse();
        // the same id from another sender, or for another route, is another handling
        assertThat(ledger.firstHandling("route-a", "130000", "m-1")).isTrue();
        assertThat(ledger.firstHandling("route-b", "370000", "m-1")).isTrue();
        assertThat(ledger.handled("route-a")).isEqualTo(2);
        assertThat(ledger.redeliveries("route-a")).isEqualTo(2);
        assertThat(ledger.redeliveries("route-b")).isZero();
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aDeadMessageIsResentOnceAndSearchesFilterOnEveryField(StoreEngines e) {
        OutboundStore s = new OutboundStore(open(e));
        s.insert(outbound("old"));
        s.insert(outbound("other")); // messages that resend nothing: many NULLs under the unique index
        OutboundRecord o = outbound("new");
        s.insert(new OutboundRecord("new", o.toNode(), o.type(), o.conv(), o.svc(), o.ref(), o.cty(), o.toOrg(), o.plaintext(),
                o.sealed(), o.encrypted(), o.digest(), o.status(), 0, T0.plusHours(1), o.exp(), o.nextAttemptAt(), null, null, null,
                null, null, "old"));
        s.recordResender("new", "alice");
        OutboundRecord twice = new OutboundRecord("new2", o.toNode(), o.type(), o.conv(), o.svc(), o.ref(), o.cty(), o.toOrg(),
                o.plaintext(), o.sealed(), o.encrypted(), o.digest(), o.status(), 0, T0, o.exp(), o.nextAttemptAt(), null, null,
                null, null, null, "old");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.insert(twice))
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        assertThat(s.resendOf("old")).contains("new");
        assertThat(s.resendOf("other")).isEmpty();
        assertThat(s.resender("new")).contains("alice");

        Page<OutboundRecord> all = s.search(new MessageSearch(null, null, null, null, null, null, 0, 10));
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.items().get(0).messageId()).isEqualTo("new"); // newest first
        assertThat(all.items().get(0).sealed()).isNull(); // a search does not fetch the bytes
        assertThat(s.search(new MessageSearch("130000", "case.submit", "PENDING", T0, T0.plusMinutes(1), "CASE-1", 0, 10)).total())
                .isEqualTo(2);
        assertThat(s.search(new MessageSearch("999999", null, null, null, null, null, 0, 10)).total()).isZero();
        assertThat(s.search(new MessageSearch(null, null, null, null, null, null, 2, 10)).items()).hasSize(1);
        assertThat(s.countsByPartner()).containsExactly(new OutboundStore.PartnerCount("130000", "PENDING", 3));

        InboundStore in = new InboundStore(jdbc);
        in.insert(inbound("m1", "r".getBytes()));
        assertThat(in.search(new MessageSearch("370000", null, "ACCEPTED", null, null, "CASE-1", 0, 10)).total()).isEqualTo(1);
        assertThat(in.search(new MessageSearch(null, null, "HANDED_OVER", null, null, null, 0, 10)).total()).isZero();
        assertThat(in.countsByPartner()).containsEntry("370000", 1L);
    }
}
