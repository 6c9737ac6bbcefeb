package cn.tongban.hub.routes;

import java.util.HashMap;
import java.util.Map;

import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import org.apache.camel.ProducerTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import cn.tongban.hub.exchange.DeliveryQueue;
import cn.tongban.hub.exchange.HandoverQueue;
import cn.tongban.hub.store.InboundRecord;

/** The exchange's queues on the Artemis broker, through Camel's JMS component. */
public class BrokerQueues implements DeliveryQueue, HandoverQueue {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BrokerQueues.class);
    /** Headers every handed-over message carries for the routes (no personal data: ids and codes only). */
    public static final String FROM = "tepFrom";
    public static final String ID = "tepId";
    public static final String TYPE = "tepType";
    public static final String CONV = "tepConv";
    public static final String SVC = "tepSvc";
    public static final String REF = "tepRef";
    public static final String CTY = "tepCty";

    private final ProducerTemplate producer;
    private final DataSource store;
    /** Bounded: when the broker falls behind, submitters wait (run the send themselves) rather than pile up. */
    private final ExecutorService sender = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.ArrayBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "tep-enqueue");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());

    public BrokerQueues(ProducerTemplate producer, DataSource store) {
        this.producer = producer;
        this.store = store;
    }

    /**
     * Queues the id from a thread of its own, so that it never joins a JMS transaction of the caller's (a
     * route that sends while it waits for the answer would otherwise hold its own message back until it
     * commits); inside a store transaction, only once that commits, so that the delivery finds the row.
     * A queue entry lost in between is put back by the sweep: the store row is what counts.
     */
    @Override
    public void enqueue(String messageId) {
        Runnable send = () -> {
            try {
                producer.sendBody("jms:queue:" + Queues.OUTBOUND, messageId);
            } catch (RuntimeException e) { // broker down, or Camel not started yet: the message is stored, the sweep queues it
                LOG.warn("queue entry for {} not written, the sweep will queue it: {}", messageId, e.getMessage());
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getResource(store) != null) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sender.execute(send);
                }
            });
        } else {
            sender.execute(send);
        }
    }

    /** Queues the id at once, on the calling thread: the sweep's way, so that it can never outrun the broker. */
    public void enqueueNow(String messageId) {
        producer.sendBody("jms:queue:" + Queues.OUTBOUND, messageId);
    }

    public void shutdown() {
        sender.shutdown();
    }

    @Override
    public void handOver(InboundRecord m) {
        Map<String, Object> h = new HashMap<>();
        h.put(Queues.DUPLICATE_ID, m.fromNode() + "/" + m.messageId());
        h.put(FROM, m.fromNode());
        h.put(ID, m.messageId());
        h.put(TYPE, m.type());
        h.put(CONV, m.conv());
        h.put(CTY, m.cty());
        if (m.svc() != null) {
            h.put(SVC, m.svc());
        }
        if (m.ref() != null) {
            h.put(REF, m.ref());
        }
        producer.sendBodyAndHeaders("jms:queue:" + Queues.inbound(m.type()) + "?jmsMessageType=Bytes", m.plaintext(), h);
    }
}
