package cn.tongban.hub.adapters.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import cn.tongban.hub.cases.CaseState;

/**
 * DTDs, external entities (XXE) and entity expansion (billion laughs) are refused both where the simulator
 * reads a request and where the hub's client reads a reply. A canary socket tells whether any parser tried
 * to fetch an external entity; a secret file tells whether one was read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmlHardeningTest {
    static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String NS = "urn:tongban:registration:v1";

    @TempDir
    static Path tmp;
    String secret;
    Path secretFile;
    ServerSocket canary;
    AtomicInteger canaryHits = new AtomicInteger();
    RegistrationSimulator simulator;
    HttpServer fake;
    AtomicReference<Response> fakeAnswer = new AtomicReference<>();
    HttpClient http = HttpClient.newHttpClient();

    record Response(int status, String body) {
    }

    @BeforeAll
    void start() throws Exception {
        secret = "TOP-SECRET-" + UUID.randomUUID();
        secretFile = tmp.resolve("secret.txt");
        Files.writeString(secretFile, secret);
        canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!canary.isClosed()) {
                try (Socket s = canary.accept()) {
                    canaryHits.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "xxe-canary");
        t.setDaemon(true);
        t.start();
        simulator = RegistrationSimulator.start("127.0.0.1", 0, Clock.systemUTC());
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/registration", ex -> {
            ex.getRequestBody().readAllBytes();
            Response r = fakeAnswer.get();
            byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/xml; charset=UTF-8");
            ex.sendResponseHeaders(r.status(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        fake.start();
    }

    @AfterAll
    void stop() throws IOException {
        simulator.close();
        fake.stop(0);
        canary.close();
    }

    @BeforeEach
    void reset() {
        canaryHits.set(0);
    }

    private String doctypeWithExternalEntities(String root) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE " + root + " [\n"
                + "  <!ENTITY xxe SYSTEM \"" + secretFile.toUri() + "\">\n"
                + "  <!ENTITY net SYSTEM \"http://127.0.0.1:" + canary.getLocalPort() + "/xxe\">\n"
                + "  <!ENTITY % remote SYSTEM \"http://127.0.0.1:" + canary.getLocalPort() + "/dtd\">\n"
                + "  %remote;\n]>\n";
    }

    private static String billionLaughs(String root) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [\n  <!ENTITY lol \"lol\">\n");
        b.append("  <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for (int i = 2; i <= 9; i++) {
            b.append("  <!ENTITY lol").append(i).append(" \"");
            b.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        return b.append("]>\n").toString();
    }

    private static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"" + SOAP + "\"><soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    private static String query(String caseIdContent) {
        return "<r:QueryStatusRequest xmlns:r=\"" + NS + "\"><r:caseId>" + caseIdContent + "</r:caseId></r:QueryStatusRequest>";
    }

    private HttpResponse<String> post(String xml) throws Exception {
        return http.send(HttpRequest.newBuilder(simulator.endpoint())
                        .header("Content-Type", "text/xml; charset=UTF-8")
                        .header("SOAPAction", "\"urn:tongban:registration:v1:QueryStatus\"")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void theSimulatorAnswersAPlainRequest() throws Exception {
        try (RegistrationClient c = new RegistrationClient(simulator.endpoint(), Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC())) {
            c.submit(Cases.person("CASE-PLAIN"));
        }
        HttpResponse<String> r = post("<?xml version=\"1.0\"?>" + envelope(query("CASE-PLAIN")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("ACCEPTED");
    }

    @Test
    void theSimulatorRefusesExternalEntities() throws Exception {
        int calls = simulator.registry().calls();
        HttpResponse<String> r = post(doctypeWithExternalEntities("soap:Envelope") + envelope(query("&xxe;&net;")));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Fault").doesNotContain(secret);
        assertThat(simulator.registry().calls()).as("the operation was never reached").isEqualTo(calls);
        assertThat(canaryHits.get()).as("no external entity fetched").isZero();
    }

    @Test
    void theSimulatorRefusesABareDoctype() throws Exception {
        int calls = simulator.registry().calls();
        HttpResponse<String> r = post("<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope>" + envelope(query("CASE-PLAIN")));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("DTDs and entity references are refused");
        assertThat(simulator.registry().calls()).isEqualTo(calls);
    }

    @Test
    void theSimulatorRefusesBillionLaughsAtOnce() throws Exception {
        int calls = simulator.registry().calls();
        long t0 = System.nanoTime();
        HttpResponse<String> r = post(billionLaughs("soap:Envelope") + envelope(query("&lol9;")));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Fault").doesNotContain("lollollol");
        assertThat(simulator.registry().calls()).isEqualTo(calls);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    private RegistrationClient clientOfFake() {
        return new RegistrationClient(URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + "/registration"),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC());
    }

    private static String acknowledgement(String caseIdContent) {
        return "<r:SubmitCaseResponse xmlns:r=\"" + NS + "\"><r:caseId>" + caseIdContent + "</r:caseId>"
                + "<r:registrationNumber>REG-1</r:registrationNumber><r:result>ACCEPTED</r:result><r:reasons/>"
                + "<r:timestamp>2026-11-23T10:00:00+08:00</r:timestamp></r:SubmitCaseResponse>";
    }

    @Test
    void theClientReadsAPlainReplyFromTheFakeSystem() throws Exception {
        fakeAnswer.set(new Response(200, "<?xml version=\"1.0\"?>" + envelope(acknowledgement("CASE-FAKE"))));
        try (RegistrationClient c = clientOfFake()) {
            RegistrationOutcome o = c.submit(Cases.person("CASE-FAKE"));
            assertThat(o.status().state()).isEqualTo(CaseState.ACCEPTED);
            assertThat(o.registrationNumber()).isEqualTo("REG-1");
        }
    }

    @Test
    void theClientRefusesAReplyWithExternalEntities() {
        fakeAnswer.set(new Response(200, doctypeWithExternalEntities("soap:Envelope") + envelope(acknowledgement("CASE-FAKE&xxe;&net;"))));
        try (RegistrationClient c = clientOfFake()) {
            assertThatThrownBy(() -> c.submit(Cases.person("CASE-FAKE")))
                    .isInstanceOf(RegistrationUnavailable.class)
                    .satisfies(e -> assertThat(stackText(e)).doesNotContain(secret));
        }
        assertThat(canaryHits.get()).isZero();
    }

    @Test
    void theClientRefusesAFaultWithExternalEntities() {
        // a fault the parser refuses must not pass for a decision (REJECTED) on the case
        String fault = "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>&xxe;</faultstring><detail>"
                + "<r:ValidationFault xmlns:r=\"" + NS + "\"><r:code>NOT_COMPETENT</r:code><r:correctable>false</r:correctable>"
                + "<r:violation><r:field>x</r:field><r:message>&xxe;&net;</r:message></r:violation></r:ValidationFault>"
                + "</detail></soap:Fault>";
        fakeAnswer.set(new Response(500, doctypeWithExternalEntities("soap:Envelope") + envelope(fault)));
        try (RegistrationClient c = clientOfFake()) {
            assertThatThrownBy(() -> c.submit(Cases.person("CASE-FAKE")))
                    .isInstanceOf(RegistrationUnavailable.class)
                    .satisfies(e -> assertThat(stackText(e)).doesNotContain(secret));
        }
        assertThat(canaryHits.get()).isZero();
    }

    @Test
    void theClientRefusesBillionLaughs() {
        fakeAnswer.set(new Response(200, billionLaughs("soap:Envelope") + envelope(acknowledgement("&lol9;"))));
        long t0 = System.nanoTime();
        try (RegistrationClient c = clientOfFake()) {
            assertThatThrownBy(() -> c.submit(Cases.person("CASE-FAKE"))).isInstanceOf(RegistrationUnavailable.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anInsecureParserSettingStopsTheClient() {
        System.setProperty("org.apache.cxf.stax.allowInsecureParser", "true");
        try {
            assertThatThrownBy(this::clientOfFake).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("allowInsecureParser");
        } finally {
            System.clearProperty("org.apache.cxf.stax.allowInsecureParser");
        }
    }

    private static String stackText(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
