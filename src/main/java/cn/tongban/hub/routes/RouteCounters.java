package cn.tongban.hub.routes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Exchanges each route has finished, and how many of them failed, counted from Camel's own exchange events
 * (the hub runs Camel without JMX, so its managed route statistics are not there). Camel registers this
 * notifier when it is a bean of the context. Counts start at zero with each start of the hub.
 */
public class RouteCounters extends EventNotifierSupport {
    /** One route's counts. */
    public record Counts(long total, long failed) {
    }

    private final Map<String, LongAdder> completed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

    public RouteCounters() {
        // only the end of an exchange counts: the other events are not even created for this notifier
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeEvent e = (CamelEvent.ExchangeEvent) event;
        String route = e.getExchange().getFromRouteId();
        if (route == null) {
            return; // an exchange a producer template made outside any route
        }
        (event instanceof CamelEvent.ExchangeFailedEvent ? failed : completed).computeIfAbsent(route, k -> new LongAdder()).increment();
    }

    /** The counts of {@code routeId} since the hub started. */
    public Counts of(String routeId) {
        long ok = sum(completed.get(routeId));
        long bad = sum(failed.get(routeId));
        return new Counts(ok + bad, bad);
    }

    private static long sum(LongAdder a) {
        return a == null ? 0 : a.sum();
    }
}
