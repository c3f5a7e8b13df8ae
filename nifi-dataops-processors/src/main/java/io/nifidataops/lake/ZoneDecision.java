package io.nifidataops.lake;

import java.util.Map;
import java.util.Objects;

/**
 * The zone a FlowFile belongs to and why. {@code reason} names the rule that decided, never an attribute value,
 * so it is safe for provenance details.
 *
 * @param location null when no zone matched
 */
public record ZoneDecision(String zone, String reason, ZoneLocation location) {

    public static final String ZONE = "lake.zone";
    public static final String BUCKET = "lake.bucket";
    public static final String PREFIX = "lake.prefix";

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
        return matched() ? Map.of(ZONE, zone, BUCKET, location.bucket(), PREFIX, location.prefix()) : Map.of();
    }
}
