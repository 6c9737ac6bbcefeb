package cn.tongban.hub.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongban.hub.exchange.HubFixture;

/** One scrape of a hub's {@code /actuator/prometheus}, parsed: each sample's name, labels and value. */
public final class Scrape {
    /** One line of the exposition format. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    public final String text;
    public final List<Sample> samples;

    private Scrape(String text) {
        this.text = text;
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        this.samples = List.copyOf(out);
    }

    /** Scrapes the hub whose local API listens on {@code apiPort}. */
    public static Scrape of(int apiPort) throws Exception {
        HttpResponse<String> r = get(URI.create("http://127.0.0.1:" + apiPort + "/actuator/prometheus"));
        if (r.statusCode() != 200) {
            throw new AssertionError("scrape answered " + r.statusCode() + ": " + r.body());
        }
        return new Scrape(r.body());
    }

    /** The one HTTP call the metrics tests make, as the test hubs' viewer account (Prometheus scrapes as a viewer). */
    public static HttpResponse<String> get(URI uri) throws Exception {
        return get(uri, HubFixture.VIEWER_AUTH);
    }

    /** The same with these credentials ({@code null}: none). */
    public static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample with exactly these labels; NaN if there is none (and an error if there are two). */
    public double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(new TreeMap<>(labels))).toList();
        if (found.size() > 1) {
            throw new AssertionError("two samples " + name + labels);
        }
        return found.isEmpty() ? Double.NaN : found.get(0).value();
    }

    /** Every sample of {@code name}. */
    public List<Sample> all(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
