package io.nifidataops.lake;

import io.nifidataops.DataOpsAttributes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides the lake zone of a FlowFile from its attributes. Checked in this order, first match wins:
 * <ol>
 *     <li>user zones, in the configured order: their rule is true</li>
 *     <li>quarantine: {@code validation.outcome=invalid} (the invalid records of ValidateRecordExpectations); without
 *     {@code validation.outcome}: {@code validation.success=false} or {@code validation.unexpected.count > 0}</li>
 *     <li>curated: the curated rule is configured and true</li>
 *     <li>structured: {@code validation.outcome=valid}, or without it {@code validation.success=true}</li>
 *     <li>raw: no validation attributes at all</li>
 *     <li>unmatched: anything else, e.g. a {@code validation.success} that is neither true nor false</li>
 * </ol>
 * User zones come first so that a rule such as {@code sensitivity=restricted} keeps data in its protected zone
 * even when it failed validation. Rules themselves (Expression Language) are evaluated by the caller through
 * {@code ruleMatches}, so this class needs no NiFi and evaluates only the rules it reaches.
 */
public final class ZoneRules {

    public static final String RAW = "raw";
    public static final String QUARANTINE = "quarantine";
    public static final String STRUCTURED = "structured";
    public static final String CURATED = "curated";
    public static final String UNMATCHED = "unmatched";
    public static final List<String> BUILT_IN_ZONES = List.of(RAW, QUARANTINE, STRUCTURED, CURATED);

    // Zone names become relationship names, S3 prefixes and Glue-friendly identifiers: keep them plain.
    private static final Pattern ZONE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    private final List<String> userZones;
    private final Map<String, ZoneLocation> locations;
    private final boolean curatedRule;

    /**
     * @param userZones user-defined zones in the order their rules are checked
     * @param locations the location of every built-in and user zone
     * @param curatedRule whether a curated rule is configured ({@code ruleMatches} is asked for {@link #CURATED})
     */
    public ZoneRules(final List<String> userZones, final Map<String, ZoneLocation> locations, final boolean curatedRule) {
        this.userZones = List.copyOf(userZones);
        this.locations = Map.copyOf(locations);
        this.curatedRule = curatedRule;
        for (final String zone : allZones()) {
            if (!this.locations.containsKey(zone)) {
                throw new IllegalArgumentException("No location for zone " + zone);
            }
        }
    }

    /**
     * @param attributes the FlowFile's attributes
     * @param ruleMatches evaluates the rule of a user zone, or the curated rule, for this FlowFile
     */
    public ZoneDecision decide(final Map<String, String> attributes, final Predicate<String> ruleMatches) {
        for (final String zone : userZones) {
            if (ruleMatches.test(zone)) {
                return decision(zone, "rule of zone " + zone);
            }
        }
        // validation.outcome judges the FlowFile's own records, so it outranks the batch's validation.success
        final String outcome = strip(attributes.get(DataOpsAttributes.VALIDATION_OUTCOME));
        if ("invalid".equalsIgnoreCase(outcome)) {
            return decision(QUARANTINE, DataOpsAttributes.VALIDATION_OUTCOME + "=invalid");
        }
        if ("valid".equalsIgnoreCase(outcome)) {
            return curatedRule && ruleMatches.test(CURATED)
                    ? decision(CURATED, "curated rule")
                    : decision(STRUCTURED, DataOpsAttributes.VALIDATION_OUTCOME + "=valid");
        }
        if (outcome != null) {
            return ZoneDecision.unmatched(DataOpsAttributes.VALIDATION_OUTCOME + " is neither valid nor invalid");
        }
        final String success = attributes.get(DataOpsAttributes.VALIDATION_SUCCESS);
        final String unexpected = attributes.get(DataOpsAttributes.VALIDATION_UNEXPECTED_COUNT);
        final Long unexpectedCount = parseCount(unexpected);
        if ("false".equalsIgnoreCase(strip(success))) {
            return decision(QUARANTINE, DataOpsAttributes.VALIDATION_SUCCESS + "=false");
        }
        if (unexpectedCount != null && unexpectedCount > 0) {
            return decision(QUARANTINE, DataOpsAttributes.VALIDATION_UNEXPECTED_COUNT + ">0");
        }
        if (unexpected != null && unexpectedCount == null) {
            return ZoneDecision.unmatched(DataOpsAttributes.VALIDATION_UNEXPECTED_COUNT + " is not a count");
        }
        if (curatedRule && ruleMatches.test(CURATED)) {
            return decision(CURATED, "curated rule");
        }
        if ("true".equalsIgnoreCase(strip(success))) {
            return decision(STRUCTURED, DataOpsAttributes.VALIDATION_SUCCESS + "=true");
        }
        if (success == null && unexpected == null) {
            return decision(RAW, "no validation attributes");
        }
        return ZoneDecision.unmatched(success == null ? DataOpsAttributes.VALIDATION_SUCCESS + " is missing" : DataOpsAttributes.VALIDATION_SUCCESS + " is neither true nor false");
    }

    public List<String> userZones() {
        return userZones;
    }

    /** Built-in zones first, then user zones in rule order. */
    public List<String> allZones() {
        final List<String> zones = new ArrayList<>(BUILT_IN_ZONES);
        zones.addAll(userZones);
        return zones;
    }

    public ZoneLocation location(final String zone) {
        return locations.get(zone);
    }

    /**
     * Rule order of user zones: those named in {@code explicitOrder} first, in that order, then the rest
     * alphabetically. (NiFi does not keep dynamic properties in the order they were added.)
     */
    public static List<String> ruleOrder(final Collection<String> zones, final List<String> explicitOrder) {
        final Set<String> ordered = new LinkedHashSet<>();
        for (final String zone : explicitOrder) {
            if (zones.contains(zone)) {
                ordered.add(zone);
            }
        }
        zones.stream().sorted().forEach(ordered::add);
        return List.copyOf(ordered);
    }

    /** Why {@code name} cannot be a user zone, or null if it can. */
    public static String invalidZoneName(final String name) {
        if (!ZONE_NAME.matcher(name).matches()) {
            return "a zone name starts with a lowercase letter and has up to 63 lowercase letters, digits, '_' or '-'";
        }
        if (BUILT_IN_ZONES.contains(name) || UNMATCHED.equals(name)) {
            return "'" + name + "' is a built-in zone or relationship";
        }
        return null;
    }

    private ZoneDecision decision(final String zone, final String reason) {
        return new ZoneDecision(zone, reason, locations.get(zone));
    }

    private static Long parseCount(final String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String strip(final String value) {
        return value == null ? null : value.strip();
    }
}
