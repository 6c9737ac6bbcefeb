package cn.tongban.hub.routes;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.ProducerTemplate;

import cn.tongban.hub.exchange.DeliveryQueue;
import cn.tongban.hub.exchange.HandoverQueue;
import cn.tongban.hub.store.InboundRecord;

/** The exchange's queues on the Artemis broker, through Camel's JMS component. */
public class BrokerQueues implements DeliveryQueue, HandoverQueue {
    /** Headers every handed-over message carries for the routes (no personal data: ids and codes only). */
    public static final String FROM = "tepFrom";
    public static final String ID = "tepId";
    public static final String TYPE = "tepType";
    public static final String CONV = "tepConv";
    public static final String SVC = "tepSvc";
    public static final String REF = "tepRef";
    public static final String CTY = "tepCty";

    private final ProducerTemplate producer;

    public BrokerQueues(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public void enqueue(String messageId) {
        producer.sendBody("jms:queue:" + Queues.OUTBOUND, messageId);
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
