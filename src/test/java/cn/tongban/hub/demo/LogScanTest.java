package cn.tongban.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.tongban.hub.app.MaskingPatternLayout;
import cn.tongban.hub.cases.LicenceId;
import cn.tongban.hub.cases.ResidentIdNumber;
import cn.tongban.hub.crypto.Pem;

/**
 * Secrets and personal data stay out of the logs: the cross-region demo (two hubs, the licence library, the SOAP
 * registration system) runs with two more cases of people (name, ID number, licences held under the ID number, a
 * commitment quoting both, one licence revoked), everything logged at INFO and cn.tongban at DEBUG into one file.
 * The file and the demo's printed trace are scanned for the names and ID numbers the run sent, any ID-shaped
 * string passing the GB 11643 check, PEM private key markers, and the private keys of the run's federation in the
 * forms a careless log line would show them.
 */
class LogScanTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aFullRunLogsNoPersonalDataNorKeyMaterial() throws Exception {
        String probeId = idNumber("13090219850317012");
        List<CrossRegionDemo.MoreCase> people = List.of(
                personCase("CZ-LOG-0001", "李秀英", probeId, "valid", "20240001"),
                personCase("CZ-LOG-0002", "赵建国", idNumber("13098119920708154"), "revoked", "20240002"));
        Path log = work.resolve("hubs.log");
        Map<String, String> logging = new LinkedHashMap<>();
        logging.put("logging.file.name", log.toString());
        logging.put("logging.level.root", "INFO");
        logging.put("logging.level.org.apache.activemq", "INFO");
        logging.put("logging.level.cn.tongban", "DEBUG");
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        // the console too: what is logged before the first hub configures logging (the simulators starting) and
        // what JUL writes (Tomcat of the SOAP simulator) never reaches the file
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(tee(out, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err, console), true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CrossRegionDemo.run(new PrintStream(trace, true, StandardCharsets.UTF_8), work, logging, people);
            // the hubs' logging configuration (logback-spring.xml) is still in place: a careless line is masked
            org.slf4j.LoggerFactory.getLogger(LogScanTest.class).warn("safety-net probe: a careless line with {}", probeId);
        } finally {
            System.setOut(out);
            System.setErr(err);
            // Spring Boot leaves logging.file.name in this system property: later hubs in this JVM must not write here
            System.clearProperty("LOG_FILE");
        }
        String printed = trace.toString(StandardCharsets.UTF_8);
        List<String> consoleLines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(exit).as(printed).isZero();
        // the person whose licence is revoked is asked for materials; the decision still comes back
        assertThat(printed).contains("DEMO OK: the decision came back to Hebei (accepted)")
                .contains("DEMO OK: the decision came back to Hebei (more-materials-needed)");

        Scanner scanner = new Scanner();
        for (CrossRegionDemo.MoreCase c : people) {
            scanner.personalDataOf(c.json());
        }
        scanner.personalDataOf(CrossRegionDemo.caseJson("CZ-X", CrossRegionDemo.COMPANY, "L", OffsetDateTime.now()));
        try (Stream<Path> keys = Files.list(work.resolve("federation"))) {
            for (Path k : keys.filter(f -> f.toString().endsWith(".key")).sorted().toList()) {
                scanner.keyMaterialOf(k);
            }
        }
        assertThat(scanner.needles).as("the run's personal data and keys").hasSizeGreaterThan(2 * 4 + 7 * 8);

        List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
        assertThat(lines).as("the run logged").hasSizeGreaterThan(200);
        // logger names are abbreviated (c.t.h.…, c.tongban.hub.…); the hub's code has few debug statements of its own
        assertThat(lines).as("the hub's code logged").anyMatch(l -> l.contains(" INFO ") && l.contains("c.tongban.hub."));
        assertThat(lines).as("cn.tongban at DEBUG").anyMatch(l -> l.contains(" DEBUG ") && l.contains("tongban"));
        assertThat(lines).as("both hubs logged").anyMatch(l -> l.contains("130000")).anyMatch(l -> l.contains("370000"));
        assertThat(lines).as("the safety net masked the probe in the file").anyMatch(l -> l.contains("safety-net probe")
                && l.endsWith(cn.tongban.hub.cases.PersonalData.maskIdNumber(probeId)));
        assertThat(consoleLines).as("and on the console").anyMatch(l -> l.contains("safety-net probe")
                && l.endsWith(cn.tongban.hub.cases.PersonalData.maskIdNumber(probeId)));
        int fileLines = lines.size();
        lines.addAll(consoleLines);
        lines.addAll(printed.lines().toList());
        List<String> findings = scanner.scan(lines);
        System.out.printf("log scan: %d lines (log file %d, console %d, printed trace %d), %d strings looked for"
                        + " (%d personal, %d of key material) + the ID-number check + \"PRIVATE KEY\"; %d findings;"
                        + " lines the logging safety net masked in this JVM: %d%n", lines.size(), fileLines, consoleLines.size(),
                printed.lines().count(), scanner.needles.size(), scanner.personal, scanner.needles.size() - scanner.personal,
                findings.size(), MaskingPatternLayout.maskedLines());
        assertThat(findings).as("unmasked personal data or key material in the logs").isEmpty();
    }

    /** The scanner is not vacuous: it reports each kind of leak when one is there. */
    @Test
    void theScannerFindsWhatItLooksFor() throws Exception {
        Path fed = work.resolve("federation");
        new cn.tongban.hub.pki.TestFederation(fed, java.time.Clock.systemUTC()).create(List.of("370000"),
                cn.tongban.hub.pki.TestFederation.DEFAULT_ENDPOINT);
        String id = idNumber("13090219850317012");
        Scanner s = new Scanner();
        s.personalDataOf(personCase("C1", "李秀英", id, "valid", "1").json());
        s.keyMaterialOf(fed.resolve("370000.key"));
        List<String> keyLines = Files.readAllLines(fed.resolve("370000.key"));
        PrivateKeyInfo info = Pem.readPrivateKeyInfo(fed.resolve("370000.key"), null);
        BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
        String other = "440524188001010014"; // valid, but not in the run's data: found by its check character

        assertThat(s.scan(List.of("INFO case CZ-1 from 130902********0123, 李*** — all masked", "digest 1234567890123456789012"))).isEmpty();
        assertThat(s.scan(List.of("applicant " + id))).singleElement().asString().contains("ID number").contains("line 1");
        assertThat(s.scan(List.of("name=李秀英"))).singleElement().asString().contains("name");
        assertThat(s.scan(List.of("holder=" + other))).singleElement().asString().contains("passes the GB 11643 check");
        assertThat(s.scan(List.of("x", keyLines.get(1)))).singleElement().asString().contains("key material").contains("line 2");
        assertThat(s.scan(List.of("-----BEGIN ENCRYPTED PRIVATE KEY-----"))).singleElement().asString().contains("PRIVATE KEY");
        assertThat(s.scan(List.of("d=" + d.toString(16)))).isNotEmpty();
        assertThat(s.scan(List.of("key " + Base64.getEncoder().encodeToString(info.getEncoded())))).isNotEmpty();
        // the logging safety net masks what the check would find
        assertThat(s.scan(List.of(cn.tongban.hub.cases.PersonalData.maskIdNumbersIn("holder=" + other + ", " + id)))).isEmpty();
    }

    /** What the logs are searched for, and the search. */
    static final class Scanner {
        private static final Pattern ID_SHAPE = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
        final Map<String, String> needles = new LinkedHashMap<>();
        int personal;

        /**
         * The names and ID numbers of the people in a case as sent: the applicant and licence holders. An
         * organisation's name and credit code are not personal data, and are logged.
         */
        void personalDataOf(String caseJson) throws IOException {
            JsonNode c = JSON.readTree(caseJson);
            JsonNode a = c.path("applicant");
            if (a.path("type").asText().equals("person")) {
                add("name of an applicant", a.path("name").asText(), true);
                add("ID number of an applicant", a.path("idNumber").asText(), true);
            }
            for (JsonNode m : c.path("materials")) {
                if (ResidentIdNumber.isValid(m.path("holderCode").asText())) {
                    add("ID number of a licence holder", m.path("holderCode").asText(), true);
                }
            }
        }

        /** A PEM private key file as a log line might show it: its lines, its DER in base64, its scalar. */
        void keyMaterialOf(Path file) throws IOException {
            String what = "key material of " + file.getFileName();
            for (String l : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (!l.startsWith("-----") && l.length() >= 16) {
                    add(what + " (PEM line)", l, false);
                }
            }
            PrivateKeyInfo info = Pem.readPrivateKeyInfo(file, null);
            byte[] der = info.getEncoded();
            add(what + " (DER, base64)", Base64.getEncoder().encodeToString(der), false);
            add(what + " (DER, base64url)", Base64.getUrlEncoder().withoutPadding().encodeToString(der), false);
            add(what + " (DER, hex)", HexFormat.of().formatHex(der), false);
            BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
            byte[] scalar = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, d);
            add(what + " (scalar, hex)", HexFormat.of().formatHex(scalar), false);
            add(what + " (scalar, unpadded hex)", d.toString(16), false);
            add(what + " (scalar, decimal)", d.toString(), false);
            add(what + " (scalar, base64)", Base64.getEncoder().encodeToString(scalar), false);
            add(what + " (scalar, base64url)", Base64.getUrlEncoder().withoutPadding().encodeToString(scalar), false);
        }

        private void add(String what, String needle, boolean isPersonal) {
            if (needle != null && !needle.isEmpty() && needles.putIfAbsent(needle, what) == null && isPersonal) {
                personal++;
            }
        }

        /** Every finding, as "line N: what" (never the line itself: a report must not leak either). */
        List<String> scan(List<String> lines) {
            List<String> findings = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                for (Map.Entry<String, String> n : needles.entrySet()) {
                    // hex may be logged in either case
                    if (line.contains(n.getKey()) || n.getValue().contains("hex") && lower.contains(n.getKey().toLowerCase(java.util.Locale.ROOT))) {
                        findings.add("line " + (i + 1) + ": " + n.getValue());
                    }
                }
                if (line.contains("PRIVATE KEY")) {
                    findings.add("line " + (i + 1) + ": a PEM \"PRIVATE KEY\" marker");
                }
                Matcher m = ID_SHAPE.matcher(line);
                while (m.find()) {
                    String candidate = m.group().toUpperCase(java.util.Locale.ROOT);
                    if (ResidentIdNumber.isValid(candidate) && !needles.containsKey(candidate)) {
                        findings.add("line " + (i + 1) + ": an 18-character string that passes the GB 11643 check");
                    }
                }
            }
            return findings;
        }
    }

    /** A person applying at the Cangzhou window for the Zibo item, with a licence held in Hebei's library under the ID number. */
    static CrossRegionDemo.MoreCase personCase(String caseId, String name, String id, String licenceStatus, String serial)
            throws IOException {
        String licence = LicenceId.of("11100000MB0341008E002", "11130900MB1601238N", serial, "001");
        Map<String, String> l = new LinkedHashMap<>();
        l.put("证照标识", licence);
        l.put("证照名称", "机动车驾驶证");
        l.put("证照类型名称", "机动车驾驶证");
        l.put("证照类型代码", "11100000MB0341008E002");
        l.put("证照编号", id);
        l.put("持证主体", name);
        l.put("持证主体代码", id);
        l.put("持证主体代码类型", "111");
        l.put("颁发机构", "沧州市公安局交通警察支队（演示）");
        l.put("颁发机构代码", "11130900MB1601238N");
        l.put("颁发日期", "2024-01-15");
        l.put("有效期起始日期", "2024-01-15");
        l.put("有效期截止日期", "2030-01-15");
        l.put("管辖属地编码", "130900");
        l.put("status", licenceStatus);
        String json = """
                {"caseId": "%s", "serviceItemCode": "11370300MB2857905E3370117002011", "serviceItemName": "危险化学品经营许可",
                 "mode": "remote-intake",
                 "applicant": {"type": "person", "name": "%s", "idNumber": "%s"},
                 "receivingRegion": "130900", "handlingRegions": ["370300"], "decidingAuthority": "11370300MB2857905E",
                 "delivery": "post",
                 "materials": [{"kind": "licence", "title": "机动车驾驶证", "licenceId": "%s", "holderCode": "%s"},
                   {"kind": "file", "title": "身份证复印件", "fileName": "%s-%s.pdf", "mediaType": "application/pdf", "size": 3,
                    "sm3": "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"},
                   {"kind": "commitment", "title": "经营场所承诺", "statement": "本人%s（身份证号%s）承诺经营场所真实。", "verifyBy": "2030-08-31"}],
                 "promisedWorkingDays": 15, "submittedAt": "%s"}
                """.formatted(caseId, name, id, licence, id, name, id, name, id,
                OffsetDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return new CrossRegionDemo.MoreCase(caseId, json, List.of(l));
    }

    private static java.io.OutputStream tee(java.io.OutputStream a, java.io.OutputStream b) {
        return new java.io.OutputStream() {
            @Override
            public void write(int c) throws IOException {
                a.write(c);
                b.write(c);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                a.write(buf, off, len);
                b.write(buf, off, len);
            }

            @Override
            public void flush() throws IOException {
                a.flush();
                b.flush();
            }
        };
    }

    /** {@code first17} with its GB 11643 check character. */
    static String idNumber(String first17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        String id = first17 + "10X98765432".charAt(sum % 11);
        assertThat(ResidentIdNumber.isValid(id)).isTrue();
        return id;
    }
}
