package cn.tongban.hub.handling;

import cn.tongban.hub.cases.CaseStatus;
import cn.tongban.hub.cases.CaseSubmission;

/**
 * The system of the deciding authority (e.g. a ministry's registration system over SOAP). Throws for a
 * failure worth retrying (unreachable, time-out): the case stays on its queue and is redelivered.
 */
@FunctionalInterface
public interface DecidingSystem {
    CaseStatus submit(CaseSubmission c) throws Exception;
}
