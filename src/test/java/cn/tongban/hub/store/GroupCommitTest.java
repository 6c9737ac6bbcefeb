package cn.tongban.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.tongban.hub.exchange.Eventually;

/**
 * The exchange's group commit on both engines: writes asked for while the writer is busy share one commit, each
 * caller returns only once its own write is committed (visible on another connection), a write that fails in a
 * group fails alone while the others commit, and a write inside the caller's transaction belongs to that
 * transaction.
 */
class GroupCommitTest {

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void writesAskedForWhileTheWriterIsBusyShareOneCommitAndEachIsCommittedWhenItsCallerReturns(StoreEngines e) throws Exception {
        onFreshStore(e, 11, (db, group, store, pool) -> {
            Runnable release = occupyWriter(group, pool);
            List<Future<Boolean>> writes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = "g" + i;
                writes.add(pool.submit(() -> {
                    store.insert(StoreTest.inbound(id, ("r" + id).getBytes()));
                    // another connection sees the row as soon as the insert returned: committed, not merely written
                    return new InboundStore(db).find("370000", id).isPresent();
                }));
            }
            Eventually.await("ten writes waiting", Duration.ofSeconds(10), () -> group.waiting() == 10);
            release.run();
            for (Future<Boolean> w : writes) {
                assertThat(w.get(30, TimeUnit.SECONDS)).as("committed when the caller returned").isTrue();
            }
            assertThat(group.writes()).isEqualTo(11);
            assertThat(group.commits()).as("the first write alone, the ten waiting in one commit").isEqualTo(2);
        });
    }

    /**
     * With a window, writes that come close together wait for company: a group the writer found short is filled
     * by a write asked for while it waits; a write that comes alone, long after the last, is committed at once.
     */
    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void writesComingCloseTogetherWaitForCompanyAndALoneOneDoesNot(StoreEngines e) throws Exception {
        JdbcTemplate db = e.fresh();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (GroupCommit group = new GroupCommit(db, 4, Duration.ofSeconds(1))) {
            InboundStore store = new InboundStore(db, group);
            Thread.sleep(1_200); // the occupying write comes alone: committed without waiting
            Runnable release = occupyWriter(group, pool);
            List<Future<?>> writes = new ArrayList<>();
            for (String id : List.of("a", "b", "c")) {
                writes.add(pool.submit(() -> store.insert(StoreTest.inbound(id, id.getBytes()))));
            }
            Eventually.await("three writes waiting", Duration.ofSeconds(10), () -> group.waiting() == 3);
            release.run(); // returns once the occupying write committed; the three are then one short of a group
            Eventually.await("the writer waiting for a fourth", Duration.ofSeconds(10), () -> group.waits() == 1);
            writes.add(pool.submit(() -> store.insert(StoreTest.inbound("d", "d".getBytes()))));
            for (Future<?> w : writes) {
                w.get(30, TimeUnit.SECONDS);
            }
            assertThat(group.commits()).as("the occupying write, then the four together").isEqualTo(2);
            Thread.sleep(1_200); // longer than the window since the last write
            store.insert(StoreTest.inbound("alone", "x".getBytes()));
            assertThat(group.waits()).as("a write alone does not wait for company").isEqualTo(1);
            assertThat(group.commits()).isEqualTo(3);
            assertThat(db.queryForObject("SELECT COUNT(*) FROM inbound_message", Long.class)).isEqualTo(5);
        } finally {
            pool.shutdownNow();
            e.drop(db);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aWriteThatFailsInAGroupFailsAloneAndTheOthersCommit(StoreEngines e) throws Exception {
        onFreshStore(e, 6, (db, group, store, pool) -> {
            store.insert(StoreTest.inbound("dup", "first receipt".getBytes()));
            Runnable release = occupyWriter(group, pool);
            List<Future<byte[]>> writes = new ArrayList<>();
            for (String id : List.of("a", "b", "dup", "c", "d")) {
                writes.add(pool.submit(() -> store.insert(StoreTest.inbound(id, ("receipt " + id).getBytes()))));
            }
            Eventually.await("five writes waiting", Duration.ofSeconds(10), () -> group.waiting() == 5);
            release.run();
            List<String> receipts = new ArrayList<>();
            for (Future<byte[]> w : writes) {
                receipts.add(new String(w.get(30, TimeUnit.SECONDS)));
            }
            // the duplicate is answered with the receipt on record (TEP-1 §4 step 9), the others with their own
            assertThat(receipts).containsExactly("receipt a", "receipt b", "first receipt", "receipt c", "receipt d");
            assertThat(db.queryForObject("SELECT COUNT(*) FROM inbound_message", Long.class)).isEqualTo(5);
        });
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aWriteInsideTheCallersTransactionCommitsOrRollsBackWithIt(StoreEngines e) {
        JdbcTemplate db = e.fresh();
        try (GroupCommit group = new GroupCommit(db, 64)) {
            OutboundStore store = new OutboundStore(db, group);
            TransactionTemplate caller = new TransactionTemplate(new DataSourceTransactionManager(db.getDataSource()));
            caller.executeWithoutResult(tx -> {
                store.insert(StoreTest.outbound("rolled-back"));
                tx.setRollbackOnly();
            });
            caller.executeWithoutResult(tx -> store.insert(StoreTest.outbound("kept")));
            assertThat(store.find("rolled-back")).isEmpty();
            assertThat(store.find("kept")).isPresent();
            assertThat(group.writes()).as("neither went through the writer").isZero();
            group.close();
            store.insert(StoreTest.outbound("after close"));
            assertThat(store.find("after close")).as("a write after close commits in the caller's thread").isPresent();
        } finally {
            e.drop(db);
        }
    }

    /** A test's body, on a freshly migrated store with a group commit, an inbound store writing through it, a pool. */
    @FunctionalInterface
    private interface OnStore {
        void run(JdbcTemplate db, GroupCommit group, InboundStore store, ExecutorService pool) throws Exception;
    }

    private static void onFreshStore(StoreEngines e, int threads, OnStore body) throws Exception {
        JdbcTemplate db = e.fresh();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (GroupCommit group = new GroupCommit(db, 64)) {
            body.run(db, group, new InboundStore(db, group), pool);
        } finally {
            pool.shutdownNow();
            e.drop(db);
        }
    }

    /**
     * Keeps the group's writer busy with one write (it is inside that write when this returns): what is asked for
     * meanwhile waits, to go as one group once the returned action releases it (and waits for it to commit).
     */
    private static Runnable occupyWriter(GroupCommit group, ExecutorService pool) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> busy = pool.submit(() -> group.execute(j -> {
            entered.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("the writer busy with the first write").isTrue();
        return () -> {
            release.countDown();
            try {
                busy.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the first write did not commit", e);
            }
        };
    }
}
