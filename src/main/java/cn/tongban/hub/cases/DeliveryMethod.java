package cn.tongban.hub.cases;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the result reaches the applicant. */
public enum DeliveryMethod {
    POST("post"), ONLINE("online"), WINDOW("window");

    private final String code;

    DeliveryMethod(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
