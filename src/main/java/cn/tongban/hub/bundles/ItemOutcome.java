package cn.tongban.hub.bundles;

import java.time.OffsetDateTime;
import java.util.List;

import cn.tongban.hub.cases.CaseState;

/**
 * What one department made of its item: a case state, or why there is none ({@code TIMED_OUT}, {@code FAILED},
 * {@code UNKNOWN_DEPARTMENT}), with reasons.
 */
public record ItemOutcome(String itemId, String department, String outcome, CaseState state, List<String> reasons,
                          OffsetDateTime at) {
    public static final String DECIDED = "DECIDED";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String FAILED = "FAILED";
    public static final String UNKNOWN_DEPARTMENT = "UNKNOWN_DEPARTMENT";

    public boolean decided() {
        return DECIDED.equals(outcome);
    }
}
