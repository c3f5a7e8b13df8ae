package io.nifidataops.validation;

import java.util.List;
import java.util.Map;

/** GE column aggregate expectations: min, max, mean, sum, standard deviation, median, distinct values. */
final class ColumnAggregateExpectations {

    private ColumnAggregateExpectations() {
    }

    static void register(final Map<String, ExpectationFactory> factories) {
        factories.put("expect_column_min_to_be_between", k -> ranged(k, Bounds.Kind.SCALAR, (c, n) -> new Extreme(false), true));
        factories.put("expect_column_max_to_be_between", k -> ranged(k, Bounds.Kind.SCALAR, (c, n) -> new Extreme(true), true));
        factories.put("expect_column_mean_to_be_between", k -> ranged(k, Bounds.Kind.NUMBER, (c, n) -> new Moments(Moments.MEAN), false));
        factories.put("expect_column_sum_to_be_between", k -> ranged(k, Bounds.Kind.NUMBER, (c, n) -> new Moments(Moments.SUM), false));
        factories.put("expect_column_stdev_to_be_between", k -> ranged(k, Bounds.Kind.NUMBER, (c, n) -> new Moments(Moments.STDEV), false));
        factories.put("expect_column_median_to_be_between", k -> ranged(k, Bounds.Kind.NUMBER, (c, n) -> new Median(c.limit(), n), true));
        factories.put("expect_column_proportion_of_unique_values_to_be_between",
                k -> ranged(k, Bounds.Kind.NUMBER, (c, n) -> new DistinctValues(c.limit(), n, true), false));
        factories.put("expect_column_distinct_values_to_be_in_set", ColumnAggregateExpectations::distinctInSet);
    }

    static AggregateExpectation ranged(final Kwargs kwargs, final Bounds.Kind kind,
                                               final AggregateExpectation.AccumulatorFactory accumulators,
                                               final boolean observedIsData) {
        // GE refuses a range with neither bound: it would check nothing
        final Bounds bounds = Bounds.from(kwargs, kind, true);
        return new AggregateExpectation(kwargs, accumulators, bounds::contains, observedIsData);
    }

    /** Every distinct non-missing value must be in value_set; a null value_set holds vacuously, as in GE. */
    private static AggregateExpectation distinctInSet(final Kwargs kwargs) {
        final List<?> values = kwargs.optionalList("value_set");
        final ValueSet set = values == null ? null : new ValueSet(values);
        return new AggregateExpectation(kwargs, (c, n) -> new DistinctValues(c.limit(), n, false),
                observed -> set == null || ((List<?>) observed).stream().allMatch(set::contains), true);
    }

    /**
     * Statistics of numbers only: any other value makes the statistic an error, like pandas' TypeError.
     * Booleans count as 0 and 1, as numpy sums and averages them.
     */
    abstract static class NumericAccumulator implements AggregateExpectation.Accumulator {
        private String error;

        @Override
        public final void accept(final Object value) {
            if (value instanceof Number number) {
                acceptNumber(number);
            } else if (value instanceof Boolean b) {
                acceptNumber(b ? 1 : 0);
            } else if (error == null) {
                error = "values must be numbers (found a " + Values.typeName(value) + ")";
            }
        }

        abstract void acceptNumber(Number number);

        @Override
        public final String error() {
            return error;
        }
    }

    /** The smallest or largest value; values of kinds that cannot be ordered against each other are an error. */
    private static final class Extreme implements AggregateExpectation.Accumulator {
        private final boolean largest;
        private Object best;
        private String error;

        Extreme(final boolean largest) {
            this.largest = largest;
        }

        @Override
        public void accept(final Object value) {
            if (best == null) {
                best = value;
                return;
            }
            final int c = Values.compare(numeric(value, best), numeric(best, value));
            if (c == Values.INCOMPARABLE) {
                error = error != null ? error : "values of different kinds cannot be ordered (found a "
                        + Values.typeName(best) + " and a " + Values.typeName(value) + ")";
            } else if (largest ? c > 0 : c < 0) {
                best = value;
            }
        }

        /** Python orders True and False among numbers as 1 and 0; between themselves they compare as booleans. */
        private static Object numeric(final Object value, final Object other) {
            return value instanceof Boolean b && !(other instanceof Boolean) ? (Object) (b ? 1 : 0) : value;
        }

        @Override
        public Object observed() {
            return best;
        }

        @Override
        public String error() {
            return error;
        }
    }

    /** Sum, mean and sample standard deviation (pandas' ddof=1) in one pass (Welford's method). */
    private static final class Moments extends NumericAccumulator {
        static final int SUM = 0;
        static final int MEAN = 1;
        static final int STDEV = 2;

        private final int statistic;
        private long count;
        private double mean;
        private double squares;
        private double sum;
        private long integralSum;
        private boolean integral = true;

        Moments(final int statistic) {
            this.statistic = statistic;
        }

        @Override
        void acceptNumber(final Number number) {
            final double x = number.doubleValue();
            count++;
            final double delta = x - mean;
            mean += delta / count;
            squares += delta * (x - mean);
            sum += x;
            if (integral && Values.isIntegral(number)) {
                try {
                    integralSum = Math.addExact(integralSum, number.longValue());
                } catch (final ArithmeticException overflow) {
                    integral = false;
                }
            } else {
                integral = false;
            }
        }

        @Override
        public Object observed() {
            return switch (statistic) {
                case SUM -> integral ? (Object) integralSum : (Object) sum;
                case MEAN -> count == 0 ? null : sum / count;
                default -> count < 2 ? null : Math.sqrt(squares / (count - 1));
            };
        }
    }

    /** The median keeps every value, within the tracked-values limit. */
    private static final class Median extends NumericAccumulator {
        private final TrackedDoubles values;

        Median(final long limit, final String name) {
            this.values = new TrackedDoubles(limit, name, "to find the median");
        }

        @Override
        void acceptNumber(final Number number) {
            values.add(number);
        }

        @Override
        public Object observed() {
            final int count = values.count();
            if (count == 0) {
                return null;
            }
            final double[] sorted = values.sorted();
            return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
        }
    }
}
