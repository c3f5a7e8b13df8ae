package io.nifidataops.processors;

import org.apache.nifi.components.DescribedValue;

/** What happens to records that passed every row-level expectation when the suite as a whole fails. */
public enum SuiteFailureStrategy implements DescribedValue {

    ROUTE_RECORDS_INDIVIDUALLY("Route Records Individually",
            "Each record goes to valid or invalid by its own row-level outcome; both FlowFiles carry validation.success=false "
                    + "so a later step (for example RouteToLakeZone) can quarantine the whole batch."),
    ROUTE_ALL_TO_INVALID("Route All Records to Invalid",
            "When the suite fails (a table-level expectation, or a 'mostly' threshold), the records that passed every row-level "
                    + "expectation are routed to invalid too, unchanged, as a FlowFile of their own.");

    private final String displayName;
    private final String description;

    SuiteFailureStrategy(final String displayName, final String description) {
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
