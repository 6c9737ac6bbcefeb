package cn.tongban.hub.cases;

import java.time.OffsetDateTime;

/** The applicant's evaluation of the service (好差评), sent back to the handling region: 1 (very poor) to 5 (very good). */
public record ServiceEvaluation(String caseId, int rating, String comment, OffsetDateTime at) {
    /** The comment is the applicant's own words: only its length is shown. */
    @Override
    public String toString() {
        return "ServiceEvaluation[caseId=" + caseId + ", rating=" + rating + ", comment="
                + (comment == null ? "none" : comment.length() + " characters") + ", at=" + at + "]";
    }
}
