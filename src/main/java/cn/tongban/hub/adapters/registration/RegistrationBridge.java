package cn.tongban.hub.adapters.registration;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import cn.tongban.hub.cases.Applicant;
import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.PersonalData;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;

/**
 * The steps of routes/registration.yaml around the SOAP call: reading an accepted case.submit, and answering
 * its sender with a case.status over TEP. Bean methods, so that operators see the flow in the YAML.
 */
public class RegistrationBridge {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationBridge.class);
    /** Headers of a handed-over message (routes.BrokerQueues, not depended on: adapters sit beside routes). */
    static final String FROM = "tepFrom";
    static final String ID = "tepId";
    static final String CONV = "tepConv";
    static final String SVC = "tepSvc";
    /** Headers this bridge adds for the route's log line. */
    static final String CASE_STATE = "registrationState";
    static final String REGISTRATION_NUMBER = "registrationNumber";
    static final String STATUS_MESSAGE = "caseStatusMessageId";

    // TODO replace with cases.CaseJson (strict, being written beside the model) once it lands
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final OutboundExchange outbound;
    private final String node;
    private final Clock clock;

    public RegistrationBridge(OutboundExchange outbound, String node, Clock clock) {
        this.outbound = outbound;
        this.node = node;
        this.clock = clock;
    }

    /** The case a case.submit carries (its plaintext JSON body). */
    public CaseSubmission parse(byte[] body, @Header(ID) String tepId, @Header(FROM) String from) throws UnreadableCase {
        CaseSubmission c;
        try {
            c = JSON.readValue(body, CaseSubmission.class);
        } catch (IOException e) {
            // Jackson's message can quote the body, which carries personal data: say only what kind and where
            String where = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? " at " + m.getPathReference() : "";
            throw new UnreadableCase("not a case submission (" + e.getClass().getSimpleName() + where + ")", e);
        }
        if (c == null || c.caseId() == null || c.caseId().isBlank()) {
            throw new UnreadableCase("no caseId", null);
        }
        LOG.info("case.submit {} from {}: case {}, service item {}, applicant {}", tepId, from, c.caseId(),
                c.serviceItemCode(), masked(c.applicant()));
        return c;
    }

    /** A case.submit that cannot be read is answered REJECTED, on its conversation: retrying would not help. */
    public RegistrationOutcome unreadable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e,
                                          @Header(CONV) String conv, @Header(ID) String tepId) {
        LOG.warn("case.submit {} (conversation {}) unreadable: {}", tepId, conv, e.getMessage());
        return new RegistrationOutcome(null, new CaseStatus(conv, CaseState.REJECTED,
                List.of("case.submit: " + e.getMessage()), node, OffsetDateTime.now(clock).withOffsetSameInstant(RegistrationMapping.CST)));
    }

    /**
     * Sends the status to the hub the case came from: type case.status, conv = the case id, ref = the
     * case.submit's id, the same svc. Returns the outbound message id.
     */
    public String reply(RegistrationOutcome o, @Header(FROM) String from, @Header(ID) String tepId,
                        @Header(SVC) String svc, @Headers Map<String, Object> headers) throws SubmissionRefused {
        if (from == null) {
            throw new IllegalArgumentException("no " + FROM + " header: whom to answer?");
        }
        CaseStatus s = o.status();
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String id = outbound.submit(new OutboundRequest(from, null, "case.status", svc, s.caseId(), tepId,
                "application/json", body, true, null));
        headers.put(CASE_STATE, s.state().code());
        headers.put(STATUS_MESSAGE, id);
        if (o.registrationNumber() != null) {
            headers.put(REGISTRATION_NUMBER, o.registrationNumber());
        }
        LOG.info("case {} → {}{}: case.status {} queued to {}", s.caseId(), s.state().code(),
                o.registrationNumber() == null ? "" : " (registration " + o.registrationNumber() + ")", id, from);
        return id;
    }

    static String masked(Applicant a) {
        if (a == null) {
            return "none";
        }
        // an organisation's name and credit code are public; a person's are not
        return a instanceof Applicant.Person p ? p.toString()
                : "Organisation[" + a.name() + ", " + a.code() + "]";
    }

    /** The JSON of a case.status, as {@link #reply} sends it. */
    public static CaseStatus readStatus(byte[] json) throws IOException {
        return JSON.readValue(json, CaseStatus.class);
    }
}
