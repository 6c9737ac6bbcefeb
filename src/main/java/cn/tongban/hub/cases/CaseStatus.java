package cn.tongban.hub.cases;

import java.time.OffsetDateTime;
import java.util.List;

/** A change of a case's state ({@code case.status}), with the reasons and who decided it when. */
public record CaseStatus(String caseId, CaseState state, List<String> reasons, String decidedBy, OffsetDateTime at) {
}
