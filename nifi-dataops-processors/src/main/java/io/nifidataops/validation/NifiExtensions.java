package io.nifidataops.validation;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nifi-dataops extension expectations: checks data teams add on top of Great Expectations, in the same suite
 * format, their types prefixed {@code expect_nifi_} so that they can never be mistaken for (or collide with) a GE type.
 * <ul>
 *   <li>{@code expect_nifi_column_newest_value_to_be_fresh}: the newest timestamp of a column is at most
 *       {@code max_age} (ISO-8601 duration) older than the validation time</li>
 *   <li>{@code expect_nifi_column_values_to_be_in_reference_set}: each value is in the named reference set (a NiFi
 *       lookup service configured on the processor)</li>
 *   <li>{@code expect_nifi_table_row_count_to_be_within_history}, {@code expect_nifi_column_null_rate_to_be_within_history},
 *       {@code expect_nifi_column_mean_to_be_within_history}: the metric stays within the mean +/- {@code max_deviations}
 *       standard deviations of its earlier values and, with {@code max_change_rate}, changes from the last value by at
 *       most that fraction</li>
 * </ul>
 */
final class NifiExtensions {

    static final String PREFIX = "expect_nifi_";
    static final String FRESHNESS = "expect_nifi_column_newest_value_to_be_fresh";
    static final String REFERENCE_SET = "expect_nifi_column_values_to_be_in_reference_set";
    static final String HISTORY_SUFFIX = "_to_be_within_history";
    static final String ROW_COUNT_HISTORY = "expect_nifi_table_row_count" + HISTORY_SUFFIX;
    static final String NULL_RATE_HISTORY = "expect_nifi_column_null_rate" + HISTORY_SUFFIX;
    static final String MEAN_HISTORY = "expect_nifi_column_mean" + HISTORY_SUFFIX;

    private NifiExtensions() {
    }

    static void register(final Map<String, ExpectationFactory> factories) {
        factories.put(FRESHNESS, NifiExtensions::freshness);
        factories.put(REFERENCE_SET, NifiExtensions::referenceSet);
        factories.put(ROW_COUNT_HISTORY, k -> new HistoryExpectation(k, HistoryExpectation.Metric.ROW_COUNT));
        factories.put(NULL_RATE_HISTORY, k -> new HistoryExpectation(k, HistoryExpectation.Metric.NULL_RATE));
        factories.put(MEAN_HISTORY, k -> new HistoryExpectation(k, HistoryExpectation.Metric.MEAN));
    }

    /**
     * The newest timestamp is a record value, so it (and the age, from which it follows) is reported only when values
     * may be; without values the result says only whether the column is fresh. Naive timestamps are taken as UTC.
     */
    private static AggregateExpectation freshness(final Kwargs kwargs) {
        final Duration maxAge = duration(kwargs, "max_age");
        return new AggregateExpectation(kwargs, (context, name) -> new Newest(context.environment().validationTime()
                .atOffset(ZoneOffset.UTC).toLocalDateTime(), maxAge), observed -> false, true);
    }

    static Duration duration(final Kwargs kwargs, final String key) {
        final String text = kwargs.string(key);
        try {
            final Duration duration = Duration.parse(text);
            if (!duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (final DateTimeParseException e) {
            // reported below
        }
        throw kwargs.wrongType(key, "a positive ISO-8601 duration such as \"PT6H\" or \"P1D\"", text);
    }

    /** The newest date-time of a column (temporal values or ISO-8601 text); anything else is an error. */
    private static final class Newest implements AggregateExpectation.Accumulator {
        private final LocalDateTime now;
        private final Duration maxAge;
        private LocalDateTime newest;
        private String error;

        Newest(final LocalDateTime now, final Duration maxAge) {
            this.now = now;
            this.maxAge = maxAge;
        }

        @Override
        public void accept(final Object value) {
            final Object comparable = value instanceof String text ? Temporals.parse(text) : Temporals.comparable(value);
            if (comparable instanceof LocalDateTime time) {
                if (newest == null || time.isAfter(newest)) {
                    newest = time;
                }
            } else if (error == null) {
                error = "values must be dates or date-times (found a " + Values.typeName(value) + " that is not one)";
            }
        }

        @Override
        public Object observed() {
            return newest == null ? null : newest.toString();
        }

        @Override
        public String error() {
            return error;
        }

        @Override
        public Boolean success() {
            return newest != null && !newest.isBefore(now.minus(maxAge));
        }

        @Override
        public Map<String, Object> details() {
            return Map.of("max_age", maxAge.toString(), "validation_time", now.toString());
        }

        @Override
        public Map<String, Object> valueDetails() {
            return newest == null ? Map.of() : Map.of("age", Duration.between(newest, now).toString());
        }
    }

    /**
     * Each non-null value (as text: numbers plainly, dates in ISO-8601) must be in the named reference set. Lookups are
     * remembered for the run, up to Maximum Tracked Values distinct values. A set that is not configured, or whose
     * service fails, makes the FlowFile fail rather than its records invalid: the data was not judged.
     */
    private static MapExpectation referenceSet(final Kwargs kwargs) {
        final String setName = kwargs.string("reference_set");
        return ColumnMapExpectations.column(kwargs, (context, label) -> {
            final ReferenceSets.ReferenceSet set = context.environment().referenceSets().find(setName);
            if (set == null) {
                throw new ReferenceLookupException(label + " needs the reference set '" + setName + "', which is not configured"
                        + (context.environment().referenceSets().names().isEmpty() ? " (no reference sets are configured)"
                        : " (configured: " + String.join(", ", new java.util.TreeSet<>(context.environment().referenceSets().names())) + ")"));
            }
            final Map<String, Boolean> known = new HashMap<>();
            final long limit = context.limit();
            return value -> {
                if (value instanceof Map || value instanceof List || value instanceof Object[] || value instanceof byte[]) {
                    return RowRule.TYPE_ERROR;
                }
                final String text = Values.text(value);
                Boolean found = known.get(text);
                if (found == null) {
                    found = set.contains(text);
                    if (known.size() < limit) {
                        known.put(text, found);
                    }
                }
                return ColumnMapExpectations.outcome(found);
            };
        }, "values must be single values (not records, arrays or bytes) to be looked up");
    }

    /** Mean and sample standard deviation of a history. */
    static Map<String, Object> summary(final List<Double> history) {
        final Map<String, Object> summary = new LinkedHashMap<>();
        double mean = 0;
        double squares = 0;
        int n = 0;
        for (final double x : history) {
            n++;
            final double delta = x - mean;
            mean += delta / n;
            squares += delta * (x - mean);
        }
        summary.put("history_size", n);
        summary.put("history_mean", n == 0 ? null : mean);
        summary.put("history_stdev", n < 2 ? null : Math.sqrt(squares / (n - 1)));
        return summary;
    }
}
