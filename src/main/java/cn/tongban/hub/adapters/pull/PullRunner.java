package cn.tongban.hub.adapters.pull;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The configured pulls by name: what the schedule routes ({@code routes/pulls.yaml}) call. Every instance of a
 * node fires the schedules; only the one holding the pull lock ({@link PullLeadership}) runs them.
 */
public class PullRunner {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PullRunner.class);
    private final Map<String, ScheduledPull> pulls = new LinkedHashMap<>();
    private final List<Consumer<PullReport>> listeners = new CopyOnWriteArrayList<>();
    private final PullLeadership leadership;

    public PullRunner(List<ScheduledPull> pulls) {
        this(pulls, PullLeadership.ALONE);
    }

    public PullRunner(List<ScheduledPull> pulls, PullLeadership leadership) {
        pulls.forEach(p -> this.pulls.put(p.name(), p));
        this.leadership = leadership;
    }

    /** One run of the named pull; BUSY if it is running already, ELSEWHERE if another instance runs the pulls. */
    public PullReport run(String name) {
        ScheduledPull p = pull(name);
        if (!leadership.held()) {
            LOG.debug("pull {}: another instance holds the pull lock, nothing to do here", name);
            var now = java.time.OffsetDateTime.now();
            return new PullReport(name, PullReport.Status.ELSEWHERE, now, now, 0, 0, 0, 0, List.of(), "another instance runs the pulls");
        }
        PullReport r = p.run();
        for (Consumer<PullReport> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                LOG.warn("a pull report listener failed on {}: {}", name, e.toString()); // the run stands
            }
        }
        return r;
    }

    /** Told of every run's report, BUSY ones too, as it ends (the hub's metrics count them). */
    public void onReport(Consumer<PullReport> listener) {
        listeners.add(listener);
    }

    public Optional<PullReport> lastReport(String name) {
        return pull(name).lastReport();
    }

    public Collection<String> names() {
        return pulls.keySet();
    }

    private ScheduledPull pull(String name) {
        ScheduledPull p = pulls.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no enabled pull named " + name);
        }
        return p;
    }
}
