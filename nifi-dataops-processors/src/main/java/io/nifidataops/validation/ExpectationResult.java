package io.nifidataops.validation;

import java.util.Map;

/**
 * The outcome of one expectation.
 *
 * @param config           the expectation as configured
 * @param success          whether it held
 * @param result           GE's result dictionary for the effective result format (empty for BOOLEAN_ONLY)
 * @param exceptionMessage why it could not be evaluated normally (missing column, values of a type it cannot
 *                         handle), or null; reported as {@code exception_info}
 * @param rowLevel         true for column-map and multicolumn-map expectations, which judge each row
 * @param unexpectedCount  rows that broke a row-level expectation (every row when it could not be evaluated); 0 otherwise
 */
public record ExpectationResult(ExpectationConfiguration config, boolean success, Map<String, Object> result,
                                String exceptionMessage, boolean rowLevel, long unexpectedCount) {

    public ExpectationResult {
        result = JsonMaps.unmodifiable(result);
    }

    /** A non-row-level result (table, schema or aggregate expectation). */
    public ExpectationResult(final ExpectationConfiguration config, final boolean success,
                             final Map<String, Object> result, final String exceptionMessage) {
        this(config, success, result, exceptionMessage, false, 0);
    }
}
