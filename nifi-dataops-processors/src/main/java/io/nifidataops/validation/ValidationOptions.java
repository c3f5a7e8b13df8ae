package io.nifidataops.validation;

import java.util.Objects;

/**
 * Run options chosen by the processor.
 *
 * @param resultFormat            detail level of each result unless an expectation sets its own {@code result_format}
 * @param includeUnexpectedValues whether record values (unexpected lists and counts, data-valued observations such
 *                                as min, max, median and distinct values) may appear in results; a suite cannot
 *                                turn this on
 * @param partialUnexpectedCount  length of the partial unexpected lists
 * @param maxTrackedValues        most values one expectation may keep in memory per run
 * @param minValuesForAggregates  fewest values a column aggregate (mean, sum, stdev, ...) must be computed from for its
 *                                observed value to be reported when record values may not be: a mean of one record is
 *                                that record's value
 */
public record ValidationOptions(ResultFormat resultFormat, boolean includeUnexpectedValues,
                                int partialUnexpectedCount, long maxTrackedValues, long minValuesForAggregates) {

    public static final long DEFAULT_MIN_VALUES_FOR_AGGREGATES = 10;

    public ValidationOptions {
        Objects.requireNonNull(resultFormat, "resultFormat");
        if (partialUnexpectedCount < 0) {
            throw new IllegalArgumentException("partialUnexpectedCount must not be negative: " + partialUnexpectedCount);
        }
        if (maxTrackedValues < 1) {
            throw new IllegalArgumentException("maxTrackedValues must be positive: " + maxTrackedValues);
        }
        if (minValuesForAggregates < 1) {
            throw new IllegalArgumentException("minValuesForAggregates must be positive: " + minValuesForAggregates);
        }
    }

    /** Options with the default aggregate threshold. */
    public ValidationOptions(final ResultFormat resultFormat, final boolean includeUnexpectedValues, final int partialUnexpectedCount,
                             final long maxTrackedValues) {
        this(resultFormat, includeUnexpectedValues, partialUnexpectedCount, maxTrackedValues, DEFAULT_MIN_VALUES_FOR_AGGREGATES);
    }

    public static ValidationOptions defaults() {
        return new ValidationOptions(ResultFormat.SUMMARY, false, 20, 1_000_000);
    }
}
