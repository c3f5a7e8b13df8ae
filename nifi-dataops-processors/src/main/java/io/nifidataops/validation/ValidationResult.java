package io.nifidataops.validation;

import java.util.List;

/** The outcome of a suite on one FlowFile's records, shaped like GE's ExpectationSuiteValidationResult. */
public record ValidationResult(boolean success, String suiteName, List<ExpectationResult> results,
                               Statistics statistics) {

    public ValidationResult {
        results = List.copyOf(results);
    }

    static ValidationResult of(final String suiteName, final List<ExpectationResult> results) {
        final int successful = (int) results.stream().filter(ExpectationResult::success).count();
        return new ValidationResult(successful == results.size(), suiteName, results,
                Statistics.of(results.size(), successful));
    }

    /** Sum of unexpected rows over the row-level expectations (a row breaking two counts twice). */
    public long unexpectedCount() {
        return results.stream().filter(ExpectationResult::rowLevel).mapToLong(ExpectationResult::unexpectedCount).sum();
    }

    /** Whether every table, schema and aggregate expectation (the ones no single row can break) held. */
    public boolean tableLevelSuccess() {
        return results.stream().filter(r -> !r.rowLevel()).allMatch(ExpectationResult::success);
    }
}
