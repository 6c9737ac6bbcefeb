package cn.tongban.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.DeliveryMethod;
import cn.tongban.hub.cases.ServiceMode;
import cn.tongban.hub.exchange.FixedClock;
import cn.tongban.hub.exchange.HubFixture;
import cn.tongban.hub.exchange.LoopbackFederation;
import cn.tongban.hub.handling.CaseRegistry;
import cn.tongban.hub.protocol.TepJson;

/**
 * {@code GET /api/v1/time-limits} of a running hub, on its clock (fixed at the test's start) and its configured
 * calendar: the next 14 days are holidays, so a 1-working-day case accepted today is due on the first weekday
 * after them. Expected due days here are counted with a plain weekday loop, independent of the hub's calendar.
 */
class TimeLimitApiTest {
    static final String A = "370000";
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String ITEM = "11370800MB285591843370117002011";

    @TempDir
    Path tmp;

    @Test
    void overdueAndDueSoonCasesAreListedMostUrgentFirstAndCounted() throws Exception {
        LoopbackFederation federation = LoopbackFederation.create(tmp.resolve("federation"), A);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1); // after the federation's certificates
        LocalDate today = now.atZone(BEIJING).toLocalDate();
        try (HubFixture a = federation.hub(A, tmp.resolve("data")).withSource(FixedClock.class)
                .set("test.fixed-clock", now.toString()).set("tongban.metrics.refresh-interval", "200ms")) {
            for (int i = 1; i <= 14; i++) {
                a.set("tongban.time-limits.holidays[" + (i - 1) + "]", today.plusDays(i).toString());
            }
            a.set("tongban.time-limits.due-soon-working-days", "1");
            a.start();
            CaseRegistry registry = a.bean(CaseRegistry.class);
            OffsetDateTime t0 = now.atOffset(ZoneOffset.ofHours(8));
            accepted(registry, "TL-OVERDUE-1", CaseRegistry.Role.HANDLING, 5, t0.minusDays(40));
            accepted(registry, "TL-OVERDUE-2", CaseRegistry.Role.HANDLING, 3, t0.minusDays(60));
            accepted(registry, "TL-SOON", CaseRegistry.Role.HANDLING, 1, t0);
            accepted(registry, "TL-SOON", CaseRegistry.Role.RECEIVING, 1, t0.minusDays(50)); // listed once, as handled
            accepted(registry, "TL-ON-TIME", CaseRegistry.Role.HANDLING, 10, t0);
            accepted(registry, "TL-DONE", CaseRegistry.Role.HANDLING, 5, t0.minusDays(40));
            registry.status("TL-DONE", CaseRegistry.Role.HANDLING, "approved", List.of(), null, t0.minusDays(40).plusHours(1));
            registry.open(submission("TL-NEVER", 1), CaseRegistry.Role.HANDLING, "130000", null, t0.minusDays(40));

            ObjectNode overdue2 = item("TL-OVERDUE-2", t0.minusDays(60), weekdaysAfter(t0.minusDays(60), 3), "OVERDUE", today);
            ObjectNode overdue1 = item("TL-OVERDUE-1", t0.minusDays(40), weekdaysAfter(t0.minusDays(40), 5), "OVERDUE", today);
            LocalDate soonDue = weekdaysAfter(today.plusDays(14).atStartOfDay(BEIJING).toOffsetDateTime(), 1);
            ObjectNode soon = item("TL-SOON", t0, soonDue, "DUE_SOON", today).put("workingDaysLeft", 1);

            HttpResponse<String> r = api(a, "/api/v1/time-limits?state=overdue");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TepJson.read(r.body().getBytes())).isEqualTo(items(overdue2, overdue1));
            assertThat(TepJson.read(api(a, "/api/v1/time-limits?state=due-soon").body().getBytes())).isEqualTo(items(soon));
            assertThat(TepJson.read(api(a, "/api/v1/time-limits").body().getBytes())).isEqualTo(items(overdue2, overdue1, soon));

            HttpResponse<String> bad = api(a, "/api/v1/time-limits?state=late");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(TepJson.read(bad.body().getBytes()).get("errors").get(0).asText())
                    .isEqualTo("state must be overdue or due-soon, not 'late'");

            // a finished case shows whether it finished in time; a case never accepted has no time limit
            JsonNode done = TepJson.read(api(a, "/api/v1/cases/TL-DONE").body().getBytes()).get("sides").get(0).get("timeLimit");
            assertThat(done.get("state").asText()).isEqualTo("FINISHED_ON_TIME");
            assertThat(done.get("due").asText()).isEqualTo(weekdaysAfter(t0.minusDays(40), 5).toString());
            assertThat(TepJson.read(api(a, "/api/v1/cases/TL-NEVER").body().getBytes()).get("sides").get(0).has("timeLimit")).isFalse();

            cn.tongban.hub.ops.Scrape s = awaitGauges(a, 2, 1);
            assertThat(s.value("tongban_cases_overdue", Map.of("node", A))).isEqualTo(2.0);
            assertThat(s.value("tongban_cases_due_soon", Map.of("node", A))).isEqualTo(1.0);
        }
    }

    /** The one place this test calls the API: as the test hubs' viewer account (the time limits are a read). */
    static HttpResponse<String> api(HubFixture hub, String pathAndQuery) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort + pathAndQuery))
                .header("Authorization", HubFixture.VIEWER_AUTH).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void accepted(CaseRegistry registry, String caseId, CaseRegistry.Role role, int days, OffsetDateTime at) {
        registry.open(submission(caseId, days), role, "130000", null, at.minusHours(2));
        registry.status(caseId, role, "accepted", List.of(), null, at);
    }

    private static CaseSubmission submission(String caseId, int days) {
        return new CaseSubmission(caseId, ITEM, "营业执照变更登记", ServiceMode.FULLY_ONLINE, null, "370300", List.of("130900"),
                "11370800MB28559184", DeliveryMethod.ONLINE, List.of(), days, null);
    }

    /** The {@code n}-th Monday-to-Friday day after the day (in Beijing) of {@code from}. */
    private static LocalDate weekdaysAfter(OffsetDateTime from, int n) {
        LocalDate d = from.atZoneSameInstant(BEIJING).toLocalDate();
        while (n > 0) {
            d = d.plusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                n--;
            }
        }
        return d;
    }

    /** An item as the API lists it; an overdue one's days left are minus the weekdays since its due day. */
    private static ObjectNode item(String caseId, OffsetDateTime accepted, LocalDate due, String state, LocalDate today) {
        int since = 0;
        for (LocalDate d = due.plusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
            since += d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : 1;
        }
        return TepJson.MAPPER.createObjectNode().put("caseId", caseId).put("serviceItem", ITEM)
                .put("accepted", accepted.withOffsetSameInstant(ZoneOffset.ofHours(8)).toString().replaceFirst("(T\\d\\d:\\d\\d)(\\+)", "$1:00$2"))
                .put("due", due.toString()).put("state", state).put("workingDaysLeft", -since);
    }

    private static ObjectNode items(ObjectNode... items) {
        ObjectNode n = TepJson.MAPPER.createObjectNode();
        ArrayNode a = n.putArray("items");
        for (ObjectNode i : items) {
            a.add(i);
        }
        return n;
    }

    private static cn.tongban.hub.ops.Scrape awaitGauges(HubFixture hub, double overdue, double dueSoon) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            cn.tongban.hub.ops.Scrape s = cn.tongban.hub.ops.Scrape.of(hub.apiPort);
            if (s.value("tongban_cases_overdue", Map.of("node", hub.node)) == overdue
                    && s.value("tongban_cases_due_soon", Map.of("node", hub.node)) == dueSoon) {
                return s;
            }
            if (System.nanoTime() > end) {
                return s; // the assertions name what differs
            }
            Thread.sleep(200);
        }
    }
}
