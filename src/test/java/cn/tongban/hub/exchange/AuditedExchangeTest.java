package cn.tongban.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.cli.HubCommand;
import cn.tongban.hub.protocol.SealRequest;
import cn.tongban.hub.protocol.SealedMessage;
import cn.tongban.hub.store.OutboundStatus;
import cn.tongban.hub.store.OutboundStore;

/**
 * Two real hubs exchanging messages record each acceptance, send, verified receipt and refusal in their audit
 * trails, masked; {@code audit verify} finds both trails intact after the hubs stop, and a restart with another
 * setting records the configuration change by key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditedExchangeTest {
    static final String A = "370000";
    static final String B = "130000";
    static final String ID_NUMBER = "11010519491231002X";

    @TempDir
    static Path tmp;
    LoopbackFederation federation;
    HubFixture a;
    HubFixture b;

    @BeforeAll
    void startHubs() throws Exception {
        federation = LoopbackFederation.create(tmp.resolve("federation"), A, B);
        a = federation.hub(A, tmp.resolve("data")).start();
        b = federation.hub(B, tmp.resolve("data")).start();
    }

    @AfterAll
    void stopHubs() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    record Row(long seq, String kind, String actor, String subject, String detail) {
    }

    static List<Row> trail(HubFixture h) {
        return h.bean(JdbcTemplate.class).query("SELECT seq, kind, actor, subject, detail FROM audit_entry ORDER BY seq",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    static String[] verify(Path dataDir, Path cert) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HubCommand.execute(new String[] {"audit", "verify", "--data-dir", dataDir.toString(), "--cert", cert.toString()},
                new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void theExchangeIsRecordedMaskedAndVerifiesIntact() throws Exception {
        OutboundExchange out = a.bean(OutboundExchange.class);
        List<String> ids = new ArrayList<>(a.submitPings(B, 3, "audit"));
        // a careless sender puts the applicant's ID number in conv: the trail masks it
        byte[] body = ("{\"applicant\":{\"name\":\"张三\",\"idNumber\":\"" + ID_NUMBER + "\"}}").getBytes(StandardCharsets.UTF_8);
        ids.add(out.submit(OutboundRequest.json(B, "test.ping", "CASE-" + ID_NUMBER, body)));
        OutboundStore store = a.bean(OutboundStore.class);
        TwoHubExchangeTest.await("4 deliveries", Duration.ofSeconds(60), () -> ids.stream()
                .allMatch(id -> store.find(id).map(r -> r.status() == OutboundStatus.DELIVERED).orElse(false)));
        // refused: signed by 370000 but sent over 130000's own TLS identity (SENDER_MISMATCH)
        SealedMessage m = a.bean(NodeCredentials.class).sealer().seal(SealRequest.builder(A, B, "test.ping").body("{}".getBytes()).build());
        Path fed = federation.dir;
        TepClient.Response resp = federation.clientAs(B).post(URI.create(b.endpoint()), m.bytes(), B);
        assertThat(resp.status()).isEqualTo(403);

        List<Row> sender = trail(a);
        List<Row> receiver = trail(b);
        for (String id : ids) {
            assertThat(sender).filteredOn(r -> r.subject().equals(id)).extracting(Row::kind).containsExactly("SENT", "RECEIPT_VERIFIED");
            assertThat(sender).filteredOn(r -> r.subject().equals(id) && r.kind().equals("RECEIPT_VERIFIED"))
                    .extracting(Row::actor).containsExactly(B);
            assertThat(receiver).filteredOn(r -> r.subject().equals(A + "/" + id)).extracting(Row::kind, Row::actor)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("ACCEPTED", A));
        }
        assertThat(receiver).filteredOn(r -> r.kind().equals("REFUSED"))
                .anyMatch(r -> r.subject().equals(A + "/" + m.id()) && r.detail().startsWith("SENDER_MISMATCH"));
        for (List<Row> t : List.of(sender, receiver)) {
            assertThat(t.get(0).kind()).isEqualTo("CONFIGURATION_CHANGED");
            assertThat(t).extracting(Row::kind).contains("DIRECTORY_CHANGED");
            String all = t.toString();
            assertThat(all).doesNotContain(ID_NUMBER).doesNotContain("张三");
        }
        assertThat(receiver.toString()).contains("conv=CASE-110105********002X");

        // stopped (H2 allows one process), each trail verifies against its own node's certificate, not another's
        a.stop();
        b.stop();
        Path data = tmp.resolve("data");
        for (String node : List.of(A, B)) {
            String[] r = verify(data.resolve(node), fed.resolve(node + ".chain.pem"));
            assertThat(r[0]).as(String.join("\n", r)).isEqualTo("0");
            assertThat(r[1]).contains("intact");
        }
        String[] wrongKey = verify(data.resolve(A), fed.resolve(B + ".chain.pem"));
        assertThat(wrongKey[0]).isEqualTo("1");
        assertThat(wrongKey[1]).contains("FORGED checkpoint at seq");

        // a restart with another setting records which key changed, never its value
        a.set("tongban.audit.checkpoint-every", "7");
        a.start();
        List<Row> changes = trail(a).stream().filter(r -> r.kind().equals("CONFIGURATION_CHANGED")).toList();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).detail()).endsWith("changed: +tongban.audit.checkpoint-every");
        b.start();
    }
}
