package cn.tongban.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.exchange.TepClient;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/**
 * Access control on two real hubs: the TEP endpoint still takes a peer's message over mutual TLS and
 * nothing without a client certificate; the API refuses anonymous reads and writes (health aside), a
 * viewer's writes, wrong credentials; the console's session needs its CSRF token for every state change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {
    static final String A = "370000";
    static final String B = "130000";
    static final String PING = "{\"to\":\"" + B + "\",\"type\":\"test.ping\",\"body\":{\"n\":1}}";

    @TempDir
    static Path tmp;
    LoopbackFederation federation;
    HubFixture a;
    HubFixture b;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        federation = LoopbackFederation.create(tmp.resolve("federation"), A, B);
        a = federation.hub(A, tmp.resolve("data")).start();
        b = federation.hub(B, tmp.resolve("data")).start();
    }

    @AfterAll
    void stop() {
        for (HubFixture h : new HubFixture[] {a, b}) {
            if (h != null) {
                h.close();
            }
        }
    }

    @Test
    void theTepEndpointTakesAPeersMessageOverMutualTlsAndNothingWithoutACertificate() throws Exception {
        String id = b.submitPings(A, 1, "acl").get(0);
        OutboundStore store = b.bean(OutboundStore.class);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.find(id).orElseThrow().status() != OutboundStatus.DELIVERED && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(OutboundStatus.DELIVERED);
        // the peer's client straight at the endpoint: a refusal from the exchange (not a login page, not a 401)
        TepClient.Response r = federation.clientAs(B)
                .post(URI.create(a.endpoint()), "{}".getBytes(StandardCharsets.UTF_8), A);
        assertThat(r.status()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("urn:tep:error:");
        // no client certificate: the handshake fails, whatever the path; operator credentials do not help
        HttpClient noCert = HttpClient.newBuilder().sslContext(trustingAnyServer()).build();
        for (String path : new String[] {"/tep/v1/messages", "/api/v1/health", "/console/"}) {
            assertThatThrownBy(() -> noCert.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + a.tlsPort + path))
                    .header("Authorization", HubFixture.OPERATOR_AUTH).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void anonymousCallersReadOnlyHealthAndWriteNothing() throws Exception {
        for (String path : new String[] {"/api/v1/messages", "/api/v1/cases/CASE-1", "/api/v1/dead-letters", "/api/v1/directory",
                "/api/v1/outbox/x", "/api/v1/openapi.json"}) {
            HttpResponse<String> r = send(get(path));
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"tongban-hub\"");
            assertThat(r.body()).contains("UNAUTHENTICATED").doesNotContain("CASE-1\",\"sides");
        }
        HttpResponse<String> anonymousWrite = send(post("/api/v1/outbox", PING));
        assertThat(anonymousWrite.statusCode()).isEqualTo(401);
        assertThat(anonymousWrite.body()).contains("UNAUTHENTICATED");
        assertThat(send(post("/api/v1/dead-letters/x/resend", "{}")).statusCode()).isEqualTo(401);
        assertThat(send(get("/api/v1/health")).statusCode()).isEqualTo(200);
        HttpResponse<String> console = send(get("/console/"));
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aViewerReadsButWritesNothingAndWrongCredentialsAreRefused() throws Exception {
        assertThat(send(get("/api/v1/messages").header("Authorization", HubFixture.VIEWER_AUTH)).statusCode()).isEqualTo(200);
        assertThat(send(get("/api/v1/directory").header("Authorization", HubFixture.VIEWER_AUTH)).statusCode()).isEqualTo(200);
        for (String path : new String[] {"/api/v1/outbox", "/api/v1/dead-letters/x/resend", "/api/v1/cases", "/api/v1/queries",
                "/api/v1/bundles"}) {
            HttpResponse<String> r = send(post(path, PING).header("Authorization", HubFixture.VIEWER_AUTH));
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).contains("FORBIDDEN");
        }
        assertThat(send(post("/api/v1/outbox", PING).header("Authorization", HubFixture.OPERATOR_AUTH)).statusCode()).isEqualTo(202);
        String wrong = cn.tongban.hub.demo.LocalHub.basicAuthorization(HubFixture.OPERATOR, "not-the-password");
        assertThat(send(get("/api/v1/messages").header("Authorization", wrong)).statusCode()).isEqualTo(401);
        // a local system's bearer token acts as an operator; a wrong one is refused
        assertThat(send(post("/api/v1/outbox", PING).header("Authorization", "Bearer test-token")).statusCode()).isEqualTo(202);
        assertThat(send(get("/api/v1/messages").header("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
    }

    @Test
    void theConsolesSessionNeedsItsCsrfTokenForEveryStateChange() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        JsonNode session = login(browser, HubFixture.OPERATOR, HubFixture.OPERATOR_PASSWORD);
        assertThat(session.get("account").asText()).isEqualTo(HubFixture.OPERATOR);
        assertThat(session.get("roles").toString()).contains("OPERATOR");
        String header = session.get("csrf").get("header").asText();
        String token = session.get("csrf").get("token").asText();
        // reads with the session alone
        assertThat(browser.send(get("/api/v1/messages").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        // a state change with the session but without the token: refused, and nothing is sent
        HttpResponse<String> noToken = browser.send(post("/api/v1/outbox", PING).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
        HttpResponse<String> badToken = browser.send(post("/api/v1/outbox", PING).header(header, "forged").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badToken.statusCode()).isEqualTo(403);
        HttpResponse<String> withToken = browser.send(post("/api/v1/outbox", PING).header(header, token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(202);
        // Basic credentials without a JSON body are what a browser could replay across sites: the token is needed
        HttpResponse<String> basicForm = send(HttpRequest.newBuilder(uri("/api/v1/dead-letters/x/resend"))
                .header("Authorization", HubFixture.OPERATOR_AUTH).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b")));
        assertThat(basicForm.statusCode()).isEqualTo(403);
        // a viewer's session has a token too, but no right to write
        HttpClient viewer = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        JsonNode vs = login(viewer, HubFixture.VIEWER, HubFixture.VIEWER_PASSWORD);
        assertThat(vs.get("roles").toString()).doesNotContain("OPERATOR");
        HttpResponse<String> viewerWrite = viewer.send(post("/api/v1/outbox", PING).header(header, vs.get("csrf").get("token").asText())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(viewerWrite.statusCode()).isEqualTo(403);
        assertThat(viewerWrite.body()).contains("FORBIDDEN");
        // logging out takes the token too, and ends the session
        assertThat(browser.send(HttpRequest.newBuilder(uri("/logout")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        HttpResponse<String> out = browser.send(HttpRequest.newBuilder(uri("/logout")).header(header, token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isIn(204, 302); // 204 to a client that does not ask for HTML
        assertThat(browser.send(get("/api/v1/messages").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    /** Logs in through the form as a browser does (the login page's CSRF token with it); the console's session endpoint. */
    private JsonNode login(HttpClient browser, String name, String password) throws Exception {
        HttpResponse<String> page = browser.send(get("/login").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).as("the login form carries a CSRF token").isTrue();
        String form = "username=" + enc(name) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1));
        HttpResponse<String> withoutToken = browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(name) + "&password=" + enc(password))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        HttpResponse<String> done = browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/console/");
        HttpResponse<String> s = browser.send(get("/console/session").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(s.statusCode()).isEqualTo(200);
        return TepJson.MAPPER.readTree(s.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + a.apiPort + path);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trustingAnyServer() throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return c;
    }
}
