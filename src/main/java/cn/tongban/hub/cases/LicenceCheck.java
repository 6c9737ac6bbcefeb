package cn.tongban.hub.cases;

import java.time.OffsetDateTime;
import java.util.Map;

/** A licence check ({@code license.verify}) and its answer. */
public final class LicenceCheck {
    private LicenceCheck() {
    }

    /** Is licence {@code licenceId} valid and held by {@code holderCode}? {@code caseId} says what for. */
    public record Request(String licenceId, String holderCode, String caseId, String purpose) {
        /** The holder may be a person: its code is masked. */
        @Override
        public String toString() {
            return "Request[" + licenceId + ", holder " + PersonalData.maskIdNumber(holderCode) + ", case " + caseId
                    + ", " + purpose + "]";
        }
    }

    /**
     * The answer: {@code valid} only when the library knows the licence, it is held by the holder asked
     * about, in force, and the library's SM2 signature over the licence data verified. {@code metadata} are
     * the GB/T 36903 fields (证照名称, 颁发机构, 有效期截止日期, …).
     */
    public record Result(String licenceId, boolean valid, String status, String reason, boolean signatureVerified,
                         Map<String, String> metadata, OffsetDateTime checkedAt) {
    }
}
