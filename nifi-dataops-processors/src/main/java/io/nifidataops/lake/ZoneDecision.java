package io.nifidataops.lake;

import io.nifidataops.DataOpsAttributes;

import java.util.Map;
import java.util.Objects;

/**
 * The zone a FlowFile belongs to and why. {@code reason} names the rule that decided, never an attribute value,
 * so it is safe for provenance details.
 *
 * @param location null when no zone matched
 */
public record ZoneDecision(String zone, String reason, ZoneLocation location) {

    public ZoneDecision {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(reason, "reason");
    }

    static ZoneDecision unmatched(final String reason) {
        return new ZoneDecision(ZoneRules.UNMATCHED, reason, null);
    }

    public boolean matched() {
        return location != null;
    }

    /** lake.zone, lake.bucket and lake.prefix for a matched decision; empty when unmatched. */
    public Map<String, String> attributes() {
        return matched()
                ? Map.of(DataOpsAttributes.LAKE_ZONE, zone, DataOpsAttributes.LAKE_BUCKET, location.bucket(), DataOpsAttributes.LAKE_PREFIX, location.prefix())
                : Map.of();
    }
}
