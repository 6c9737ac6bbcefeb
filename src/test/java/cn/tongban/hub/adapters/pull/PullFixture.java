package cn.tongban.hub.adapters.pull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.store.StoreEngines;

/**
 * A fresh, migrated hub store on one engine, with a stand-in for the exchange's outbox ({@code test_outbox}, one
 * row per case, primary key case id) written inside the pull's transaction, as the real sink writes outbound_message.
 */
final class PullFixture implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T02:00:00Z"), ZoneOffset.UTC);

    final StoreEngines engine;
    private final JdbcTemplate fresh;
    private final SingleConnectionDataSource connection;
    final JdbcTemplate jdbc;
    final PullStore store;
    final DataSourceTransactionManager transactions;
    final CaseRowMapper mapper = new CaseRowMapper(List.of());

    PullFixture(StoreEngines engine) {
        this.engine = engine;
        this.fresh = engine.fresh();
        // one connection held, as the hub's pool would: a new PostgreSQL login per statement would dominate the run time
        DriverManagerDataSource d = (DriverManagerDataSource) fresh.getDataSource();
        this.connection = new SingleConnectionDataSource(d.getUrl(), d.getUsername(), d.getPassword(), true);
        this.jdbc = new JdbcTemplate(connection);
        this.store = new PullStore(jdbc);
        this.transactions = new DataSourceTransactionManager(jdbc.getDataSource());
        jdbc.execute("CREATE TABLE test_outbox (case_id VARCHAR(128) NOT NULL PRIMARY KEY, to_node VARCHAR(6) NOT NULL, "
                + "type VARCHAR(64) NOT NULL, body VARCHAR(8000) NOT NULL)");
    }

    ScheduledPull pull(String name, RecordSource source, CaseSink sink, TokenBucket limiter, int progressEvery) {
        return new ScheduledPull(name, null, "case.submit", source, mapper, sink, store, transactions, limiter, CLOCK, progressEvery);
    }

    ScheduledPull pull(String name, RecordSource source, CaseSink sink) {
        return pull(name, source, sink, TokenBucket.perSecond(0), 100);
    }

    OutboxSink outbox() {
        return new OutboxSink(jdbc);
    }

    long outboxCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM test_outbox", Long.class);
    }

    List<String> outboxCaseIds() {
        return jdbc.queryForList("SELECT case_id FROM test_outbox ORDER BY case_id", String.class);
    }

    @Override
    public void close() {
        connection.destroy();
        engine.drop(fresh);
    }

    /** Writes each case into test_outbox through the ambient transaction; can crash on its n-th call. */
    static final class OutboxSink implements CaseSink {
        private final JdbcTemplate jdbc;
        final AtomicInteger calls = new AtomicInteger();
        int crashOnCall = -1;
        boolean crashAfterWriting;
        Set<String> refuse = Set.of();

        OutboxSink(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String submit(String toNode, String messageType, CaseSubmission c) throws CaseRefused {
            int n = calls.incrementAndGet();
            if (refuse.contains(c.caseId())) {
                throw new CaseRefused("NOT_AUTHORIZED: node " + toNode + " does not accept " + messageType);
            }
            if (n == crashOnCall && !crashAfterWriting) {
                throw new IllegalStateException("simulated crash before the outbox insert");
            }
            try {
                jdbc.update("INSERT INTO test_outbox (case_id, to_node, type, body) VALUES (?,?,?,?)", c.caseId(), toNode,
                        messageType, ExchangeCaseSink.JSON.writeValueAsString(c));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            if (n == crashOnCall) {
                throw new IllegalStateException("simulated crash after the outbox insert, before the commit");
            }
            return "msg-" + c.caseId();
        }

        @Override
        public boolean joinsTransaction() {
            return true;
        }
    }

    /**
     * A sink outside the store's database (a remote system), idempotent by case id as the contract asks: a case
     * submitted again is acknowledged, not added. Can crash right after accepting its n-th call.
     */
    static final class RemoteSink implements CaseSink {
        final Map<String, Integer> accepted = new ConcurrentHashMap<>();
        final List<String> calls = new ArrayList<>();
        int crashAfterCall = -1;

        @Override
        public synchronized String submit(String toNode, String messageType, CaseSubmission c) {
            calls.add(c.caseId());
            accepted.merge(c.caseId(), 1, (a, b) -> a); // idempotent: the first acceptance stands
            if (calls.size() == crashAfterCall) {
                throw new IllegalStateException("simulated crash after the remote accepted, before the pull recorded it");
            }
            return "remote-" + c.caseId();
        }
    }
}
