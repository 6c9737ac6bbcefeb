package cn.tongban.hub.adapters.registration;

import cn.tongban.hub.cases.CaseStatus;

/**
 * What the registration system made of a case: its status, and the registration number (受理编号) when it
 * registered the case (null otherwise). The canonical {@link CaseStatus} has no field for the number.
 */
public record RegistrationOutcome(String registrationNumber, CaseStatus status) {
}
