package cn.tongban.hub.cases;

import com.fasterxml.jackson.annotation.JsonValue;

/** The three cross-region service modes of 国办发〔2020〕35号 (shared/DOMAIN.md). */
public enum ServiceMode {
    /** 全程网办: online from application to delivery; the home authority decides remotely. */
    FULLY_ONLINE("fully-online", "全程网办"),
    /** 异地代收代办: a window elsewhere receives and checks, the competent authority decides (收受分离). */
    REMOTE_INTAKE("remote-intake", "异地代收代办"),
    /** 多地联办: one place accepts, authorities in several places handle it together. */
    JOINT_HANDLING("joint-handling", "多地联办");

    private final String code;
    private final String chinese;

    ServiceMode(String code, String chinese) {
        this.code = code;
        this.chinese = chinese;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public String chinese() {
        return chinese;
    }
}
