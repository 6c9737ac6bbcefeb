package cn.tongban.hub.demo;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.tongban.hub.adapters.licence.LicenceLibrarySimulator;
import cn.tongban.hub.adapters.registration.RegistrationSimulator;
import cn.tongban.hub.cases.LicenceId;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.handling.CaseRegistry;
import cn.tongban.hub.pki.CertificateAuthority;
import cn.tongban.hub.pki.Credential;
import cn.tongban.hub.pki.TestFederation;
import cn.tongban.hub.protocol.MessageParser;
import cn.tongban.hub.protocol.Refusal;
import cn.tongban.hub.store.InboundRecord;
import cn.tongban.hub.store.InboundStore;
import cn.tongban.hub.store.OutboundRecord;
import cn.tongban.hub.store.OutboundStore;

/**
 * The cross-region demo: an enterprise in Cangzhou (130900, Hebei) applies at its local 跨省通办 window for a
 * Zibo (370300, Shandong) service item; its business licence is an electronic licence held in Hebei. The case
 * crosses from Hebei's hub to Shandong's; Shandong's hub checks the licence in Hebei's library through Hebei's
 * hub (免提交) and submits the case to the ministry registration system over SOAP; the status comes back to
 * Hebei. Everything runs on loopback: two hubs, the licence library and the registration system.
 */
public final class CrossRegionDemo {
    static final String HEBEI = "130000";
    static final String SHANDONG = "370000";
    public static final String COMPANY = "91130900MA0F3K7Q9U";
    /** The demo hubs' operator account: a password made for this run only. */
    static final String OPERATOR = "demo-operator";
    static final String PASSWORD = java.util.UUID.randomUUID().toString();

    private CrossRegionDemo() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(System.out));
    }

    static int run(PrintStream out) throws Exception {
        return run(out, Files.createTempDirectory("tongban-demo"), Map.of(), List.of());
    }

    /** A case sent after the demo's own, with the licences its materials name put in Hebei's library first. */
    record MoreCase(String caseId, String json, List<Map<String, String>> licences) {
    }

    /**
     * The demo in {@code work}, with {@code hubSettings} applied to both hubs (e.g. logging) and {@code more} cases
     * sent after the demo's; 0 when every case got its decision back.
     */
    static int run(PrintStream out, Path work, Map<String, String> hubSettings, List<MoreCase> more) throws Exception {
        out.println("Tongban Hub cross-region demo (work folder " + work + ")");
        int hebeiPort = LocalHub.freePort();
        int shandongPort = LocalHub.freePort();
        Path fed = work.resolve("federation");
        new TestFederation(fed, Clock.systemUTC()).create(List.of(HEBEI, SHANDONG), TestFederation.DEFAULT_ENDPOINT,
                Map.of(HEBEI, LocalHub.endpointFor(hebeiPort), SHANDONG, LocalHub.endpointFor(shandongPort)));

        Instant now = Instant.now();
        CertificateAuthority libraryCa = CertificateAuthority.newRoot("Hebei Licence Library CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
        Credential librarySigner = libraryCa.issueLeaf("Hebei Licence Library", "Signer", List.of(), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
        Path libraryCaFile = work.resolve("library-ca.pem");
        Files.writeString(libraryCaFile, Pem.toPem(libraryCa.certificate()));
        String licence = LicenceId.of("11100000MB0341008E001", "11130900MB1601238N", "130900202400017", "001");
        try (LicenceLibrarySimulator library = new LicenceLibrarySimulator(librarySigner.sm2Key(), librarySigner.certificate(),
                Clock.systemUTC()).put(businessLicence(licence));
             RegistrationSimulator registration = RegistrationSimulator.start(0)) {
            more.forEach(c -> c.licences().forEach(library::put));
            library.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            out.println("  Hebei licence library      " + library.baseUrl());
            out.println("  Shandong registration SOAP " + registration.endpoint());
            LocalHub hebei = quiet(new LocalHub(HEBEI, fed, work.resolve("data"), hebeiPort))
                    .set("tongban.adapters.licence.enabled", "true")
                    .set("tongban.adapters.licence.base-url", library.baseUrl().toString())
                    .set("tongban.adapters.licence.trust-roots[0]", libraryCaFile.toString());
            LocalHub shandong = quiet(new LocalHub(SHANDONG, fed, work.resolve("data"), shandongPort))
                    .set("tongban.adapters.registration.enabled", "true")
                    .set("tongban.adapters.registration.endpoint", registration.endpoint().toString());
            hubSettings.forEach((k, v) -> {
                hebei.set(k, v);
                shandong.set(k, v);
            });
            long t0 = System.nanoTime();
            // one after the other: Tomcat's TLS cipher parser is not safe to initialise from two threads at once
            hebei.start();
            shandong.start();
            out.printf("  hubs up in %d ms: Hebei %s, Shandong %s%n", ms(t0), hebei.endpoint(), shandong.endpoint());
            try {
                String caseId = "CZ-" + OffsetDateTime.now().getYear() + "-" + (System.currentTimeMillis() % 100000);
                out.println();
                out.println("Case " + caseId + ": Cangzhou (130900) window → Zibo (370300) authority, material: 营业执照 " + licence);
                int exit = runCase(out, hebei, shandong, caseId, caseJson(caseId, COMPANY, licence, OffsetDateTime.now().withNano(0)));
                for (MoreCase c : more) {
                    out.println();
                    out.println("Case " + c.caseId());
                    exit |= runCase(out, hebei, shandong, c.caseId(), c.json());
                }
                return exit;
            } finally {
                shandong.close();
                hebei.close();
            }
        }
    }

    private static int runCase(PrintStream out, LocalHub hebei, LocalHub shandong, String caseId, String body) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hebei.apiPort + "/api/v1/cases"))
                .header("Authorization", LocalHub.basicAuthorization(OPERATOR, PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        out.printf("  [%5d ms] Hebei window: POST /api/v1/cases → %d %s%n", ms(t0), r.statusCode(), r.body());
        if (r.statusCode() != 202) {
            return 1;
        }
        CaseRegistry hebeiCases = hebei.bean(CaseRegistry.class);
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String state = "received";
        while (System.nanoTime() < end && state.equals("received")) {
            Thread.sleep(100);
            state = hebeiCases.find(caseId, CaseRegistry.Role.RECEIVING).map(CaseRegistry.CaseRecord::state).orElse("received");
        }
        out.printf("  [%5d ms] Hebei sees the case %s%n", ms(t0), state);
        trace(out, "Hebei (130000), receiving side", hebei, caseId, CaseRegistry.Role.RECEIVING);
        trace(out, "Shandong (370000), handling side", shandong, caseId, CaseRegistry.Role.HANDLING);
        boolean ok = !state.equals("received");
        out.println();
        out.println(ok ? "DEMO OK: the decision came back to Hebei (" + state + ")" : "DEMO FAILED: no decision came back in 90 s");
        return ok ? 0 : 1;
    }

    private static void trace(PrintStream out, String title, LocalHub hub, String caseId, CaseRegistry.Role role) throws Refusal {
        out.println();
        out.println(title);
        for (CaseRegistry.Event e : hub.bean(CaseRegistry.class).history(caseId, role)) {
            out.printf("  case  %-24s %s%s%n", e.state(), e.at(), e.reasons() == null ? "" : "  (" + e.reasons() + ")");
        }
        for (OutboundRecord m : hub.bean(OutboundStore.class).recent(20)) {
            String receipt = m.receipt() == null ? "-" : MessageParser.parse(m.receipt()).header().id();
            long millis = m.deliveredAt() == null ? -1 : Duration.between(m.createdAt(), m.deliveredAt()).toMillis();
            out.printf("  sent  %-20s %s → %s  %s after %d attempt(s), %s; receipt %s (digest %s…)%n", m.type(), m.messageId(),
                    m.toNode(), m.status(), m.attempts(), millis < 0 ? "not delivered" : "delivered in " + millis + " ms",
                    receipt, m.digest().substring(0, 16));
        }
        for (InboundRecord m : hub.bean(InboundStore.class).recent(20)) {
            out.printf("  recv  %-20s %s ← %s  at %s, handed to routes %s%n", m.type(), m.messageId(), m.fromNode(),
                    m.receivedAt(), m.handedOverAt() == null ? "not yet" : "at " + m.handedOverAt());
        }
    }

    private static LocalHub quiet(LocalHub h) {
        return h.account(OPERATOR, PASSWORD, "OPERATOR")
                .set("logging.level.root", "WARN")
                .set("logging.level.org.apache.activemq", "ERROR")
                .set("spring.main.banner-mode", "off");
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /**
     * The demo's case: the Cangzhou company applies for the Zibo item, its business licence (held by
     * {@code holder} as the case claims) as the material.
     */
    public static String caseJson(String caseId, String holder, String licence, OffsetDateTime submittedAt) {
        return """
                {"caseId": "%s", "serviceItemCode": "11370300MB2857905E3370117002011", "serviceItemName": "危险化学品经营许可",
                 "mode": "remote-intake",
                 "applicant": {"type": "organisation", "name": "沧州示例餐饮有限公司", "creditCode": "%s"},
                 "receivingRegion": "130900", "handlingRegions": ["370300"], "decidingAuthority": "11370300MB2857905E",
                 "delivery": "post",
                 "materials": [{"kind": "licence", "title": "营业执照", "licenceId": "%s", "holderCode": "%s"}],
                 "promisedWorkingDays": 15, "submittedAt": "%s"}
                """.formatted(caseId, COMPANY, licence, holder,
                submittedAt.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)); // always with seconds (RFC 3339)
    }

    /** The company's electronic business licence as Hebei's library holds it (GB/T 36903 fields). */
    public static Map<String, String> businessLicence(String licence) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("证照标识", licence);
        l.put("证照名称", "营业执照");
        l.put("证照类型名称", "营业执照");
        l.put("证照类型代码", "11100000MB0341008E001");
        l.put("证照编号", COMPANY);
        l.put("持证主体", "沧州示例餐饮有限公司");
        l.put("持证主体代码", COMPANY);
        l.put("持证主体代码类型", "001");
        l.put("颁发机构", "沧州市市场监督管理局（演示）");
        l.put("颁发机构代码", "11130900MB1601238N");
        l.put("颁发日期", "2024-01-15");
        l.put("有效期起始日期", "2024-01-15");
        l.put("有效期截止日期", "长期");
        l.put("管辖属地编码", "130900");
        l.put("status", "valid");
        return l;
    }
}
