package cn.tongban.hub.cases;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A case crossing regions ({@code case.submit}): who applies for which service item, in which mode, where it
 * was received ({@code receivingRegion}), where it is handled ({@code handlingRegions}), which authority
 * decides (its credit code), how the result is delivered, with which materials, and within how many working
 * days it was promised (承诺时限).
 */
public record CaseSubmission(
        String caseId,
        String serviceItemCode,
        String serviceItemName,
        ServiceMode mode,
        Applicant applicant,
        String receivingRegion,
        List<String> handlingRegions,
        String decidingAuthority,
        DeliveryMethod delivery,
        List<Material> materials,
        int promisedWorkingDays,
        OffsetDateTime submittedAt) {
}
