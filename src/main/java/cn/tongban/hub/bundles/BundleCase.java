package cn.tongban.hub.bundles;

import java.util.List;

import cn.tongban.hub.cases.CaseSubmission;

/**
 * A life event's bundle: {@code lifeEvent} (e.g. 开办餐饮店) and one item per department, each the canonical
 * case that department decides.
 */
public record BundleCase(String bundleId, String lifeEvent, List<Item> items) {
    /** One service item of the bundle, for {@code department}. */
    public record Item(String itemId, String department, CaseSubmission caseSubmission) {
    }
}
