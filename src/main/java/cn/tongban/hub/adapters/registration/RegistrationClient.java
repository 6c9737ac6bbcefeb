package cn.tongban.hub.adapters.registration;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.xml.ws.WebServiceException;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.adapters.registration.soap.QueryStatusRequest;
import cn.tongban.hub.adapters.registration.soap.RegistrationPort;
import cn.tongban.hub.adapters.registration.soap.SubmitCaseResponse;
import cn.tongban.hub.adapters.registration.soap.ValidationFailed;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;

/**
 * The hub's side of the registration system: SubmitCase and QueryStatus over SOAP (a CXF JAX-WS proxy of the
 * generated {@link RegistrationPort}). Every answer is a decision or an exception to retry on:
 * <ul>
 *   <li>a reply → its {@link CaseStatus} (accepted, accepted pending materials, more materials, rejected);</li>
 *   <li>a ValidationFault → REJECTED, or MORE_MATERIALS_NEEDED when the fault says the data can be corrected,
 *       with the fault's reasons;</li>
 *   <li>anything else (time-out, no connection, HTTP error, another fault, a reply the hardened parser
 *       refuses or that does not fit) → {@link RegistrationUnavailable}, nothing decided.</li>
 * </ul>
 * Thread-safe: the proxy's request context is not changed per call.
 */
public class RegistrationClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationClient.class);
    /** ValidationFault code of QueryStatus for a case the system does not know. */
    public static final String UNKNOWN_CASE = "UNKNOWN_CASE";

    private final URI endpoint;
    private final Clock clock;
    private final Bus bus;
    private final RegistrationPort port;

    public RegistrationClient(RegistrationProperties p, Clock clock) {
        this(p.getEndpoint(), p.getConnectTimeout(), p.getReceiveTimeout(), clock);
    }

    public RegistrationClient(URI endpoint, Duration connectTimeout, Duration receiveTimeout, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
        // a bus of its own: the hardening and time-outs cannot leak into, or be undone by, other CXF users
        this.bus = BusFactory.newInstance().createBus();
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setBus(bus);
        f.setServiceClass(RegistrationPort.class);
        f.setAddress(endpoint.toString());
        Map<String, Object> props = new HashMap<>();
        XmlHardening.apply(props, f);
        f.setProperties(props);
        this.port = f.create(RegistrationPort.class);
        Client client = ClientProxy.getClient(port);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(connectTimeout.toMillis());
        policy.setReceiveTimeout(receiveTimeout.toMillis());
        policy.setAutoRedirect(false);
        ((HTTPConduit) client.getConduit()).setClient(policy);
    }

    /** SubmitCase: the registration system's decision on {@code c}. */
    public RegistrationOutcome submit(CaseSubmission c) throws RegistrationUnavailable {
        SubmitCaseResponse r;
        try {
            r = port.submitCase(RegistrationMapping.toRequest(c));
        } catch (ValidationFailed f) {
            if (f.getFaultInfo() == null) {
                throw new RegistrationUnavailable("SubmitCase " + c.caseId() + ": a ValidationFault without details", f);
            }
            CaseStatus s = RegistrationMapping.toStatus(c.caseId(), f.getFaultInfo(), c.decidingAuthority(), now());
            LOG.info("SubmitCase {}: ValidationFault {} → {}", c.caseId(), f.getFaultInfo().getCode(), s.state());
            return new RegistrationOutcome(null, s);
        } catch (WebServiceException e) {
            throw unavailable("SubmitCase " + c.caseId(), e);
        }
        try {
            RegistrationOutcome o = RegistrationMapping.toOutcome(r);
            if (!c.caseId().equals(o.status().caseId())) {
                throw new IllegalArgumentException("the reply is about case " + o.status().caseId());
            }
            return o;
        } catch (RuntimeException e) {
            // a reply we cannot map must not turn into a status of the wrong kind, or of another case
            throw new RegistrationUnavailable("SubmitCase " + c.caseId() + ": unusable reply: " + e.getMessage(), e);
        }
    }

    /** QueryStatus by case id; empty when the system does not know the case. */
    public Optional<CaseStatus> queryStatus(String caseId) throws RegistrationUnavailable {
        QueryStatusRequest q = new QueryStatusRequest();
        q.setCaseId(caseId);
        return query(q, "case " + caseId);
    }

    /** QueryStatus by registration number; empty when the system does not know it. */
    public Optional<CaseStatus> queryByRegistrationNumber(String registrationNumber) throws RegistrationUnavailable {
        QueryStatusRequest q = new QueryStatusRequest();
        q.setRegistrationNumber(registrationNumber);
        return query(q, "registration " + registrationNumber);
    }

    private Optional<CaseStatus> query(QueryStatusRequest q, String what) throws RegistrationUnavailable {
        try {
            return Optional.of(RegistrationMapping.toStatus(port.queryStatus(q)));
        } catch (ValidationFailed f) {
            if (f.getFaultInfo() != null && UNKNOWN_CASE.equals(f.getFaultInfo().getCode())) {
                return Optional.empty();
            }
            throw new IllegalArgumentException("QueryStatus " + what + " refused: " + f.getMessage(), f);
        } catch (WebServiceException e) {
            throw unavailable("QueryStatus " + what, e);
        } catch (RuntimeException e) {
            throw new RegistrationUnavailable("QueryStatus " + what + ": unusable reply: " + e.getMessage(), e);
        }
    }

    private RegistrationUnavailable unavailable(String what, Throwable e) {
        return new RegistrationUnavailable(what + " at " + endpoint + " failed: " + describe(e), e);
    }

    /** The cause an operator acts on: a time-out or no connection first, else the innermost cause. */
    static String describe(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "time-out (" + t.getMessage() + ")";
            }
            if (t instanceof java.net.ConnectException) {
                return "no connection (" + t.getMessage() + ")";
            }
            root = t;
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(RegistrationMapping.CST);
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        ClientProxy.getClient(port).destroy();
        bus.shutdown(true);
    }
}
