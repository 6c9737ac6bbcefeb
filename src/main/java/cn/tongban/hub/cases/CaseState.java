package cn.tongban.hub.cases;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a case stands at the handling authority. */
public enum CaseState {
    RECEIVED("received"),
    ACCEPTED("accepted"),
    /** 容缺受理: accepted with materials to follow. */
    ACCEPTED_PENDING_MATERIALS("accepted-pending-materials"),
    /** 补正: more materials needed before acceptance. */
    MORE_MATERIALS_NEEDED("more-materials-needed"),
    APPROVED("approved"),
    REJECTED("rejected"),
    DELIVERED("delivered");

    private final String code;

    CaseState(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public boolean isFinal() {
        return this == REJECTED || this == DELIVERED;
    }
}
