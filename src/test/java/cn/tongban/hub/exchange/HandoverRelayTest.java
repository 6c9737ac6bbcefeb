package cn.tongban.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.store.InboundRecord;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.StoreEngines;

/**
 * The hand-over relay: what was accepted goes to the routes by key, in the order of acceptance, and what a crash left
 * with the sweep; each message once, and marked; the batches and messages it counts (what {@code bench exchange}
 * prints per message) are those handed over.
 */
class HandoverRelayTest {
    static InboundRecord inbound(String id, java.time.OffsetDateTime at) {
        return new InboundRecord("370000", id, "test.ping", "c", null, null, null, "application/json", at, at.plusDays(1),
                "{}".getBytes(), "{}".getBytes(), "receipt".getBytes(), at, null);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void whatWasAcceptedIsHandedOverByKeyOnceAndWhatWasLeftByTheSweepAndCounted(StoreEngines e) throws Exception {
        JdbcTemplate db = e.fresh();
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        List<InboundRecord> records = new CopyOnWriteArrayList<>();
        HandoverQueue queue = ms -> {
            records.addAll(ms);
            batches.add(ms.stream().map(InboundRecord::messageId).toList());
        };
        HandoverRelay relay = new HandoverRelay(new InboundStore(db), queue, Clock.systemUTC());
        try {
            InboundStore store = new InboundStore(db);
            java.time.OffsetDateTime t = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
            store.insert(inbound("left", t.minusSeconds(1))); // as a crash leaves it: stored, nobody woke the relay
            List<String> accepted = List.of("first", "second", "third");
            for (int i = 0; i < accepted.size(); i++) {
                store.insert(inbound(accepted.get(i), t.plusSeconds(i)));
                relay.wake("370000", accepted.get(i));
            }
            Eventually.await("the three handed over", Duration.ofSeconds(10),
                    () -> batches.stream().mapToInt(List::size).sum() == 3);
            assertThat(batches.stream().flatMap(List::stream)).containsExactly("first", "second", "third");
            assertThat(store.awaitingHandover(10)).extracting(InboundRecord::messageId).containsExactly("left");

            relay.wake("370000", "second"); // woken again (a concurrent duplicate): handed over already
            assertThat(relay.relayAccepted()).isZero();
            assertThat(relay.relayAll()).as("the sweep finds what nobody woke the relay for").isEqualTo(1);
            assertThat(batches.get(batches.size() - 1)).containsExactly("left");
            assertThat(relay.relayAll()).as("nothing left").isZero();
            assertThat(batches.stream().flatMap(List::stream)).containsExactly("first", "second", "third", "left");
            assertThat(relay.batchesAndMessages()[1]).isEqualTo(4);
            assertThat(relay.batchesAndMessages()[0]).isEqualTo(batches.size());
            assertThat(store.awaitingHandoverCount()).as("all marked").isZero();
            // what goes on the queue: the plaintext and the header's fields, not the message bytes nor the receipt
            assertThat(records).hasSize(4).allSatisfy(r -> {
                assertThat(r.plaintext()).isEqualTo("{}".getBytes());
                assertThat(r.type()).isEqualTo("test.ping");
                assertThat(r.raw()).isNull();
                assertThat(r.receipt()).isNull();
            });
        } finally {
            relay.shutdown();
            e.drop(db);
        }
    }
}
