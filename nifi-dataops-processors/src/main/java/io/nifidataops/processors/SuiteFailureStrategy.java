package io.nifidataops.processors;

import io.nifidataops.DescribedOption;

/** What happens to records that passed every row-level expectation when the suite as a whole fails. */
public enum SuiteFailureStrategy implements DescribedOption {

    ROUTE_RECORDS_INDIVIDUALLY("Route Records Individually",
            "Each record goes to valid or invalid by its own row-level outcome (validation.outcome); both FlowFiles carry "
                    + "validation.batch.success=false, so a later step can still tell that the batch failed (a RouteToLakeZone zone rule "
                    + "on it can hold the whole batch back)."),
    ROUTE_ALL_TO_INVALID("Route All Records to Invalid",
            "When the suite fails (a table-level expectation, or a 'mostly' threshold), the records that passed every row-level "
                    + "expectation are routed to invalid too, unchanged, as a FlowFile of their own.");

    private final Text text;

    SuiteFailureStrategy(final String displayName, final String description) {
        this.text = new Text(displayName, description);
    }

    @Override
    public Text text() {
        return text;
    }
}
