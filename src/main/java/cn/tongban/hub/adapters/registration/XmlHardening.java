package cn.tongban.hub.adapters.registration;

import java.util.Map;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.interceptor.InterceptorProvider;
import org.apache.cxf.interceptor.StaxInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.staxutils.StaxUtils;

/**
 * What every SOAP message read here goes through, on the hub's client and on the simulator alike. CXF's
 * StAX factory (Woodstox) already turns DTD support, entity replacement and external entities off; on top:
 * <ul>
 *   <li>any DTD or entity reference is refused outright, so a DOCTYPE is an error, not something silently
 *       skipped — XXE and billion laughs fail before a byte of the body is bound;</li>
 *   <li>size limits far below CXF's defaults, sized for case data (files travel by SM3 hash, not inline);</li>
 *   <li>the hub will not start if {@code org.apache.cxf.stax.allowInsecureParser} is switched on (CXF reads
 *       it once, as a system property, and would then accept a parser without those limits).</li>
 * </ul>
 */
public final class XmlHardening {
    /** Per-endpoint CXF properties (read for each message by StaxUtils.configureReader). */
    public static final Map<String, Object> LIMITS = Map.of(
            StaxUtils.ALLOW_INSECURE_PARSER, Boolean.FALSE,
            StaxUtils.MAX_ELEMENT_DEPTH, 32,
            StaxUtils.MAX_CHILD_ELEMENTS, 1_000,
            StaxUtils.MAX_ELEMENT_COUNT, 20_000L,
            StaxUtils.MAX_ATTRIBUTE_COUNT, 50,
            StaxUtils.MAX_ATTRIBUTE_SIZE, 8 * 1024,
            StaxUtils.MAX_TEXT_LENGTH, 1024 * 1024,
            StaxUtils.MAX_XML_CHARACTERS, 8L * 1024 * 1024);

    private XmlHardening() {
    }

    public static void requireSecureParser() {
        String v = System.getProperty(StaxUtils.ALLOW_INSECURE_PARSER);
        if (v != null && (v.equals("1") || Boolean.parseBoolean(v))) {
            throw new IllegalStateException(StaxUtils.ALLOW_INSECURE_PARSER + "=" + v
                    + " would let CXF parse SOAP without its XML limits; remove it");
        }
    }

    /** Adds the limits to {@code properties} and the DTD refusal to the in and in-fault chains of {@code chains}. */
    public static void apply(Map<String, Object> properties, InterceptorProvider chains) {
        requireSecureParser();
        properties.putAll(LIMITS);
        chains.getInInterceptors().add(new RefuseDtd());
        chains.getInFaultInterceptors().add(new RefuseDtd());
    }

    /** Refuses a document that declares a DTD or refers to an entity other than the five predefined ones. */
    static final class RefuseDtd extends AbstractPhaseInterceptor<Message> {
        RefuseDtd() {
            super(Phase.POST_STREAM);
            addAfter(StaxInInterceptor.class.getName());
        }

        @Override
        public void handleMessage(Message message) {
            XMLStreamReader reader = message.getContent(XMLStreamReader.class);
            if (reader == null) {
                return;
            }
            check(reader.getEventType());
            message.setContent(XMLStreamReader.class, new StreamReaderDelegate(reader) {
                @Override
                public int next() throws XMLStreamException {
                    return refused(super.next());
                }

                @Override
                public int nextTag() throws XMLStreamException {
                    // the delegate's own nextTag would skip past our check
                    int e = next();
                    while (e == CHARACTERS && isWhiteSpace() || e == CDATA && isWhiteSpace() || e == SPACE
                            || e == PROCESSING_INSTRUCTION || e == COMMENT) {
                        e = next();
                    }
                    if (e != START_ELEMENT && e != END_ELEMENT) {
                        throw new XMLStreamException("expected an element", getLocation());
                    }
                    return e;
                }
            });
        }

        private static void check(int event) {
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE
                    || event == XMLStreamConstants.ENTITY_DECLARATION) {
                throw new Fault(new XMLStreamException("DTDs and entity references are refused"));
            }
        }

        private static int refused(int event) throws XMLStreamException {
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE
                    || event == XMLStreamConstants.ENTITY_DECLARATION) {
                throw new XMLStreamException("DTDs and entity references are refused");
            }
            return event;
        }
    }
}
