package cn.tongban.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.DeliveryMethod;
import cn.tongban.hub.cases.ServiceMode;
import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.TepClient;
import cn.tongban.hub.handling.CaseRegistry;
import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.store.OutboundRecord;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/**
 * The console in Debian's headless Chromium (src/test/e2e/console.e2e.mjs, playwright-core, installed by
 * scripts/install-browser-test-deps.sh): on a hub whose message to a peer that is down ended dead, a viewer
 * sees no resend button and is refused one; an operator logs in, searches the case, opens the trace, resends
 * the dead letter — a new message linked to the old one in the store — and the screenshot is not blank.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleEndToEndTest {
    static final String A = "370000";
    static final String B = "130000";
    static final String CASE = "CASE-E2E-1";
    static final String OVERDUE_CASE = "CASE-E2E-OVERDUE";
    static final Path SCRIPT = Path.of("src/test/e2e/console.e2e.mjs");

    @TempDir
    static Path tmp;
    HubFixture a;
    String dead;
    String delivered;

    @BeforeAll
    void aHubWithADeadLetter() throws Exception {
        LoopbackFederation f = LoopbackFederation.create(tmp.resolve("federation"), A, B);
        a = f.hub(A, tmp.resolve("data")).start(); // 130000 never starts: the message to it dies
        OutboundExchange out = a.bean(OutboundExchange.class);
        dead = out.submit(new OutboundRequest(B, null, "test.ping", null, CASE, null, "application/json",
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8), true, java.time.Duration.ofSeconds(2)));
        // a message this hub refuses: not TEP/1 at all, from a federation member's TLS identity (MALFORMED)
        TepClient.Response refused = f.clientAs(B)
                .post(URI.create(a.endpoint()), "not a message".getBytes(StandardCharsets.UTF_8), A);
        assertThat(refused.status()).isEqualTo(400);
        // a case accepted 60 days ago with a 3-working-day limit: overdue whatever today is
        CaseRegistry registry = a.bean(CaseRegistry.class);
        OffsetDateTime accepted = OffsetDateTime.now().minusDays(60);
        registry.open(new CaseSubmission(OVERDUE_CASE, "11370800MB285591843370117002011", "营业执照变更登记", ServiceMode.FULLY_ONLINE,
                null, "370300", List.of("130900"), "11370800MB28559184", DeliveryMethod.ONLINE, List.of(), 3, null),
                CaseRegistry.Role.HANDLING, B, null, accepted.minusHours(2));
        registry.status(OVERDUE_CASE, CaseRegistry.Role.HANDLING, "accepted", List.of(), null, accepted);
        OutboundStore store = a.bean(OutboundStore.class);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (store.find(dead).orElseThrow().status() != OutboundStatus.DEAD) {
            assertThat(System.nanoTime()).as("the message to a peer that is down ends dead").isLessThan(end);
            Thread.sleep(100);
        }
    }

    @AfterAll
    void stop() {
        if (a != null) {
            a.close();
        }
    }

    @Test
    @Order(1)
    void aViewerSeesNoResendButtonAndIsRefusedOne() throws Exception {
        JsonNode seen = runConsole(HubFixture.VIEWER, HubFixture.VIEWER_PASSWORD, "viewer");
        assertThat(seen.get("loginPage").asText()).isEqualTo("/login");
        assertThat(seen.get("rows").asInt()).isEqualTo(1);
        assertThat(seen.get("resendButtons").asInt()).isZero();
        assertThat(seen.get("viewerResendStatus").asInt()).isEqualTo(403);
        assertThat(a.bean(OutboundStore.class).resendOf(dead)).isEmpty();
    }

    @Test
    @Order(2)
    void anOperatorSearchesTracesAndResendsADeadLetter() throws Exception {
        JsonNode seen = runConsole(HubFixture.OPERATOR, HubFixture.OPERATOR_PASSWORD, "operator", CASE, dead);
        assertThat(seen.get("loginPage").asText()).isEqualTo("/login");
        assertThat(seen.get("account").asText()).contains(HubFixture.OPERATOR).contains("OPERATOR");
        assertThat(seen.get("deadCount").asInt()).isEqualTo(1);
        assertThat(texts(seen.get("partners"))).containsExactly(B);
        // the overdue panel lists the case over its time limit (GET /api/v1/time-limits?state=overdue)
        assertThat(seen.get("overdue").asText()).contains(OVERDUE_CASE).contains("OVERDUE").doesNotContain("not available");
        // refusals by code on both sides: this hub's own (from the audit trail) and peers'
        assertThat(seen.get("inboundRefusals").asText()).contains("MALFORMED").doesNotContain("None.");
        assertThat(texts(seen.get("found"))).containsExactly(dead);
        assertThat(texts(seen.get("tracedOutcomes"))).contains("RETRY").last().isEqualTo("DEAD");
        String resentAs = seen.get("resentAs").asText();
        assertThat(resentAs).isNotBlank().isNotEqualTo(dead);
        assertThat(seen.get("buttonsLeftForIt").asInt()).isZero();
        assertThat(seen.get("newTrace").asText()).contains(dead).contains(HubFixture.OPERATOR);
        assertThat(texts(seen.get("nodes"))).contains(A, B);
        assertThat(texts(seen.get("pageErrors"))).isEmpty();
        // in the store: one new message, linked to the old one, same content, made by this operator
        OutboundStore store = a.bean(OutboundStore.class);
        OutboundRecord old = store.find(dead).orElseThrow();
        OutboundRecord again = store.find(resentAs).orElseThrow();
        assertThat(again.resentFrom()).isEqualTo(dead);
        assertThat(again.plaintext()).isEqualTo(old.plaintext());
        assertThat(again.conv()).isEqualTo(CASE);
        assertThat(again.digest()).isNotEqualTo(old.digest());
        assertThat(store.resendOf(dead)).contains(resentAs);
        assertThat(store.resender(resentAs)).contains(HubFixture.OPERATOR);
        assertThat(store.search(new cn.tongban.hub.store.MessageSearch(null, null, null, null, null, CASE, 0, 10)).total()).isEqualTo(2);
        assertNotBlank(Path.of(seen.get("screenshot").asText()));
    }

    /** Runs the browser script; its JSON report. */
    private JsonNode runConsole(String user, String password, String mode, String... more) throws Exception {
        Path outDir = Files.createDirectories(tmp.resolve("e2e-" + mode));
        List<String> cmd = new ArrayList<>(List.of("node", SCRIPT.toString(), "http://127.0.0.1:" + a.apiPort, user, password,
                outDir.toString(), mode));
        cmd.addAll(List.of(more));
        Path stdout = outDir.resolve("stdout.txt");
        Path stderr = outDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the browser script did not finish in 180 s; stderr: " + Files.readString(stderr));
        }
        String report = Files.readString(stdout).trim();
        assertThat(p.exitValue()).as("exit code; stdout: %s; stderr: %s", report, Files.readString(stderr)).isZero();
        String last = report.substring(report.lastIndexOf('\n') + 1);
        JsonNode seen = TepJson.MAPPER.readTree(last);
        // kept beside the build's reports, for a person to look at
        Path kept = Files.createDirectories(Path.of("target", "console-e2e"));
        Path png = Path.of(seen.get("screenshot").asText());
        Files.copy(png, kept.resolve(png.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return seen;
    }

    /** A page, not a blank or single-colour picture: many colours, and a good share of pixels not white. */
    static void assertNotBlank(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("a PNG at " + png).isNotNull();
        assertThat(img.getWidth()).isGreaterThanOrEqualTo(800);
        Set<Integer> colours = new HashSet<>();
        long notWhite = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    notWhite++;
                }
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(50);
        assertThat((double) notWhite / ((long) img.getWidth() * img.getHeight())).as("share of pixels not white").isGreaterThan(0.2);
    }

    private static List<String> texts(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }
}
