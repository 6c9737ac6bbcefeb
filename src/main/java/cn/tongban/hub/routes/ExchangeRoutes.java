package cn.tongban.hub.routes;

import org.apache.camel.builder.RouteBuilder;

import cn.tongban.hub.exchange.DeliveryWorker;
import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.exchange.HandoverRelay;
import cn.tongban.hub.store.OutboundStore;

/**
 * The exchange's own routes, compiled in because the hub is not a hub without them:
 * <ul>
 *   <li>{@code tep-delivery}: one attempt per {@code tep.out} entry (the first attempt is
 *       {@link cn.tongban.hub.exchange.DirectDelivery}'s; entries are retries, overflow and the sweep's); a retry
 *       goes back on the queue with Artemis' scheduled delivery at the back-off instant. Transacted: a crash
 *       mid-attempt leaves the entry on the queue.</li>
 *   <li>{@code tep-delivery-sweep}: puts on the queue any pending message that is due but has no attempt coming
 *       (a first attempt or a queue entry a crash lost); the store's lease keeps a message to one attempt at a
 *       time.</li>
 *   <li>{@code tep-handover}: the outbox relay's regular run, besides the run each receipt wakes.</li>
 *   <li>{@code tep-directory-refresh}: fetches the directory again every {@code tongban.directory.refresh}.</li>
 * </ul>
 */
public class ExchangeRoutes extends RouteBuilder {
    private final DeliveryWorker worker;
    private final OutboundStore outbound;
    private final HandoverRelay relay;
    private final BrokerQueues queues;
    private final int concurrency;
    private final long sweepMillis;
    private final java.time.Duration sweepGrace;
    private final java.util.concurrent.atomic.AtomicBoolean firstSweep = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final long handoverMillis;
    private final java.time.Clock clock;
    private final DirectoryService directory;
    private final long directoryRefreshMillis;

    public ExchangeRoutes(DeliveryWorker worker, OutboundStore outbound, HandoverRelay relay, BrokerQueues queues,
                          int concurrency, long sweepMillis, java.time.Duration sweepGrace, long handoverMillis, java.time.Clock clock,
                          DirectoryService directory, long directoryRefreshMillis) {
        this.directory = directory;
        this.directoryRefreshMillis = directoryRefreshMillis;
        this.worker = worker;
        this.outbound = outbound;
        this.relay = relay;
        this.queues = queues;
        this.concurrency = concurrency;
        this.sweepMillis = sweepMillis;
        this.sweepGrace = sweepGrace;
        this.handoverMillis = handoverMillis;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("jms:queue:" + Queues.OUTBOUND + "?transacted=true&concurrentConsumers=" + concurrency
                + "&maxConcurrentConsumers=" + concurrency)
                .routeId("tep-delivery")
                .removeHeaders("_AMQ_*") // an entry that was itself scheduled must not schedule the next one
                .process(e -> {
                    DeliveryWorker.Outcome o = worker.attempt(e.getMessage().getBody(String.class));
                    if (o.retryAt() != null) {
                        e.getMessage().setHeader(Queues.SCHEDULED_DELIVERY, Queues.scheduledDelivery(o.retryAt()));
                    }
                })
                .filter(header(Queues.SCHEDULED_DELIVERY).isNotNull())
                .to("jms:queue:" + Queues.OUTBOUND);

        from("timer:tep-delivery-sweep?period=" + sweepMillis)
                .routeId("tep-delivery-sweep")
                .process(e -> {
                    java.time.OffsetDateTime now = java.time.OffsetDateTime.now(clock);
                    if (firstSweep.getAndSet(false)) {
                        // at start every due message is queued at once: entries a crash lost (or submissions taken
                        // before Camel started) need not wait out the grace; a duplicate entry is harmless (the lease)
                        queues.enqueueNow(outbound.due(now, 10_000));
                    } else {
                        // a hold that a crash left (the first attempt's, taken in the insert) is swept as soon as it ends
                        queues.enqueueNow(outbound.due(now.minus(sweepGrace), now, 500));
                    }
                });

        from("timer:tep-handover?period=" + handoverMillis)
                .routeId("tep-handover")
                .process(e -> relay.relayAll());

        from("timer:tep-directory-refresh?delay=" + directoryRefreshMillis + "&period=" + directoryRefreshMillis)
                .routeId("tep-directory-refresh")
                .process(e -> directory.refresh());
    }
}
