package io.nifidataops.scoring;

import io.nifidataops.DescribedOption;

/** What to do with a record whose feature field is missing or null. */
public enum MissingValuePolicy implements DescribedOption {
    USE_DEFAULT_VALUE("Use Default Value", "The feature takes the configured default value and the record is scored"),
    SKIP_SCORING("Skip Scoring", "The record passes through unscored: its output fields are null"),
    ROUTE_TO_FAILURE("Route to Failure", "The FlowFile goes to failure, naming the record and the feature");

    private final Text text;

    MissingValuePolicy(final String displayName, final String description) {
        this.text = new Text(displayName, description);
    }

    @Override
    public Text text() {
        return text;
    }
}
