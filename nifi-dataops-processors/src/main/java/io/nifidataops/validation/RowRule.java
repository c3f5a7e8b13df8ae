package io.nifidataops.validation;

/**
 * Judges one row for a row-level expectation within one run. Implementations may keep per-run state
 * (reusable matchers, uniqueness counts), so each run gets its own instance.
 */
interface RowRule {

    /** The row satisfies the expectation. */
    int EXPECTED = 0;
    /** The row is not considered (null value for column maps; {@code ignore_row_if} for multicolumn maps). */
    int MISSING = 1;
    /** The row breaks the expectation. */
    int UNEXPECTED = 2;
    /** The row breaks it because its value has a type the expectation cannot handle; fails it like GE's TypeError. */
    int TYPE_ERROR = 3;

    int test(RecordView row);

    /** What the report shows for an unexpected row: the value, or the values of several columns. */
    Object reportedValue(RecordView row);

    /** Describes what a TYPE_ERROR means for this expectation, e.g. "values must be strings". */
    default String typeErrorMessage() {
        return "values have a type this expectation cannot handle";
    }

    default boolean needsPreparation() {
        return false;
    }

    default void prepare(final RecordView row) {
    }
}
