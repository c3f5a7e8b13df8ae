package io.nifidataops.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An anomaly check of one dataset metric against its history: the row count, a column's null rate (share of considered
 * rows whose value is null or NaN) or a column's mean. The expectation holds while the history is shorter than
 * {@code min_history} (default 5); after that, the new value must lie within the history's mean +/- {@code max_deviations}
 * (default 3) sample standard deviations and, when {@code max_change_rate} is given, differ from the last value by at
 * most that fraction of it. The run records the new value (see {@link SuiteRun#observedMetrics()}); a mean of fewer
 * values than the aggregate threshold is judged but not recorded, since it is close to a record value.
 */
final class HistoryExpectation extends BaseExpectation {

    enum Metric {
        ROW_COUNT("row_count"), NULL_RATE("null_rate"), MEAN("mean");

        private final String key;

        Metric(final String key) {
            this.key = key;
        }
    }

    private final Metric metric;
    private final String column;
    private final double maxDeviations;
    private final Double maxChangeRate;
    private final long minHistory;

    HistoryExpectation(final Kwargs kwargs, final Metric metric) {
        super(kwargs);
        this.metric = metric;
        this.column = metric == Metric.ROW_COUNT ? null : kwargs.column();
        final Number deviations = kwargs.optionalNumber("max_deviations");
        this.maxDeviations = deviations == null ? 3 : deviations.doubleValue();
        if (!(maxDeviations > 0) || Double.isInfinite(maxDeviations)) {
            throw kwargs.wrongType("max_deviations", "a positive number", deviations);
        }
        final Number rate = kwargs.optionalNumber("max_change_rate");
        if (rate != null && !(rate.doubleValue() >= 0 && Double.isFinite(rate.doubleValue()))) {
            throw kwargs.wrongType("max_change_rate", "a non-negative number", rate);
        }
        this.maxChangeRate = rate == null ? null : rate.doubleValue();
        final Long min = kwargs.optionalInteger("min_history");
        if (min != null && min < 2) {
            throw kwargs.wrongType("min_history", "an integer of at least 2", min);
        }
        this.minHistory = min == null ? 5 : min;
    }

    /** The metric's name within its suite, e.g. {@code mean(heart_rate)}: with the suite's name, its history key. */
    String metricName() {
        return column == null ? metric.key : metric.key + "(" + column + ")";
    }

    @Override
    public Evaluator newEvaluator(final RunContext context) {
        final String missing = absentColumns(context, column == null ? List.of() : List.of(column));
        final ReportFormat format = format(context);
        return new Evaluator() {
            private long rows;
            private long missingValues;
            private long values;
            private double sum;
            private String typeError;

            @Override
            public boolean evaluate(final RecordView row, final long index) {
                if (missing != null || !selects(row)) {
                    return false;
                }
                rows++;
                if (column == null) {
                    return false;
                }
                final Object value = row.value(column);
                if (Values.isMissing(value)) {
                    missingValues++;
                } else if (metric == Metric.MEAN) {
                    if (value instanceof Number n) {
                        sum += n.doubleValue();
                        values++;
                    } else if (value instanceof Boolean b) {
                        sum += b ? 1 : 0;
                        values++;
                    } else if (typeError == null) {
                        typeError = "values must be numbers (found a " + Values.typeName(value) + ")";
                    }
                }
                return false;
            }

            @Override
            public ExpectationResult finish() {
                if (missing != null) {
                    return new ExpectationResult(config(), false, Map.of(), missing);
                }
                if (typeError != null) {
                    return new ExpectationResult(config(), false, Map.of(), config().type() + "(" + column + "): " + typeError);
                }
                final Double observed = switch (metric) {
                    case ROW_COUNT -> (double) rows;
                    case NULL_RATE -> rows == 0 ? null : (double) missingValues / rows;
                    case MEAN -> values == 0 ? null : sum / values;
                };
                final String key = context.metricKey(metricName());
                final List<Double> history = context.environment().metricHistory().values(key);
                final Map<String, Object> details = NifiExtensions.summary(history);
                final boolean success = observed != null && judge(observed, history, details);
                final long basis = metric == Metric.MEAN ? values : rows;
                final boolean disclosing = metric != Metric.ROW_COUNT && basis < context.options().minValuesForAggregates();
                if (observed != null && !(metric == Metric.MEAN && disclosing)) {
                    context.observedMetrics().put(key, observed);
                }
                final Map<String, Object> result = new LinkedHashMap<>();
                if (format.includes(ResultFormat.BASIC)) {
                    if (disclosing && !format.withValues()) {
                        result.put("details", Map.of("observed_value_withheld", "computed from %d value(s), fewer than the %d required to report it"
                                .formatted(basis, context.options().minValuesForAggregates())));
                    } else {
                        result.put("observed_value", metric == Metric.ROW_COUNT ? (Object) rows : observed);
                        details.put("metric", key);
                        result.put("details", details);
                    }
                }
                return new ExpectationResult(config(), success, result, null);
            }
        };
    }

    private boolean judge(final double observed, final List<Double> history, final Map<String, Object> details) {
        if (history.size() < minHistory) {
            details.put("history_too_short", "fewer than %d earlier values: not judged yet".formatted(minHistory));
            return true;
        }
        final double mean = (Double) details.get("history_mean");
        final double stdev = (Double) details.get("history_stdev");
        final double lower = mean - maxDeviations * stdev;
        final double upper = mean + maxDeviations * stdev;
        details.put("lower_bound", lower);
        details.put("upper_bound", upper);
        boolean success = observed >= lower && observed <= upper;
        if (maxChangeRate != null) {
            final double last = history.getLast();
            final double change = last == 0 ? (observed == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(observed - last) / Math.abs(last);
            details.put("change_rate", Double.isFinite(change) ? change : null);
            details.put("max_change_rate", maxChangeRate);
            success &= change <= maxChangeRate;
        }
        return success;
    }
}
