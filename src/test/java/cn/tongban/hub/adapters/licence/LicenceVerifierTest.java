package cn.tongban.hub.adapters.licence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.cases.LicenceCheck;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;

/** The matching of answers to pending checks, and the responder's decisions, without hubs. */
class LicenceVerifierTest {
    static final String ID = LicenceLibraryClientTest.BUSINESS_LICENCE;
    static final String HOLDER = LicenceLibraryClientTest.ENTERPRISE;
    final Clock clock = Clock.systemUTC();

    /** Records what would be sent; {@code onSubmit} runs inside submit, before its id is returned. */
    static final class Recorder extends OutboundExchange {
        final List<OutboundRequest> sent = new ArrayList<>();
        Consumer<String> onSubmit = id -> { };
        SubmissionRefused refuse;

        Recorder() {
            super(null, null, null, null, null, null);
        }

        @Override
        public String submit(OutboundRequest r) throws SubmissionRefused {
            if (refuse != null) {
                throw refuse;
            }
            sent.add(r);
            String id = "msg-" + sent.size();
            onSubmit.accept(id);
            return id;
        }
    }

    static Map<String, Object> headers(String from, String id, String ref) {
        return ref == null ? Map.of("tepFrom", from, "tepId", id, "tepConv", "CASE-1")
                : Map.of("tepFrom", from, "tepId", id, "tepConv", "CASE-1", "tepRef", ref);
    }

    byte[] answer(String licenceId, LicenceVerdict v) {
        return LicenceJson.write(v.result(licenceId, "test", v == LicenceVerdict.VALID, Map.of("证照名称", "营业执照"), clock));
    }

    @Test
    void anAnswerCompletesTheCheckItReferencesOnlyFromTheNodeAsked() throws Exception {
        Recorder out = new Recorder();
        LicenceVerifier v = new LicenceVerifier(out, Duration.ofSeconds(30), 10, clock);
        CompletableFuture<LicenceCheck.Result> f = v.verifyRemote("370000", new LicenceCheck.Request(ID, HOLDER, "CASE-1", null));
        OutboundRequest sent = out.sent.get(0);
        assertThat(sent.to()).isEqualTo("370000");
        assertThat(sent.type()).isEqualTo("license.verify");
        assertThat(sent.conv()).isEqualTo("CASE-1");
        assertThat(sent.encrypt()).isTrue();
        assertThat(sent.lifetime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(LicenceJson.read(sent.body(), LicenceCheck.Request.class).holderCode()).isEqualTo(HOLDER);

        v.complete(answer(ID, LicenceVerdict.VALID), headers("440000", "r-0", "msg-1"));
        assertThat(f).isNotDone();
        v.complete(answer(ID, LicenceVerdict.VALID), headers("370000", "r-1", "msg-1"));
        assertThat(f.get(1, TimeUnit.SECONDS).valid()).isTrue();
        assertThat(f.get().metadata()).containsEntry("证照名称", "营业执照");
        // a repeated answer (redelivery at the responder) finds nobody waiting and changes nothing
        v.complete(answer(ID, LicenceVerdict.REVOKED), headers("370000", "r-2", "msg-1"));
        assertThat(f.get().status()).isEqualTo("valid");
        assertThat(v.pending()).isZero();
    }

    @Test
    void anAnswerThatOvertakesTheRegistrationOfItsRequestIsKept() throws Exception {
        Recorder out = new Recorder();
        LicenceVerifier v = new LicenceVerifier(out, Duration.ofSeconds(30), 10, clock);
        out.onSubmit = id -> v.complete(answer(ID, LicenceVerdict.WRONG_HOLDER), headers("370000", "r-1", id));
        CompletableFuture<LicenceCheck.Result> f = v.verifyRemote("370000", new LicenceCheck.Request(ID, HOLDER, null, null));
        assertThat(f.get(1, TimeUnit.SECONDS).status()).isEqualTo("wrong-holder");
    }

    @Test
    void noAnswerTimesOutAndAnAnswerAboutAnotherLicenceFails() throws Exception {
        Recorder out = new Recorder();
        LicenceVerifier v = new LicenceVerifier(out, Duration.ofMillis(200), 10, clock);
        CompletableFuture<LicenceCheck.Result> silent = v.verifyRemote("370000", new LicenceCheck.Request(ID, HOLDER, null, null));
        assertThatThrownBy(() -> silent.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(v.pending()).isZero();

        LicenceVerifier w = new LicenceVerifier(out, Duration.ofSeconds(30), 10, clock);
        CompletableFuture<LicenceCheck.Result> f = w.verifyRemote("370000", new LicenceCheck.Request(ID, HOLDER, null, null));
        w.complete(answer(LicenceLibraryClientTest.REVOKED, LicenceVerdict.VALID), headers("370000", "r", "msg-" + out.sent.size()));
        assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS)).hasMessageContaining("about another licence");
    }

    @Test
    void refusedSendsAndTooManyPendingChecksFailAtOnce() {
        Recorder out = new Recorder();
        LicenceVerifier v = new LicenceVerifier(out, Duration.ofSeconds(30), 1, clock);
        CompletableFuture<LicenceCheck.Result> first = v.verifyRemote("370000", new LicenceCheck.Request(ID, HOLDER, null, null));
        assertThat(first).isNotDone();
        assertThat(v.verifyRemote("370000", new LicenceCheck.Request(ID, HOLDER, null, null))).isCompletedExceptionally();
        v.close();
        assertThat(first).isCompletedExceptionally();
        out.refuse = new SubmissionRefused("NOT_AUTHORIZED", "no");
        assertThat(new LicenceVerifier(out, Duration.ofSeconds(30), 10, clock)
                .verifyRemote("370000", new LicenceCheck.Request(ID, HOLDER, null, null))).isCompletedExceptionally();
    }

    @Test
    void theResponderAnswersWithoutALibraryAndAMalformedRequest() throws Exception {
        Recorder out = new Recorder();
        LicenceVerifyResponder r = new LicenceVerifyResponder(null, out, 3, clock);
        r.handle(LicenceJson.write(new LicenceCheck.Request(ID, HOLDER, "CASE-1", null)), headers("130000", "q-1", null));
        OutboundRequest reply = out.sent.get(0);
        assertThat(reply.to()).isEqualTo("130000");
        assertThat(reply.type()).isEqualTo("license.verify.result");
        assertThat(reply.ref()).isEqualTo("q-1");
        assertThat(reply.conv()).isEqualTo("CASE-1");
        assertThat(reply.encrypt()).isTrue();
        assertThat(LicenceJson.read(reply.body(), LicenceCheck.Result.class).status()).isEqualTo("not-configured");
        r.handle("{\"licenceId\":".getBytes(), headers("130000", "q-2", null));
        assertThat(LicenceJson.read(out.sent.get(1).body(), LicenceCheck.Result.class).status()).isEqualTo("bad-request");
    }

    @Test
    void theBrokersDeliveryCountDecidesWhenToStopRetrying() {
        assertThat(LicenceVerifyResponder.deliveryCount(Map.of("JMSXDeliveryCount", 3))).isEqualTo(3);
        assertThat(LicenceVerifyResponder.deliveryCount(Map.of("JMSRedelivered", true))).isEqualTo(2);
        assertThat(LicenceVerifyResponder.deliveryCount(Map.of())).isEqualTo(1);
    }
}
