package cn.tongban.hub.adapters.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.store.StoreEngines;

/**
 * The pull lock on both engines: of several instances of one node on one database exactly one holds it; a
 * stopped holder hands it on; a holder that died (its row no longer renewed) loses it once the row is older
 * than the time to live, and not before; another node's lock is another row.
 */
class PullLockTest {
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration RENEW = Duration.ofMillis(200);

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void oneInstanceHoldsTheLockAndAStoppedHolderHandsItOn(StoreEngines engine) throws Exception {
        JdbcTemplate db = engine.fresh();
        PullLock a = new PullLock(db.getDataSource(), "130000", TTL, RENEW);
        PullLock b = new PullLock(db.getDataSource(), "130000", TTL, RENEW);
        PullLock other = new PullLock(db.getDataSource(), "370000", TTL, RENEW);
        try {
            a.start();
            await("a holds the lock", a::held);
            b.start();
            other.start();
            await("another node's instance holds its own lock", other::held);
            for (int i = 0; i < 15; i++) { // several renewal rounds: b never gets it while a renews
                assertThat(b.held()).as("b while a renews").isFalse();
                assertThat(a.held()).isTrue();
                Thread.sleep(RENEW.toMillis());
            }
            assertThat(db.queryForList("SELECT client_id FROM pull_lock WHERE region = '130000'", String.class))
                    .containsExactly(a.instance());
            a.stop();
            await("b takes the lock over from a stopped holder", b::held);
            assertThat(a.held()).isFalse();
            assertThat(other.held()).isTrue();
        } finally {
            a.stop();
            b.stop();
            other.stop();
            engine.drop(db);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreEngines.class)
    void aDeadHoldersLockPassesOnlyOnceItIsOlderThanTheTimeToLive(StoreEngines engine) throws Exception {
        JdbcTemplate db = engine.fresh();
        // a holder that was killed: its row stays, renewed here while "alive", then left to age
        String lockKey = org.springframework.integration.util.UUIDConverter.getUUID(PullLock.ROLE).toString();
        String dead = UUID.randomUUID().toString();
        db.update("INSERT INTO pull_lock (lock_key, region, client_id, created_date) VALUES (?, ?, ?, ?)",
                lockKey, "130000", dead, now());
        PullLock survivor = new PullLock(db.getDataSource(), "130000", TTL, RENEW);
        try {
            survivor.start();
            long renewedUntil = System.nanoTime() + TTL.multipliedBy(2).toNanos();
            while (System.nanoTime() < renewedUntil) {
                db.update("UPDATE pull_lock SET created_date = ? WHERE client_id = ?", now(), dead);
                Thread.sleep(RENEW.toMillis());
                assertThat(survivor.held()).as("the survivor while the holder still renews").isFalse();
            }
            // the holder dies: nothing renews its row any more
            await("the survivor takes the dead holder's lock", survivor::held);
            List<String> holders = db.queryForList("SELECT client_id FROM pull_lock", String.class);
            assertThat(holders).containsExactly(survivor.instance());
        } finally {
            survivor.stop();
            engine.drop(db);
        }
    }

    private static Timestamp now() {
        return Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC)); // the library's clock: UTC wall time
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
