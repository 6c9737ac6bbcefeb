package cn.tongban.hub.bundles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import cn.tongban.hub.cases.Applicant;
import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.DeliveryMethod;
import cn.tongban.hub.cases.Material;
import cn.tongban.hub.cases.ServiceMode;

/** 一件事一次办: fan-out in parallel, per-department time-outs, every item's outcome, the derived state. */
class BundleDispatcherTest {
    static final ExecutorService POOL = Executors.newFixedThreadPool(8);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static CaseSubmission caseFor(String id, String item) {
        return new CaseSubmission(id, item, "餐饮服务许可", ServiceMode.FULLY_ONLINE,
                new Applicant.Organisation("沧州小吃店", "91350200776049653A"), "130900", List.of("130900"),
                "11370800MB28559184", DeliveryMethod.ONLINE,
                List.of(new Material.Licence("营业执照", "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F", "91350200776049653A")),
                20, OffsetDateTime.parse("2026-11-24T10:00:00+08:00"));
    }

    static BundleCase restaurant(String... departments) {
        List<BundleCase.Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < departments.length; i++) {
            items.add(new BundleCase.Item("item-" + i, departments[i], caseFor("B1-" + i, "1137080" + i)));
        }
        return new BundleCase("B1", "开办餐饮店", items);
    }

    static DepartmentSystem answering(CaseState s) {
        return c -> new CaseStatus(c.caseId(), s, s == CaseState.REJECTED ? List.of("不符合条件") : List.of(), "dept", OffsetDateTime.now());
    }

    @Test
    void departmentsAreAskedInParallelAndTheResultsComeBackTogether() {
        // each department waits until all three are being asked at once: only a parallel fan-out finishes
        CountDownLatch allAsked = new CountDownLatch(3);
        DepartmentSystem waitsForOthers = c -> {
            allAsked.countDown();
            if (!allAsked.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("asked one after the other");
            }
            return new CaseStatus(c.caseId(), CaseState.APPROVED, List.of(), "dept", OffsetDateTime.now());
        };
        BundleDispatcher d = new BundleDispatcher(Map.of("market", waitsForOthers, "food", waitsForOthers, "fire", waitsForOthers),
                Map.of(), Duration.ofSeconds(20), POOL, Clock.systemUTC());
        BundleResult r = d.dispatch(restaurant("market", "food", "fire"));
        assertThat(r.state()).isEqualTo(BundleState.APPROVED);
        assertThat(r.items()).extracting(ItemOutcome::state).containsOnly(CaseState.APPROVED);
        assertThat(r.items()).extracting(ItemOutcome::itemId).containsExactly("item-0", "item-1", "item-2");
    }

    @Test
    void aSlowOrFailingDepartmentCostsOnlyItsOwnItem() {
        CountDownLatch never = new CountDownLatch(1);
        DepartmentSystem slow = c -> {
            never.await(30, TimeUnit.SECONDS);
            return answering(CaseState.APPROVED).submit(c);
        };
        DepartmentSystem broken = c -> {
            throw new java.io.IOException("connection refused");
        };
        BundleDispatcher d = new BundleDispatcher(Map.of("market", answering(CaseState.APPROVED), "fire", slow, "health", broken),
                Map.of("fire", Duration.ofMillis(300)), Duration.ofSeconds(20), POOL, Clock.systemUTC());
        BundleResult r = d.dispatch(restaurant("market", "fire", "health", "tax"));
        never.countDown();
        assertThat(r.items()).extracting(ItemOutcome::outcome)
                .containsExactly(ItemOutcome.DECIDED, ItemOutcome.TIMED_OUT, ItemOutcome.FAILED, ItemOutcome.UNKNOWN_DEPARTMENT);
        assertThat(r.items().get(1).reasons()).singleElement().asString().contains("300 ms");
        assertThat(r.items().get(2).reasons()).singleElement().asString().contains("connection refused");
        assertThat(r.state()).isEqualTo(BundleState.INCOMPLETE);
    }

    @Test
    void theBundleStateIsDerivedFromItsItems() {
        assertThat(state(CaseState.APPROVED, CaseState.DELIVERED)).isEqualTo(BundleState.APPROVED);
        assertThat(state(CaseState.REJECTED, CaseState.REJECTED)).isEqualTo(BundleState.REJECTED);
        assertThat(state(CaseState.APPROVED, CaseState.REJECTED)).isEqualTo(BundleState.PARTIALLY_REJECTED);
        assertThat(state(CaseState.APPROVED, CaseState.MORE_MATERIALS_NEEDED, CaseState.REJECTED)).isEqualTo(BundleState.MORE_MATERIALS_NEEDED);
        assertThat(state(CaseState.APPROVED, CaseState.ACCEPTED)).isEqualTo(BundleState.IN_PROGRESS);
        assertThat(state(CaseState.APPROVED, CaseState.ACCEPTED_PENDING_MATERIALS)).isEqualTo(BundleState.IN_PROGRESS);
        List<ItemOutcome> withTimeout = List.of(decided(CaseState.APPROVED),
                new ItemOutcome("x", "d", ItemOutcome.TIMED_OUT, null, List.of(), OffsetDateTime.now()));
        assertThat(BundleState.of(withTimeout)).isEqualTo(BundleState.INCOMPLETE);
        assertThat(BundleState.of(List.of())).isEqualTo(BundleState.IN_PROGRESS);
    }

    @Test
    void departmentsOverHttpAnswerThroughTheSimulator() throws Exception {
        try (DepartmentSimulator sim = new DepartmentSimulator(0, Map.of(
                "market", DepartmentSimulator.Behaviour.approve(50),
                "food", new DepartmentSimulator.Behaviour(CaseState.MORE_MATERIALS_NEEDED, 50, false, "缺少健康证明"),
                "fire", new DepartmentSimulator.Behaviour(CaseState.APPROVED, 0, true, null)))) {
            HttpClient http = HttpClient.newHttpClient();
            Map<String, DepartmentSystem> systems = Map.of(
                    "market", new HttpDepartmentSystem(http, java.net.URI.create(sim.url("market")), Duration.ofSeconds(5)),
                    "food", new HttpDepartmentSystem(http, java.net.URI.create(sim.url("food")), Duration.ofSeconds(5)),
                    "fire", new HttpDepartmentSystem(http, java.net.URI.create(sim.url("fire")), Duration.ofSeconds(5)));
            BundleResult r = new BundleDispatcher(systems, Map.of(), Duration.ofSeconds(10), POOL, Clock.systemUTC())
                    .dispatch(restaurant("market", "food", "fire"));
            assertThat(r.items()).extracting(ItemOutcome::state).containsExactly(CaseState.APPROVED, CaseState.MORE_MATERIALS_NEEDED, null);
            assertThat(r.items().get(1).reasons()).containsExactly("缺少健康证明");
            assertThat(r.items().get(2).outcome()).isEqualTo(ItemOutcome.FAILED);
            assertThat(r.state()).isEqualTo(BundleState.INCOMPLETE);
            // the JSON a window gets back round-trips
            BundleResult back = BundleJson.read(BundleService.write(r), BundleResult.class);
            assertThat(back).isEqualTo(r);
        }
    }

    private static ItemOutcome decided(CaseState s) {
        return new ItemOutcome("i", "d", ItemOutcome.DECIDED, s, List.of(), OffsetDateTime.parse("2026-11-24T10:00:00+08:00"));
    }

    private static BundleState state(CaseState... states) {
        return BundleState.of(java.util.Arrays.stream(states).map(BundleDispatcherTest::decided).toList());
    }
}
