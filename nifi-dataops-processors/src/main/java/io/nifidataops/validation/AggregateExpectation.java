package io.nifidataops.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A GE column aggregate expectation: accumulates one column's non-missing values over the run, then checks
 * the observed statistic. No single row breaks it, so it never makes a row invalid.
 */
final class AggregateExpectation extends BaseExpectation {

    /** Per-run accumulation of one statistic. */
    interface Accumulator {
        void accept(Object value);

        /** A considered row whose value is missing (null or NaN); most statistics ignore it. */
        default void acceptMissing() {
        }

        /** The statistic, or null when there is none (no values). */
        Object observed();

        /** Why no statistic can be computed (values of the wrong type), or null. */
        default String error() {
            return null;
        }

        /** Extra result details made of record values (reported only when values may be). */
        default Map<String, Object> valueDetails() {
            return Map.of();
        }

        /** Success decided by the statistic itself (KL divergence against its threshold), or null to apply the check. */
        default Boolean success() {
            return null;
        }

        /** Extra result details that hold no record values (reported from BASIC on, like the observed value). */
        default Map<String, Object> details() {
            return Map.of();
        }
    }

    @FunctionalInterface
    interface AccumulatorFactory {
        Accumulator create(RunContext context, String name);
    }

    private final String column;
    private final AccumulatorFactory accumulators;
    private final Predicate<Object> check;
    private final boolean observedIsData;

    /**
     * @param check          success given the observed statistic (null when there was none)
     * @param observedIsData whether the statistic is a record value (min, max, median, distinct values), which
     *                       is reported only when values may be
     */
    AggregateExpectation(final Kwargs kwargs, final AccumulatorFactory accumulators, final Predicate<Object> check,
                         final boolean observedIsData) {
        super(kwargs);
        this.column = kwargs.column();
        this.accumulators = accumulators;
        this.check = check;
        this.observedIsData = observedIsData;
    }

    private String name() {
        return config().type() + "(" + column + ")";
    }

    @Override
    public Evaluator newEvaluator(final RunContext context) {
        final String missing = absentColumns(context, List.of(column));
        return new AggregateEvaluator(missing == null ? accumulators.create(context, name()) : null, missing,
                format(context), context.options().minValuesForAggregates());
    }

    private final class AggregateEvaluator implements Evaluator {
        private final Accumulator accumulator;
        private final String absentColumns;
        private final ReportFormat reportFormat;
        private final long minValues;
        private long values;
        private long missingValues;

        AggregateEvaluator(final Accumulator accumulator, final String absentColumns, final ReportFormat reportFormat,
                           final long minValues) {
            this.accumulator = accumulator;
            this.absentColumns = absentColumns;
            this.reportFormat = reportFormat;
            this.minValues = minValues;
        }

        @Override
        public boolean evaluate(final RecordView row, final long index) {
            if (accumulator != null && selects(row)) {
                final Object value = row.value(column);
                if (!Values.isMissing(value)) {
                    accumulator.accept(value);
                    values++;
                } else {
                    accumulator.acceptMissing();
                    missingValues++;
                }
            }
            return false;
        }

        @Override
        public ExpectationResult finish() {
            if (accumulator == null) {
                return new ExpectationResult(config(), false, Map.of(), absentColumns);
            }
            if (accumulator.error() != null) {
                return new ExpectationResult(config(), false, Map.of(), name() + ": " + accumulator.error());
            }
            final Object observed = accumulator.observed();
            final Map<String, Object> result = new LinkedHashMap<>();
            if (reportFormat.includes(ResultFormat.BASIC) && !observedIsData && !reportFormat.withValues() && values < minValues) {
                // A statistic of a few values discloses them (the mean of one record is its value)
                result.put("details", Map.of("observed_value_withheld", "computed from %d value(s), fewer than the %d required to report it"
                        .formatted(values, minValues)));
            } else if (reportFormat.includes(ResultFormat.BASIC) && (!observedIsData || reportFormat.withValues())) {
                result.put("observed_value", observed);
                final Map<String, Object> details = new LinkedHashMap<>(accumulator.details());
                if (reportFormat.withValues()) {
                    details.putAll(accumulator.valueDetails());
                }
                if (!details.isEmpty()) {
                    result.put("details", details);
                }
            }
            if (reportFormat.includes(ResultFormat.COMPLETE)) {
                // GE's COMPLETE aggregate result also counts the rows considered and those without a value
                final long elements = values + missingValues;
                result.put("element_count", elements);
                result.put("missing_count", missingValues);
                result.put("missing_percent", elements == 0 ? null : missingValues * 100.0 / elements);
            }
            final Boolean decided = accumulator.success();
            return new ExpectationResult(config(), decided != null ? decided : check.test(observed), result, null);
        }
    }
}
