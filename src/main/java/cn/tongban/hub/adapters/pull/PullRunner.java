package cn.tongban.hub.adapters.pull;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured pulls by name: what the schedule routes ({@code routes/pulls.yaml}) call. */
public class PullRunner {
    private final Map<String, ScheduledPull> pulls = new LinkedHashMap<>();

    public PullRunner(List<ScheduledPull> pulls) {
        pulls.forEach(p -> this.pulls.put(p.name(), p));
    }

    /** One run of the named pull; BUSY if it is running already. */
    public PullReport run(String name) {
        return pull(name).run();
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
