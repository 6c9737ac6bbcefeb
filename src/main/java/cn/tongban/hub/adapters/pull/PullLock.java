package cn.tongban.hub.adapters.pull;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The pull lock in the hub's database, for several instances of one node: one instance holds it and runs the
 * pulls. Not a lock of our own: Spring Integration's {@link JdbcLockRegistry} keeps the row (table
 * {@code pull_lock}, {@code V9__pull_lock.sql}) and its {@link LockRegistryLeaderInitiator} holds and renews it
 * from a thread of its own, every {@code renewEvery}; the other instances try as often. A holder that stops
 * renewing (killed, cut off from the database) loses the row {@code timeToLive} after its last renewal, to
 * whichever instance tries next.
 *
 * <p>Two instances may both believe they hold it for up to one renewal when the holder's database connection
 * stalls past the time to live; a pull run twice at once still sends no record twice ({@code pulled_record}'s
 * unique key decides), it only reads the source twice.
 */
public class PullLock implements PullLeadership, SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(PullLock.class);
    /** The lock's name: one lock for all the pulls of a node (its region in the table is the node code). */
    static final String ROLE = "tongban-pulls";

    private final String instance = UUID.randomUUID().toString();
    private final DefaultLockRepository rows;
    private final LockRegistryLeaderInitiator initiator;
    private volatile boolean held;

    public PullLock(DataSource store, String node, Duration timeToLive, Duration renewEvery) {
        rows = new DefaultLockRepository(store, instance);
        rows.setPrefix("PULL_");
        rows.setRegion(node);
        rows.setTimeToLive(Math.toIntExact(timeToLive.toMillis()));
        rows.setTransactionManager(new DataSourceTransactionManager(store));
        if (isPostgreSql(store)) {
            // two instances inserting the first row at once: the loser must not abort its transaction (it
            // would log an error on the server each time); H2 reports the duplicate, which the library expects
            rows.setInsertQuery(rows.getInsertQuery().strip() + " ON CONFLICT DO NOTHING");
        }
        rows.setCheckDatabaseOnStart(false);
        rows.afterPropertiesSet();
        rows.afterSingletonsInstantiated();
        JdbcLockRegistry registry = new JdbcLockRegistry(rows);
        registry.setIdleBetweenTries(renewEvery);
        initiator = new LockRegistryLeaderInitiator(registry, new Candidate() {
            @Override
            public String getRole() {
                return ROLE;
            }

            @Override
            public String getId() {
                return instance;
            }

            @Override
            public void onGranted(Context ctx) {
                held = true;
                LOG.info("pull lock taken: this instance ({}) runs the pulls of {}", instance, node);
            }

            @Override
            public void onRevoked(Context ctx) {
                if (held) {
                    LOG.info("pull lock released: this instance ({}) no longer runs the pulls", instance);
                }
                held = false;
            }
        });
        initiator.setHeartBeatMillis(renewEvery.toMillis());
        initiator.setBusyWaitMillis(renewEvery.toMillis());
    }

    private static boolean isPostgreSql(DataSource store) {
        try (var c = store.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgresql");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot reach the store to set up the pull lock", e);
        }
    }

    @Override
    public boolean held() {
        return held && initiator.getContext().isLeader();
    }

    /** This process's id in {@code pull_lock.client_id}. */
    public String instance() {
        return instance;
    }

    @Override
    public void start() {
        initiator.start();
    }

    @Override
    public void stop() {
        initiator.stop(); // the selector thread unlocks: the row goes at once, and another instance takes over
    }

    @Override
    public boolean isRunning() {
        return initiator.isRunning();
    }
}
