package cn.tongban.hub.bundles;

import java.util.List;

/** The bundle's results, together: its derived state and every item's outcome. */
public record BundleResult(String bundleId, String lifeEvent, BundleState state, List<ItemOutcome> items) {
}
