package cn.tongban.hub.cases;

import java.time.OffsetDateTime;

/** The applicant's evaluation of the service (好差评), sent back to the handling region: 1 (very poor) to 5 (very good). */
public record ServiceEvaluation(String caseId, int rating, String comment, OffsetDateTime at) {
}
