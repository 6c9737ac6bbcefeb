package cn.tongban.hub.routes;

import java.util.HashMap;
import java.util.Map;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import javax.sql.DataSource;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;

import org.apache.camel.ProducerTemplate;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
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

    /** Ids written to the delivery queue in one broker transaction at most: one journal sync for the lot. */
    static final int ENQUEUE_BATCH = 500;

    private final ProducerTemplate producer;
    private final DataSource store;
    private final JmsTemplate jms;
    /** Bounded: when the broker falls behind, submitters wait rather than pile up ids in memory. */
    private final BlockingQueue<Entry> waiting = new ArrayBlockingQueue<>(10_000);

    /** A queue entry to write: a message id, and when it is due (0: at once). */
    private record Entry(String messageId, long dueMillis) {
    }
    private final Thread writer = new Thread(this::writeWaiting, "tep-enqueue");

    public BrokerQueues(ProducerTemplate producer, DataSource store, ConnectionFactory broker) {
        this.producer = producer;
        this.store = store;
        this.jms = new JmsTemplate(broker);
        this.jms.setSessionTransacted(true);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues the id from a thread of its own, so that it never joins a JMS transaction of the caller's (a
     * route that sends while it waits for the answer would otherwise hold its own message back until it
     * commits); inside a store transaction, only once that commits, so that the delivery finds the row.
     * That thread writes whatever ids have gathered in one broker transaction (a persistent send that waits
     * for its own journal sync caps a queue at a few hundred a second; a transaction of many, one sync).
     * A queue entry lost in between is put back by the sweep: the store row is what counts.
     */
    @Override
    public void enqueue(String messageId) {
        enqueue(new Entry(messageId, 0));
    }

    /** The same, due at {@code at}: Artemis' scheduled delivery ({@link Queues#scheduledDelivery}). */
    @Override
    public void enqueueAt(String messageId, java.time.OffsetDateTime at) {
        enqueue(new Entry(messageId, Queues.scheduledDelivery(at)));
    }

    private void enqueue(Entry entry) {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getResource(store) != null) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    await(entry);
                }
            });
        } else {
            await(entry);
        }
    }

    private void await(Entry entry) {
        try {
            waiting.put(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stored: the sweep queues it
        }
    }

    private void writeWaiting() {
        List<Entry> batch = new ArrayList<>(ENQUEUE_BATCH);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(batch, ENQUEUE_BATCH - 1);
            try {
                write(batch);
            } catch (RuntimeException e) { // broker down or not yet up: the messages are stored, the sweep queues them
                LOG.warn("queue entries for {} messages not written, the sweep will queue them: {}", batch.size(), e.getMessage());
            }
            batch.clear();
        }
    }

    /**
     * Queues the ids at once, on the calling thread, in broker transactions of {@link #ENQUEUE_BATCH}: the
     * sweep's way, so that it can never outrun the broker; throws if the broker refuses them.
     */
    public void enqueueNow(List<String> messageIds) {
        List<Entry> entries = messageIds.stream().map(id -> new Entry(id, 0)).toList();
        for (int i = 0; i < entries.size(); i += ENQUEUE_BATCH) {
            write(entries.subList(i, Math.min(entries.size(), i + ENQUEUE_BATCH)));
        }
    }

    /** One broker transaction: one journal sync for all of {@code entries}. */
    private void write(List<Entry> entries) {
        jms.execute(session -> {
            MessageProducer p = session.createProducer(session.createQueue(Queues.OUTBOUND));
            for (Entry e : entries) {
                jakarta.jms.TextMessage m = session.createTextMessage(e.messageId());
                if (e.dueMillis() > 0) {
                    m.setLongProperty(Queues.SCHEDULED_DELIVERY, e.dueMillis());
                }
                p.send(m);
            }
            session.commit();
            return null;
        }, true);
    }

    public void shutdown() {
        writer.interrupt();
    }

    /**
     * Hands a batch over in one broker transaction: one journal sync for the lot. A message handed over before
     * (a crash between this and the store's mark) is a duplicate, and Artemis rolls back a transaction that
     * holds one; the batch is then handed over message by message, where the broker drops a duplicate quietly.
     */
    @Override
    public void handOver(List<InboundRecord> batch) {
        try {
            jms.execute(session -> {
                MessageProducer p = session.createProducer(null);
                for (InboundRecord m : batch) {
                    BytesMessage b = session.createBytesMessage();
                    b.writeBytes(m.plaintext());
                    for (Map.Entry<String, Object> h : headers(m).entrySet()) {
                        b.setStringProperty(h.getKey(), (String) h.getValue());
                    }
                    p.send(session.createQueue(Queues.inbound(m.type())), b);
                }
                session.commit();
                return null;
            }, true);
        } catch (JmsException e) {
            LOG.debug("batch hand-over of {} rolled back ({}); handing over one by one", batch.size(), e.getMessage());
            batch.forEach(this::handOverOne);
        }
    }

    private void handOverOne(InboundRecord m) {
        try {
            producer.sendBodyAndHeaders("jms:queue:" + Queues.inbound(m.type()) + "?jmsMessageType=Bytes", m.plaintext(), headers(m));
        } catch (RuntimeException e) {
            if (!duplicate(e)) {
                throw e;
            }
            // the broker has committed a message with this duplicate id before (a hand-over the crash left unmarked):
            // it is on its queue or was consumed, so this hand-over is done
            LOG.debug("{}/{} was handed over before (the broker refused the duplicate id)", m.fromNode(), m.messageId());
        }
    }

    private static boolean duplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> headers(InboundRecord m) {
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
        return h;
    }
}
