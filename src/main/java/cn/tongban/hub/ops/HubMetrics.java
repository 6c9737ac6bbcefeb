package cn.tongban.hub.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import cn.tongban.hub.adapters.pull.PullReport;
import cn.tongban.hub.adapters.pull.PullRunner;
import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.exchange.ExchangeEvents;
import cn.tongban.hub.handling.TimeLimitBoard;
import cn.tongban.hub.protocol.RefusalCode;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/**
 * Every meter of the hub's own, in one place (README, "Metrics"). Counters and the latency timer are fed by the
 * exchange ({@link ExchangeEvents}) and the pulls' reports as things happen; gauges that cost a query (store
 * counts, running time limits) and the broker's set of queues are read by one background thread every
 * {@code tongban.metrics.refresh-interval}, so that a scrape never queries the store; the directory gauges and
 * each queue's depth are read at the scrape, from memory.
 */
public class HubMetrics implements ExchangeEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubMetrics.class);

    /** Accepted messages, first receipt only; tags partner (from node), type. */
    public static final String RECEIVED = "tongban.messages.received";
    /** Repeats of accepted messages, answered with the original receipt; tags partner, type. */
    public static final String DUPLICATES = "tongban.messages.duplicates";
    /** Messages stored and queued for sending; tags partner (to node), type. */
    public static final String SUBMITTED = "tongban.messages.submitted";
    /** Messages whose receipt verified; tags partner, type. */
    public static final String DELIVERED = "tongban.messages.delivered";
    /** Messages ended dead (refused by the peer, or expired undeliverable); tags partner, type. */
    public static final String DEAD = "tongban.messages.dead";
    /** Refusals; tags direction (inbound: this hub refused; outbound: a peer refused this hub's), code, partner. */
    public static final String REFUSALS = "tongban.refusals";
    /** Delivery attempts; tags partner, type, outcome (delivered, retry, dead). Retries are outcome=retry. */
    public static final String ATTEMPTS = "tongban.delivery.attempts";
    /** Submit → verified receipt; tags partner, type; with a percentile histogram. */
    public static final String LATENCY = "tongban.delivery.latency";
    /** Messages on each broker queue (waiting, scheduled for a retry, being delivered); tag queue. Embedded broker only. */
    public static final String QUEUE_DEPTH = "tongban.queue.depth";
    /** Outbound messages not yet delivered nor dead, from the store. */
    public static final String OUTBOUND_PENDING = "tongban.outbound.pending";
    /** Dead letters: outbound messages ended DEAD, from the store. */
    public static final String OUTBOUND_DEAD = "tongban.outbound.dead";
    /** Accepted messages not yet handed over to the routes (tep.in.*), from the store. */
    public static final String INBOUND_AWAITING_HANDOVER = "tongban.inbound.awaiting.handover";
    /** Version of the directory in force. */
    public static final String DIRECTORY_VERSION = "tongban.directory.version";
    /** Seconds since the directory in force was issued (its iat). */
    public static final String DIRECTORY_AGE = "tongban.directory.age";
    /** Runs of each pull; tags pull, status (COMPLETED, ABORTED, BUSY). */
    public static final String PULL_RUNS = "tongban.pull.runs";
    /** Records of each pull; tags pull, outcome (read, submitted, skipped, failed). */
    public static final String PULL_RECORDS = "tongban.pull.records";
    /** When each pull last completed (Unix seconds); tag pull. */
    public static final String PULL_LAST_SUCCESS = "tongban.pull.last.success";
    /** Running cases over their promised time limit (承诺时限). */
    public static final String CASES_OVERDUE = "tongban.cases.overdue";
    /** Running cases due within {@code tongban.time-limits.due-soon-working-days}. */
    public static final String CASES_DUE_SOON = "tongban.cases.due.soon";

    /** Distinct message types a meter is tagged with at most; more are counted as {@code other} (a peer chooses types). */
    static final int MAX_TYPES = 200;

    private final MeterRegistry registry;
    private final OutboundStore outbound;
    private final InboundStore inbound;
    private final DirectoryService directory;
    private final TimeLimitBoard timeLimits;
    private final Supplier<ActiveMQServer> broker;
    private final Clock clock;
    private final Set<String> types = ConcurrentHashMap.newKeySet();
    private final Map<String, Double> pullLastSuccess = new ConcurrentHashMap<>();
    private final MultiGauge queueDepths;
    private final ScheduledExecutorService refresher;

    private volatile double outboundPending = Double.NaN;
    private volatile double outboundDead = Double.NaN;
    private volatile double inboundAwaiting = Double.NaN;
    private volatile double casesOverdue = Double.NaN;
    private volatile double casesDueSoon = Double.NaN;

    /**
     * @param timeLimits null: no time-limit gauges
     * @param broker     the embedded broker, or null (an external one: no queue gauges; its own metrics tell)
     */
    public HubMetrics(MeterRegistry registry, OutboundStore outbound, InboundStore inbound, DirectoryService directory,
                      TimeLimitBoard timeLimits, Supplier<ActiveMQServer> broker, Clock clock, Duration refreshInterval) {
        this.registry = registry;
        this.outbound = outbound;
        this.inbound = inbound;
        this.directory = directory;
        this.timeLimits = timeLimits;
        this.broker = broker;
        this.clock = clock;
        Gauge.builder(OUTBOUND_PENDING, this, m -> m.outboundPending).description("outbound messages pending delivery").register(registry);
        Gauge.builder(OUTBOUND_DEAD, this, m -> m.outboundDead).description("dead letters: outbound messages ended DEAD").register(registry);
        Gauge.builder(INBOUND_AWAITING_HANDOVER, this, m -> m.inboundAwaiting)
                .description("accepted messages not yet handed over to the routes").register(registry);
        Gauge.builder(DIRECTORY_VERSION, directory, d -> d.current().isPresent() ? d.version() : Double.NaN)
                .description("version of the directory in force").register(registry);
        Gauge.builder(DIRECTORY_AGE, this, HubMetrics::directoryAge).baseUnit("seconds")
                .description("time since the directory in force was issued").register(registry);
        if (timeLimits != null) {
            Gauge.builder(CASES_OVERDUE, this, m -> m.casesOverdue).description("running cases over their promised time limit").register(registry);
            Gauge.builder(CASES_DUE_SOON, this, m -> m.casesDueSoon).description("running cases due soon").register(registry);
        }
        queueDepths = broker == null ? null : MultiGauge.builder(QUEUE_DEPTH).description("messages on the broker queue").register(registry);
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tongban-metrics");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    // ---- the exchange

    @Override
    public void accepted(String fromNode, String type, boolean duplicate) {
        counter(duplicate ? DUPLICATES : RECEIVED, "partner", fromNode, "type", type(type)).increment();
    }

    @Override
    public void refused(String fromNode, RefusalCode code) {
        counter(REFUSALS, "direction", "inbound", "code", code.name(), "partner", fromNode == null ? "unknown" : fromNode).increment();
    }

    @Override
    public void submitted(String toNode, String type) {
        counter(SUBMITTED, "partner", toNode, "type", type(type)).increment();
    }

    @Override
    public void attempted(String toNode, String type, AttemptOutcome outcome) {
        counter(ATTEMPTS, "partner", toNode, "type", type(type), "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    @Override
    public void delivered(String toNode, String type, Duration sinceSubmit) {
        counter(DELIVERED, "partner", toNode, "type", type(type)).increment();
        Timer.builder(LATENCY).description("submit to verified receipt").tags("partner", toNode, "type", type(type))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(sinceSubmit.isNegative() ? Duration.ZERO : sinceSubmit);
    }

    @Override
    public void refusedByPeer(String toNode, String type, String code) {
        counter(REFUSALS, "direction", "outbound", "code", code, "partner", toNode).increment();
    }

    @Override
    public void dead(String toNode, String type) {
        counter(DEAD, "partner", toNode, "type", type(type)).increment();
    }

    // ---- pulls

    /**
     * Counts the runs of these pulls from now on. Separate from the constructor because the pulls send through the
     * exchange, which reports to this: the pulls exist only after it.
     */
    public void bindPulls(PullRunner pulls) {
        for (String name : pulls.names()) {
            Gauge.builder(PULL_LAST_SUCCESS, pullLastSuccess, m -> m.getOrDefault(name, Double.NaN)).tag("pull", name)
                    .baseUnit("seconds").description("when the pull last completed (Unix time)").register(registry);
        }
        pulls.onReport(this::pullRun);
    }

    private void pullRun(PullReport r) {
        counter(PULL_RUNS, "pull", r.pull(), "status", r.status().name()).increment();
        if (r.status() == PullReport.Status.BUSY) {
            return;
        }
        counter(PULL_RECORDS, "pull", r.pull(), "outcome", "read").increment(r.read());
        counter(PULL_RECORDS, "pull", r.pull(), "outcome", "submitted").increment(r.submitted());
        counter(PULL_RECORDS, "pull", r.pull(), "outcome", "skipped").increment(r.skipped());
        counter(PULL_RECORDS, "pull", r.pull(), "outcome", "failed").increment(r.failed());
        if (r.completed()) {
            pullLastSuccess.put(r.pull(), r.finishedAt().toInstant().toEpochMilli() / 1000.0);
        }
    }

    // ---- gauges

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }

    private String type(String type) {
        if (types.contains(type)) {
            return type;
        }
        if (types.size() < MAX_TYPES) {
            types.add(type);
            return type;
        }
        return "other";
    }

    private double directoryAge() {
        return directory.current()
                .map(d -> Duration.between(d.header().iat().toInstant(), clock.instant()).toMillis() / 1000.0)
                .orElse(Double.NaN);
    }

    /** Reads the gauges that cost a query; each source on its own, so that one failing leaves the others fresh. */
    void refresh() {
        try {
            outboundPending = outbound.count(OutboundStatus.PENDING);
            outboundDead = outbound.count(OutboundStatus.DEAD);
            inboundAwaiting = inbound.awaitingHandoverCount();
        } catch (RuntimeException e) {
            outboundPending = outboundDead = inboundAwaiting = Double.NaN;
            LOG.debug("store gauges not read: {}", e.toString());
        }
        if (timeLimits != null) {
            try {
                TimeLimitBoard.Counts c = timeLimits.counts();
                casesOverdue = c.overdue();
                casesDueSoon = c.dueSoon();
            } catch (RuntimeException e) {
                casesOverdue = casesDueSoon = Double.NaN;
                LOG.debug("time-limit gauges not read: {}", e.toString());
            }
        }
        if (queueDepths != null) {
            try {
                refreshQueues();
            } catch (RuntimeException e) {
                LOG.debug("queue gauges not read: {}", e.toString());
            }
        }
    }

    /** The broker's own queues (tep.*, DLQ, ExpiryQueue) as rows; each row's depth is read at the scrape. */
    private void refreshQueues() {
        ActiveMQServer server = broker.get();
        if (server == null || !server.isActive() || server.getActiveMQServerControl() == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        String[] names = server.getActiveMQServerControl().getQueueNames();
        Arrays.sort(names);
        for (String name : names) {
            if (name.startsWith("tep.") || name.equals("DLQ") || name.equals("ExpiryQueue")) {
                rows.add(MultiGauge.Row.of(Tags.of("queue", name), server, s -> {
                    Queue q = s.locateQueue(name);
                    return q == null ? Double.NaN : q.getMessageCount();
                }));
            }
        }
        queueDepths.register(rows, true);
    }
}
