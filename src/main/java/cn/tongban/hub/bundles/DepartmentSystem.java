package cn.tongban.hub.bundles;

import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;

/** One department's case-handling system, as the fan-out sees it. Blocking; may throw on failure. */
@FunctionalInterface
public interface DepartmentSystem {
    CaseStatus submit(CaseSubmission c) throws Exception;
}
