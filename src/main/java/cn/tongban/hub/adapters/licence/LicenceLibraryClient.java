package cn.tongban.hub.adapters.licence;

import cn.tongban.hub.cases.LicenceId;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.cases.LicenceCheck;
import cn.tongban.hub.cases.PersonalData;
import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.crypto.Sm2PublicKeys;
import cn.tongban.hub.protocol.Base64Url;
import cn.tongban.hub.protocol.TepJson;

/**
 * Checks a licence in this region's licence library (contract in package-info): the identifier's shape and
 * check character first, without any call; then {@code GET licences/{id}?holder=…&nonce=…}; then the
 * signer certificate against the configured trust, the SM2 signature over the exact licence bytes, that the
 * signed data is this licence, answers this request (nonce), is held by the holder asked about, and is in
 * force (status and validity dates, Beijing time). Thread-safe.
 */
public class LicenceLibraryClient {
    private static final Logger LOG = LoggerFactory.getLogger(LicenceLibraryClient.class);
    /** Licence data is small; a larger answer is not a library speaking this contract. */
    static final int MAX_RESPONSE = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI base;
    private final Duration requestTimeout;
    private final SignerTrust trust;
    private final Clock clock;
    private final HttpClient http;

    LicenceLibraryClient(URI baseUrl, Duration connectTimeout, Duration requestTimeout, SignerTrust trust, Clock clock) {
        if (baseUrl == null || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("tongban.adapters.licence.base-url must be an http(s) URL, not " + baseUrl);
        }
        String b = baseUrl.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.requestTimeout = requestTimeout;
        this.trust = trust;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A client as {@code p} configures it; the certificate files are read now, so a bad one stops the start. */
    public static LicenceLibraryClient from(LicenceLibraryProperties p, Clock clock) throws IOException {
        List<X509Certificate> pinned = new ArrayList<>();
        for (Path f : p.getSignerCertificates()) {
            pinned.addAll(Pem.readCertificates(f));
        }
        List<X509Certificate> cas = new ArrayList<>();
        for (Path f : p.getTrustRoots()) {
            cas.addAll(Pem.readCertificates(f));
        }
        SignerTrust trust;
        try {
            trust = SignerTrust.of(pinned, cas);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tongban.adapters.licence: " + e.getMessage()
                    + " (set signer-certificates or trust-roots)", e);
        }
        return new LicenceLibraryClient(p.getBaseUrl(), p.getConnectTimeout(), p.getRequestTimeout(), trust, clock);
    }

    public URI baseUrl() {
        return base;
    }

    /**
     * The library's answer about {@code r}: {@code valid} only for {@link LicenceVerdict#VALID}; every refusal
     * has its own {@link LicenceVerdict} code in {@code status}.
     *
     * @throws LicenceLibraryUnavailable when the library cannot be reached or answers 408, 429 or 5xx
     */
    public LicenceCheck.Result check(LicenceCheck.Request r) throws LicenceLibraryUnavailable {
        LicenceCheck.Result result = decide(r);
        // a refused identifier is whatever the asker sent: not echoed into the log
        LOG.info("licence {} for holder {}: {}", LicenceId.isValid(result.licenceId()) ? result.licenceId() : "(malformed)",
                r == null ? null : PersonalData.maskIdNumber(r.holderCode()), result.status());
        return result;
    }

    private LicenceCheck.Result decide(LicenceCheck.Request r) throws LicenceLibraryUnavailable {
        if (r == null) {
            return LicenceVerdict.BAD_REQUEST.result(null, "no request", clock);
        }
        String id = r.licenceId();
        String problem = LicenceId.problem(id);
        if (problem != null) {
            return LicenceVerdict.MALFORMED_ID.result(id, problem, clock);
        }
        if (r.holderCode() == null || r.holderCode().isBlank()) {
            return LicenceVerdict.BAD_REQUEST.result(id, "no holder code", clock);
        }
        String holder = normalise(r.holderCode());
        String nonce = Base64Url.encode(randomBytes());
        StringBuilder q = new StringBuilder(LibraryContract.Q_HOLDER).append('=').append(enc(holder))
                .append('&').append(LibraryContract.Q_NONCE).append('=').append(nonce);
        if (r.purpose() != null && !r.purpose().isBlank()) {
            q.append('&').append(LibraryContract.Q_PURPOSE).append('=').append(enc(r.purpose()));
        }
        URI uri = base.resolve(LibraryContract.PATH + enc(id) + "?" + q);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json").GET().build();
        int status;
        byte[] body;
        try {
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            status = resp.statusCode();
            try (InputStream in = resp.body()) {
                body = in.readNBytes(MAX_RESPONSE + 1);
            }
        } catch (IOException e) {
            throw new LicenceLibraryUnavailable("licence library " + base + " unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LicenceLibraryUnavailable("interrupted while asking the licence library", e);
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new LicenceLibraryUnavailable("licence library " + base + " answered " + status, null);
        }
        if (body.length > MAX_RESPONSE) {
            return LicenceVerdict.BAD_RESPONSE.result(id, "the library's answer exceeds " + MAX_RESPONSE + " bytes", clock);
        }
        return switch (status) {
            case 200 -> verify(id, holder, nonce, body);
            case 404 -> LicenceVerdict.UNKNOWN.result(id, "the licence library does not know this licence", clock);
            case 403 -> LibraryContract.HOLDER_MISMATCH.equals(errorCode(body))
                    ? LicenceVerdict.WRONG_HOLDER.result(id, "the licence library says the licence is held by someone else", clock)
                    : LicenceVerdict.BAD_RESPONSE.result(id, "the licence library answered 403 " + errorCode(body), clock);
            default -> LicenceVerdict.BAD_RESPONSE.result(id, "the licence library answered " + status + " "
                    + errorCode(body), clock);
        };
    }

    private LicenceCheck.Result verify(String id, String holder, String nonce, byte[] body) {
        byte[] licenceBytes;
        byte[] signature;
        X509Certificate signer;
        try {
            JsonNode n = TepJson.read(body);
            licenceBytes = Base64Url.decode(text(n, LibraryContract.LICENCE));
            signature = Base64Url.decode(text(n, LibraryContract.SIGNATURE));
            signer = Pem.certificate(Base64Url.decode(text(n, LibraryContract.SIGNER)));
        } catch (IllegalArgumentException | IOException e) {
            return LicenceVerdict.BAD_RESPONSE.result(id, "the library's answer breaks the contract: " + e.getMessage(), clock);
        }
        String untrusted = trust.refusal(signer, clock.instant());
        if (untrusted != null) {
            return LicenceVerdict.UNTRUSTED_SIGNER.result(id, untrusted + " (" + signer.getSubjectX500Principal() + ")", clock);
        }
        if (!Sm2.verify(Sm2PublicKeys.of(signer), licenceBytes, signature)) {
            return LicenceVerdict.BAD_SIGNATURE.result(id, "the SM2 signature over the licence data does not verify", clock);
        }
        // from here on, everything read is what the library signed
        JsonNode lic;
        try {
            lic = TepJson.read(licenceBytes);
        } catch (IllegalArgumentException e) {
            return LicenceVerdict.BAD_RESPONSE.result(id, "the signed licence data is not strict JSON: " + e.getMessage(), clock);
        }
        if (!lic.isObject()) {
            return LicenceVerdict.BAD_RESPONSE.result(id, "the signed licence data is not a JSON object", clock);
        }
        if (!id.equals(lic.path(LibraryContract.ID).asText(null))) {
            return LicenceVerdict.BAD_RESPONSE.result(id, "the signed licence data is of another licence", true, Map.of(), clock);
        }
        if (!nonce.equals(lic.path(LibraryContract.NONCE).asText(null))) {
            return LicenceVerdict.STALE_RESPONSE.result(id, "the signed licence data does not answer this request (nonce)",
                    true, Map.of(), clock);
        }
        String signedHolder = lic.path(LibraryContract.HOLDER_CODE).asText(null);
        if (signedHolder == null || !holder.equals(normalise(signedHolder))) {
            // the holder asked about is not entitled to the real holder's data: no metadata
            return LicenceVerdict.WRONG_HOLDER.result(id, "the signed licence data names another holder", true, Map.of(), clock);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String f : LibraryContract.METADATA) {
            JsonNode v = lic.get(f);
            if (v != null && v.isValueNode() && !v.isNull()) {
                metadata.put(f, v.asText());
            }
        }
        String status = lic.path(LibraryContract.STATUS).asText("");
        switch (status) {
            case LibraryContract.STATUS_REVOKED:
                return LicenceVerdict.REVOKED.result(id, "the library says the licence is revoked", true, metadata, clock);
            case LibraryContract.STATUS_EXPIRED:
                return LicenceVerdict.EXPIRED.result(id, "the library says the licence has expired", true, metadata, clock);
            case LibraryContract.STATUS_VALID:
                break;
            default:
                return LicenceVerdict.BAD_RESPONSE.result(id, "unknown licence status '" + status + "'", true, Map.of(), clock);
        }
        LocalDate today = LocalDate.now(clock.withZone(LicenceVerdict.CST));
        try {
            String from = metadata.get(LibraryContract.VALID_FROM);
            if (from != null && !from.isEmpty() && LocalDate.parse(from).isAfter(today)) {
                return LicenceVerdict.NOT_YET_VALID.result(id, "valid only from " + from, true, metadata, clock);
            }
            String until = metadata.get(LibraryContract.VALID_UNTIL);
            if (until != null && !until.isEmpty() && !LibraryContract.LONG_TERM.equals(until)
                    && LocalDate.parse(until).isBefore(today)) {
                return LicenceVerdict.EXPIRED.result(id, "valid only until " + until, true, metadata, clock);
            }
        } catch (DateTimeParseException e) {
            return LicenceVerdict.BAD_RESPONSE.result(id, "a validity date is not YYYY-MM-DD", true, Map.of(), clock);
        }
        return LicenceVerdict.VALID.result(id, "valid, held by the holder asked about, signed by "
                + signer.getSubjectX500Principal(), true, metadata, clock);
    }

    private static String text(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("member " + member + " must be a string");
        }
        return v.asText();
    }

    /** The {@code code} of an error answer, never echoing anything else the library sent. */
    private static String errorCode(byte[] body) {
        try {
            String c = TepJson.read(body).path(LibraryContract.CODE).asText("");
            return c.matches("[A-Z_]{1,40}") ? c : "";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static String normalise(String code) {
        return code.trim().toUpperCase(Locale.ROOT);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }
}
