package cn.tongban.hub.handling;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.tongban.hub.cases.TimeLimit;

/**
 * The cases whose promised time limit (承诺时限) runs, against the hub's calendar, as of now: what the API lists,
 * the console shows and the metrics count. Due days are computed on every call from the acceptance time and
 * the configured calendar, never stored, so that a holiday list corrected later applies to running cases.
 * A case this hub took both sides of is listed once, as the handling side sees it (that side decides it).
 */
public class TimeLimitBoard {
    /** One running case and where it stands. */
    public record Entry(String caseId, CaseRegistry.Role role, String serviceItemCode, OffsetDateTime acceptedAt, TimeLimit limit) {
    }

    /** How many running cases are over, and how many due soon. */
    public record Counts(long overdue, long dueSoon) {
    }

    private final CaseRegistry registry;
    private final TimeLimit.Rules rules;
    private final Clock clock;

    public TimeLimitBoard(CaseRegistry registry, TimeLimit.Rules rules, Clock clock) {
        this.registry = registry;
        this.rules = rules;
        this.clock = clock;
    }

    public TimeLimit.Rules rules() {
        return rules;
    }

    /** Every running case, most urgent first (earliest due day, then case id). */
    public List<Entry> running() {
        Map<String, Entry> byCase = new LinkedHashMap<>();
        for (CaseRegistry.CaseRecord r : registry.running()) {
            Entry e = new Entry(r.caseId(), r.role(), r.serviceItemCode(), r.acceptedAt(),
                    rules.evaluate(r.acceptedAt(), r.promisedWorkingDays(), null, clock.instant()));
            byCase.merge(r.caseId(), e, (a, b) -> a.role() == CaseRegistry.Role.HANDLING ? a : b);
        }
        List<Entry> out = new ArrayList<>(byCase.values());
        out.sort(Comparator.comparing((Entry e) -> e.limit().due()).thenComparing(Entry::caseId));
        return out;
    }

    /** The running cases in {@code state} (OVERDUE or DUE_SOON; ON_TIME works too). */
    public List<Entry> inState(TimeLimit.State state) {
        return running().stream().filter(e -> e.limit().state() == state).toList();
    }

    public Counts counts() {
        long overdue = 0;
        long dueSoon = 0;
        for (Entry e : running()) {
            if (e.limit().state() == TimeLimit.State.OVERDUE) {
                overdue++;
            } else if (e.limit().state() == TimeLimit.State.DUE_SOON) {
                dueSoon++;
            }
        }
        return new Counts(overdue, dueSoon);
    }

    /** The time limit of one case on one side, running or finished; empty if it was never accepted. */
    public Optional<TimeLimit> of(CaseRegistry.CaseRecord r) {
        if (r.acceptedAt() == null) {
            return Optional.empty();
        }
        return Optional.of(rules.evaluate(r.acceptedAt(), r.promisedWorkingDays(), r.finishedAt(), clock.instant()));
    }
}
