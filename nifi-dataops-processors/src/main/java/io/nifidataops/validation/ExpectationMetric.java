package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The statistics of one expectation in one run, as a data-quality metrics row: no record values. The observed value is
 * the report's own {@code observed_value} when it is a number (so it follows the same policy: data-valued observations
 * only with Include Unexpected Values, aggregates of few values withheld); other observations are left out.
 *
 * @param type            the expectation type
 * @param column          the column(s) it checks, comma-separated, or null for table expectations
 * @param success         whether it held
 * @param observedValue   the numeric observed value the report shows, or null
 * @param elementCount    the rows it considered when the result says so, else the run's row count
 * @param unexpectedCount the rows that broke it (row-level expectations), else 0
 * @param raisedException whether it could not be evaluated normally
 */
public record ExpectationMetric(String type, String column, boolean success, Double observedValue, long elementCount,
                                long unexpectedCount, boolean raisedException) {

    public static List<ExpectationMetric> of(final ValidationResult result, final long rowCount) {
        final List<ExpectationMetric> metrics = new ArrayList<>(result.results().size());
        for (final ExpectationResult expectation : result.results()) {
            final Map<String, Object> values = expectation.result();
            final Object observed = values.get("observed_value");
            final Object elements = values.get("element_count");
            metrics.add(new ExpectationMetric(expectation.config().type(), columns(expectation.config().kwargs()), expectation.success(),
                    observed instanceof Number n && !(observed instanceof Boolean) ? n.doubleValue() : null,
                    elements instanceof Number n ? n.longValue() : rowCount, expectation.unexpectedCount(),
                    expectation.exceptionMessage() != null));
        }
        return metrics;
    }

    /** The column kwargs GE uses: column, column_A and column_B, column_list. */
    static String columns(final Map<String, Object> kwargs) {
        if (kwargs.get("column") instanceof String column) {
            return column;
        }
        if (kwargs.get("column_A") instanceof String a && kwargs.get("column_B") instanceof String b) {
            return a + "," + b;
        }
        if (kwargs.get("column_list") instanceof List<?> list && !list.isEmpty()) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return null;
    }
}
