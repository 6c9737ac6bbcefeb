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
 * The hand-over relay: what is waiting goes to the routes in one batch, oldest first, each message once, and is
 * marked; the batches and messages it counts (what {@code bench exchange} prints per message) are those handed over.
 */
class HandoverRelayTest {
    static InboundRecord inbound(String id, java.time.OffsetDateTime at) {
        return new InboundRecord("370000", id, "test.ping", "c", null, null, null, "application/json", at, at.plusDays(1),
                "{}".getBytes(), "{}".getBytes(), "receipt".getBytes(), at, null);
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void whatWaitsIsHandedOverOnceInOneBatchAndCounted(StoreEngines e) throws Exception {
        JdbcTemplate db = e.fresh();
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        HandoverQueue queue = ms -> batches.add(ms.stream().map(InboundRecord::messageId).toList());
        HandoverRelay relay = new HandoverRelay(new InboundStore(db), queue, Clock.systemUTC());
        try {
            InboundStore store = new InboundStore(db);
            java.time.OffsetDateTime t = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
            store.insert(inbound("second", t.plusSeconds(1)));
            store.insert(inbound("first", t));
            store.insert(inbound("third", t.plusSeconds(2)));
            relay.wake();
            Eventually.await("the batch handed over", Duration.ofSeconds(10), () -> batches.size() == 1);
            assertThat(relay.relayAll()).as("nothing left").isZero();
            assertThat(batches).containsExactly(List.of("first", "second", "third"));
            assertThat(relay.batchesAndMessages()).containsExactly(1, 3);
            assertThat(store.awaitingHandoverCount()).as("all marked").isZero();
        } finally {
            relay.shutdown();
            e.drop(db);
        }
    }
}
