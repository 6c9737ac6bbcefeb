package cn.tongban.hub.bundles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;

/**
 * A department system reached over HTTP: {@code POST <url>} with the canonical case JSON, answered with a
 * canonical case status JSON. Any other answer is a failure of that item.
 */
public class HttpDepartmentSystem implements DepartmentSystem {
    private final HttpClient http;
    private final URI url;
    private final Duration timeout;

    public HttpDepartmentSystem(HttpClient http, URI url, Duration timeout) {
        this.http = http;
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    public CaseStatus submit(CaseSubmission c) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(BundleJson.write(c))).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("department answered HTTP " + r.statusCode());
        }
        return BundleJson.read(r.body(), CaseStatus.class);
    }
}
