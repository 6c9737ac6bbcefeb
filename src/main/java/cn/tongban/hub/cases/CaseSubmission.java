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

    /** Spelled out so that personal data stays masked (the applicant's and materials' own toString mask it). */
    @Override
    public String toString() {
        return "CaseSubmission[caseId=" + caseId + ", serviceItemCode=" + serviceItemCode + ", serviceItemName="
                + serviceItemName + ", mode=" + mode + ", applicant=" + applicant + ", receivingRegion=" + receivingRegion
                + ", handlingRegions=" + handlingRegions + ", decidingAuthority=" + decidingAuthority + ", delivery="
                + delivery + ", materials=" + materials + ", promisedWorkingDays=" + promisedWorkingDays
                + ", submittedAt=" + submittedAt + "]";
    }
}
