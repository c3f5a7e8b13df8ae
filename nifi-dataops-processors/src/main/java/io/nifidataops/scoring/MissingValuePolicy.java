package io.nifidataops.scoring;

import org.apache.nifi.components.DescribedValue;

/** What to do with a record whose feature field is missing or null. */
public enum MissingValuePolicy implements DescribedValue {
    USE_DEFAULT_VALUE("Use Default Value", "The feature takes the configured default value and the record is scored"),
    SKIP_SCORING("Skip Scoring", "The record passes through unscored: its output fields are null"),
    ROUTE_TO_FAILURE("Route to Failure", "The FlowFile goes to failure, naming the record and the feature");

    private final String displayName;
    private final String description;

    MissingValuePolicy(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return name();
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
