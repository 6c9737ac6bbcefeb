package cn.tongban.hub.bundles;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.cases.CaseStatus;

/**
 * Fans a bundle out to its departments in parallel and waits for all of them, each up to its own
 * time-out, so that the results come back together; a slow or failing department costs only its own item.
 * Plain Java (a bean the Camel route calls): a per-branch time-out is what Camel's multicast lacks, its
 * time-out being one for the whole multicast.
 */
public class BundleDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(BundleDispatcher.class);

    private final Map<String, DepartmentSystem> departments;
    private final Map<String, Duration> timeouts;
    private final Duration defaultTimeout;
    private final ExecutorService pool;
    private final Clock clock;

    /**
     * @param timeouts per-department time-outs; departments not named use {@code defaultTimeout}
     */
    public BundleDispatcher(Map<String, DepartmentSystem> departments, Map<String, Duration> timeouts,
                            Duration defaultTimeout, ExecutorService pool, Clock clock) {
        this.departments = Map.copyOf(departments);
        this.timeouts = Map.copyOf(timeouts);
        this.defaultTimeout = defaultTimeout;
        this.pool = pool;
        this.clock = clock;
    }

    public BundleResult dispatch(BundleCase bundle) {
        List<CompletableFuture<ItemOutcome>> futures = new ArrayList<>();
        for (BundleCase.Item item : bundle.items()) {
            DepartmentSystem system = departments.get(item.department());
            if (system == null) {
                futures.add(CompletableFuture.completedFuture(new ItemOutcome(item.itemId(), item.department(),
                        ItemOutcome.UNKNOWN_DEPARTMENT, null, List.of("no system is configured for " + item.department()), now())));
                continue;
            }
            Duration limit = timeouts.getOrDefault(item.department(), defaultTimeout);
            futures.add(CompletableFuture.supplyAsync(() -> call(system, item), pool)
                    .orTimeout(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .exceptionally(e -> failed(item, e, limit)));
        }
        List<ItemOutcome> outcomes = futures.stream().map(CompletableFuture::join).toList();
        BundleState state = BundleState.of(outcomes);
        LOG.info("bundle {} ({}): {} over {} items", bundle.bundleId(), bundle.lifeEvent(), state, outcomes.size());
        return new BundleResult(bundle.bundleId(), bundle.lifeEvent(), state, outcomes);
    }

    private ItemOutcome call(DepartmentSystem system, BundleCase.Item item) {
        try {
            CaseStatus s = system.submit(item.caseSubmission());
            return new ItemOutcome(item.itemId(), item.department(), ItemOutcome.DECIDED, s.state(),
                    s.reasons() == null ? List.of() : s.reasons(), now());
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private ItemOutcome failed(BundleCase.Item item, Throwable e, Duration limit) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            return new ItemOutcome(item.itemId(), item.department(), ItemOutcome.TIMED_OUT, null,
                    List.of("no answer within " + limit.toMillis() + " ms"), now());
        }
        return new ItemOutcome(item.itemId(), item.department(), ItemOutcome.FAILED, null,
                List.of(String.valueOf(cause.getMessage())), now());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
