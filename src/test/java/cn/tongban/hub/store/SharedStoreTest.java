package cn.tongban.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store as several instances of one node share it (README "Scale-out"), each instance with its own
 * connections: two relays never hand over the same message, two receptions of the same message at once keep
 * one row and answer one receipt, two delivery consumers never claim the same message.
 */
class SharedStoreTest {
    static final OffsetDateTime T0 = StoreTest.T0;

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aRelayBatchHoldsItsRowsSoThatAnotherInstancesRelaySkipsThem(StoreEngines e) throws Exception {
        try (TwoInstances two = TwoInstances.open(e)) {
            InboundStore first = two.first();
            InboundStore second = two.second();
            insertFive(first);
            HeldSweep sweep = two.holdSweep();
            List<String> handedByFirst = sweep.handed();
            List<String> handedBySecond = new ArrayList<>();
            int b = second.handOverBatch(10, ids(handedBySecond), T0.plusSeconds(1));
            assertThat(sweep.finish()).isEqualTo(3);
            assertThat(handedByFirst).hasSize(3);
            assertThat(handedBySecond).as("the rows the first relay held were skipped").doesNotContainAnyElementsOf(handedByFirst);
            if (e == StoreEngines.POSTGRESQL) {
                assertThat(b).as("the rows nobody held").isEqualTo(2);
            } else {
                // H2 (one process only: its file cannot be shared) skips more than the held rows; never a held one
                assertThat(b).isIn(0, 2);
                second.handOverBatch(10, ids(handedBySecond), T0.plusSeconds(1));
            }
            List<String> all = new ArrayList<>(handedByFirst);
            all.addAll(handedBySecond);
            assertThat(all).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
            assertThat(first.awaitingHandover(10)).isEmpty();
            // a hand-over that fails marks nothing: the rows wait for the next run
            first.insert(StoreTest.inbound("m5", "r5".getBytes()));
            try {
                first.handOverBatch(10, batch -> { throw new IllegalStateException("broker down"); }, T0.plusSeconds(2));
            } catch (IllegalStateException expected) {
                // as the relay sees it
            }
            assertThat(first.awaitingHandover(10)).extracting(InboundRecord::messageId).containsExactly("m5");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aHandOverByKeySkipsTheRowsAnotherInstancesSweepHoldsAndThoseHandedOverBefore(StoreEngines e) throws Exception {
        try (TwoInstances two = TwoInstances.open(e)) {
            InboundStore first = two.first();
            InboundStore second = two.second();
            List<InboundStore.Key> keys = insertFive(first).stream().map(id -> new InboundStore.Key("370000", id)).toList();
            HeldSweep sweep = two.holdSweep();
            List<String> handedByFirst = sweep.handed();
            first.insert(StoreTest.inbound("not-named", "r".getBytes())); // waiting too, but nobody asks for it by key
            List<String> handedBySecond = new ArrayList<>();
            int b = second.handOver(keys, ids(handedBySecond), T0.plusSeconds(1));
            assertThat(sweep.finish()).isEqualTo(3);
            assertThat(handedBySecond).as("the rows the sweep held were skipped").doesNotContainAnyElementsOf(handedByFirst)
                    .doesNotContain("not-named");
            if (e == StoreEngines.POSTGRESQL) {
                assertThat(b).as("the named rows nobody held").isEqualTo(5 - handedByFirst.size());
            } else {
                assertThat(b).isIn(0, 5 - handedByFirst.size()); // H2 skips more than the held rows; never a held one
            }
            second.handOver(keys, ids(handedBySecond), T0.plusSeconds(2));
            List<String> all = new ArrayList<>(handedByFirst);
            all.addAll(handedBySecond);
            assertThat(all).as("each named message once").containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
            assertThat(second.handOver(keys, batch -> handedBySecond.add("again"), T0.plusSeconds(3))).isZero();
            assertThat(first.awaitingHandover(10)).extracting(InboundRecord::messageId).containsExactly("not-named");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void theSameMessageStoredByTwoInstancesAtOnceKeepsOneRowAndOneReceipt(StoreEngines e) throws Exception {
        JdbcTemplate db = e.fresh();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String id = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<byte[]>> answers = new ArrayList<>();
                for (int instance = 0; instance < 4; instance++) {
                    InboundStore s = new InboundStore(db);
                    byte[] receipt = ("receipt-" + round + "-" + instance).getBytes();
                    answers.add(pool.submit(() -> {
                        await(go);
                        return s.insert(StoreTest.inbound(id, receipt));
                    }));
                }
                go.countDown();
                List<byte[]> answered = new ArrayList<>();
                for (Future<byte[]> f : answers) {
                    answered.add(f.get(30, TimeUnit.SECONDS));
                }
                byte[] onRecord = new InboundStore(db).receiptFor("370000", id).orElseThrow();
                assertThat(answered).as("every instance answers the receipt on record").allSatisfy(r -> assertThat(r).isEqualTo(onRecord));
            }
            assertThat(new InboundStore(db).count()).isEqualTo(20);
        } finally {
            pool.shutdownNow();
            e.drop(db);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void twoInstancesClaimingOneMessageAtOnceGetItOnce(StoreEngines e) throws Exception {
        JdbcTemplate db = e.fresh();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String id = "claim-" + round;
                new OutboundStore(db).insert(StoreTest.outbound(id));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int instance = 0; instance < 4; instance++) {
                    OutboundStore s = new OutboundStore(db);
                    claims.add(pool.submit(() -> {
                        await(go);
                        return s.claim(id, T0.plusSeconds(1), T0.plusMinutes(2));
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> f : claims) {
                    won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(won).as("claims of " + id + " that succeeded").isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
            e.drop(db);
        }
    }

    /** Stores m0 to m4, received at once; returns their ids. */
    private static List<String> insertFive(InboundStore store) {
        List<String> ids = List.of("m0", "m1", "m2", "m3", "m4");
        ids.forEach(id -> store.insert(StoreTest.inbound(id, ("r" + id).getBytes())));
        return ids;
    }

    /** A hand-over that notes the ids it is given in {@code into}. */
    private static java.util.function.Consumer<List<InboundRecord>> ids(List<String> into) {
        return batch -> batch.forEach(r -> into.add(r.messageId()));
    }

    /** Two instances of one node on a fresh database of engine {@code e}, each with its own store; closing drops it. */
    private record TwoInstances(StoreEngines engine, JdbcTemplate db, InboundStore first, InboundStore second,
                                ExecutorService pool) implements AutoCloseable {
        static TwoInstances open(StoreEngines e) {
            JdbcTemplate db = e.fresh();
            return new TwoInstances(e, db, new InboundStore(db), new InboundStore(db), Executors.newSingleThreadExecutor());
        }

        /** The first instance's sweep of three rows, holding them (its broker send still going) until finished. */
        HeldSweep holdSweep() throws InterruptedException {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
            Future<Integer> done = pool.submit(() -> first.handOverBatch(3, batch -> {
                ids(handed).accept(batch);
                holding.countDown();
                await(release);
            }, T0.plusSeconds(1)));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            return new HeldSweep(handed, release, done);
        }

        @Override
        public void close() {
            pool.shutdownNow();
            engine.drop(db);
        }
    }

    /** One instance's sweep, holding its rows until {@link #finish}. */
    private record HeldSweep(List<String> handed, CountDownLatch release, Future<Integer> done) {

        int finish() throws Exception {
            release.countDown();
            return done.get(30, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ie);
        }
    }
}
