package cn.tongban.hub.bundles;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;

import cn.tongban.hub.cases.CaseState;

/** The state of a whole bundle, derived from its items. */
public enum BundleState {
    /** Every item approved (or delivered): the results go out together. */
    APPROVED("approved"),
    /** Every item rejected. */
    REJECTED("rejected"),
    /** Some department did not answer in time or failed: the bundle needs an operator or a retry. */
    INCOMPLETE("incomplete"),
    /** Some department asks for more materials (补正). */
    MORE_MATERIALS_NEEDED("more-materials-needed"),
    /** Some items rejected, the others approved. */
    PARTIALLY_REJECTED("partially-rejected"),
    /** Decisions still to come (received, accepted, accepted with materials to follow). */
    IN_PROGRESS("in-progress");

    private final String code;

    BundleState(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /**
     * The one derivation rule, in order: all approved → APPROVED; all rejected → REJECTED; any without an
     * answer → INCOMPLETE; any asking for materials → MORE_MATERIALS_NEEDED; any rejected (rest approved) →
     * PARTIALLY_REJECTED; otherwise IN_PROGRESS.
     */
    public static BundleState of(List<ItemOutcome> items) {
        if (items.isEmpty()) {
            return IN_PROGRESS;
        }
        if (items.stream().allMatch(i -> i.decided() && (i.state() == CaseState.APPROVED || i.state() == CaseState.DELIVERED))) {
            return APPROVED;
        }
        if (items.stream().allMatch(i -> i.decided() && i.state() == CaseState.REJECTED)) {
            return REJECTED;
        }
        if (items.stream().anyMatch(i -> !i.decided())) {
            return INCOMPLETE;
        }
        if (items.stream().anyMatch(i -> i.state() == CaseState.MORE_MATERIALS_NEEDED)) {
            return MORE_MATERIALS_NEEDED;
        }
        boolean anyRejected = items.stream().anyMatch(i -> i.state() == CaseState.REJECTED);
        boolean restFinalPositive = items.stream().allMatch(i -> i.state() == CaseState.REJECTED
                || i.state() == CaseState.APPROVED || i.state() == CaseState.DELIVERED);
        return anyRejected && restFinalPositive ? PARTIALLY_REJECTED : IN_PROGRESS;
    }
}
