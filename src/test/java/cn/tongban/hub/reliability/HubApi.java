package cn.tongban.hub.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Calls to one hub process's local API (other than {@code /api/v1/health}), with the credentials of the tests'
 * operator account: HTTP Basic ({@link #ARGUMENTS} define the account) where the hub has accounts, else the
 * API token. Which of the two the hub takes is found by the first call that is not refused.
 */
final class HubApi {
    static final String TOKEN = "test-token";
    static final String USER = "ops";
    static final String PASSWORD = "ops-test-password";
    /** Hub arguments that define the operator account (ignored by a hub without accounts). */
    static final List<String> ARGUMENTS = List.of("--tongban.security.accounts[0].name=" + USER,
            "--tongban.security.accounts[0].password={noop}" + PASSWORD, "--tongban.security.accounts[0].roles=OPERATOR");

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String BEARER = "Bearer " + TOKEN;
    private static volatile String scheme;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;

    HubApi(int port) {
        this.port = port;
    }

    static List<String> withAccounts(List<String> arguments) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(ARGUMENTS);
        return all;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)));
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        String known = scheme;
        if (known != null) {
            return http.send(b.copy().header("Authorization", known).build(), HttpResponse.BodyHandlers.ofString());
        }
        HttpResponse<String> r = http.send(b.copy().header("Authorization", BASIC).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 401) {
            scheme = BASIC;
            return r;
        }
        r = http.send(b.copy().header("Authorization", BEARER).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 401) {
            scheme = BEARER;
        }
        return r;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
