package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * GE column aggregate expectations on a column's distribution: distinct-value sets, most common value, unique
 * and non-null counts, quantiles and KL divergence. Everything that grows with the data (distinct values,
 * the values quantiles are taken from) is bounded by the tracked-values limit.
 */
final class DistributionExpectations {

    private static final Set<String> INTERPOLATIONS = Set.of("linear", "lower", "higher", "midpoint", "nearest");

    private DistributionExpectations() {
    }

    static void register(final Map<String, ExpectationFactory> factories) {
        factories.put("expect_column_distinct_values_to_contain_set", k -> distinctSet(k, false));
        factories.put("expect_column_distinct_values_to_equal_set", k -> distinctSet(k, true));
        factories.put("expect_column_most_common_value_to_be_in_set", DistributionExpectations::mostCommon);
        factories.put("expect_column_unique_value_count_to_be_between", k -> ColumnAggregateExpectations.ranged(k,
                Bounds.Kind.NUMBER, (c, n) -> new OfDistinct(new DistinctValues(c.limit(), n, false), DistinctValues::distinctCount), false));
        factories.put("expect_column_proportion_of_non_null_values_to_be_between", k -> ColumnAggregateExpectations.ranged(k,
                Bounds.Kind.NUMBER, (c, n) -> new NonNullShare(), false));
        factories.put("expect_column_quantile_values_to_be_between", DistributionExpectations::quantiles);
        factories.put("expect_column_kl_divergence_to_be_less_than", KlDivergence::expectation);
    }

    /** GE requires value_set here (it takes set() of it); observed are the sorted distinct values. */
    private static AggregateExpectation distinctSet(final Kwargs kwargs, final boolean equal) {
        final List<?> expected = kwargs.list("value_set");
        final ValueSet set = new ValueSet(expected);
        return new AggregateExpectation(kwargs, (c, n) -> new DistinctValues(c.limit(), n, false), observed -> {
            final List<?> distinct = (List<?>) observed;
            final ValueSet seen = new ValueSet(distinct);
            final boolean containsAll = expected.stream().allMatch(v -> seen.contains(v) || containsTemporal(distinct, v));
            return containsAll && (!equal || distinct.stream().allMatch(set::contains));
        }, true);
    }

    /** A value_set string such as "2024-01-31" also stands for that date among date values. */
    private static boolean containsTemporal(final List<?> distinct, final Object wanted) {
        if (!(wanted instanceof String s)) {
            return false;
        }
        final ValueSet one = new ValueSet(List.of(s));
        return distinct.stream().anyMatch(one::contains);
    }

    /** With ties_okay any mode may be in value_set; without it there must be one mode, in the set. */
    private static AggregateExpectation mostCommon(final Kwargs kwargs) {
        final List<?> values = kwargs.optionalList("value_set");
        final ValueSet set = new ValueSet(values == null ? List.of() : values);
        final boolean tiesOkay = kwargs.bool("ties_okay", false);
        return new AggregateExpectation(kwargs, (c, n) -> new OfDistinct(new DistinctValues(c.limit(), n, false), DistinctValues::modes), observed -> {
            final List<?> modes = (List<?>) observed;
            final long inSet = modes.stream().filter(set::contains).count();
            return tiesOkay ? inSet > 0 : modes.size() == 1 && inSet == 1;
        }, true);
    }

    /** The column's distinct values (bounded by maxTrackedValues) and what an expectation observes of them. */
    private record OfDistinct(DistinctValues values, Function<DistinctValues, Object> observation) implements AggregateExpectation.Accumulator {

        @Override
        public void accept(final Object value) {
            values.accept(value);
        }

        @Override
        public Object observed() {
            return observation.apply(values);
        }
    }

    /** Non-missing values over all considered rows (GE: nonnull count / row count). */
    private static final class NonNullShare implements AggregateExpectation.Accumulator {
        private long present;
        private long missing;

        @Override
        public void accept(final Object value) {
            present++;
        }

        @Override
        public void acceptMissing() {
            missing++;
        }

        @Override
        public Object observed() {
            return present + missing == 0 ? null : (double) present / (present + missing);
        }
    }

    private static AggregateExpectation quantiles(final Kwargs kwargs) {
        final Object raw = kwargs.raw("quantile_ranges");
        if (!(raw instanceof Map<?, ?> ranges) || !(ranges.get("quantiles") instanceof List<?> qs)
                || !(ranges.get("value_ranges") instanceof List<?> vrs)) {
            throw kwargs.wrongType("quantile_ranges", "an object with lists 'quantiles' and 'value_ranges'", raw);
        }
        if (qs.size() != vrs.size()) {
            throw kwargs.error("quantile_ranges must give as many value_ranges (" + vrs.size() + ") as quantiles ("
                    + qs.size() + ")");
        }
        final double[] quantiles = new double[qs.size()];
        final Double[][] bounds = new Double[qs.size()][];
        for (int i = 0; i < quantiles.length; i++) {
            if (!(qs.get(i) instanceof Number q) || q.doubleValue() < 0 || q.doubleValue() > 1) {
                throw kwargs.wrongType("quantile_ranges.quantiles[" + i + "]", "a number between 0 and 1", qs.get(i));
            }
            quantiles[i] = q.doubleValue();
            if (!(vrs.get(i) instanceof List<?> range) || range.size() != 2
                    || !range.stream().allMatch(b -> b == null || b instanceof Number)) {
                throw kwargs.wrongType("quantile_ranges.value_ranges[" + i + "]", "a pair [min, max] of numbers or nulls", vrs.get(i));
            }
            bounds[i] = new Double[] {bound(range.get(0)), bound(range.get(1))};
        }
        final String interpolation = interpolation(kwargs);
        final List<Object> quantileList = List.copyOf(qs);
        return new AggregateExpectation(kwargs, (c, n) -> new Quantiles(c.limit(), n, quantiles, quantileList,
                bounds, interpolation), observed -> Boolean.FALSE, true);
    }

    private static Double bound(final Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    /** GE on pandas reads allow_relative_error as quantile()'s interpolation; false or absent means nearest. */
    private static String interpolation(final Kwargs kwargs) {
        final Object value = kwargs.raw("allow_relative_error");
        if (value == null || Boolean.FALSE.equals(value)) {
            return "nearest";
        }
        if (value instanceof String s && INTERPOLATIONS.contains(s.toLowerCase(Locale.ROOT))) {
            return s.toLowerCase(Locale.ROOT);
        }
        throw kwargs.wrongType("allow_relative_error", "false or one of " + INTERPOLATIONS.stream().sorted().toList(), value);
    }

    /** Keeps every value (within the limit), then takes the quantiles as pandas' Series.quantile does. */
    private static final class Quantiles extends ColumnAggregateExpectations.NumericAccumulator {
        private final TrackedDoubles values;
        private final double[] quantiles;
        private final List<Object> quantileList;
        private final Double[][] bounds;
        private final String interpolation;
        private List<Boolean> successDetails;

        Quantiles(final long limit, final String name, final double[] quantiles, final List<Object> quantileList,
                  final Double[][] bounds, final String interpolation) {
            this.values = new TrackedDoubles(limit, name, "to find quantiles");
            this.quantiles = quantiles;
            this.quantileList = quantileList;
            this.bounds = bounds;
            this.interpolation = interpolation;
        }

        @Override
        void acceptNumber(final Number number) {
            values.add(number);
        }

        @Override
        public Object observed() {
            final double[] sorted = values.sorted();
            final int count = sorted.length;
            final List<Double> found = new ArrayList<>();
            successDetails = new ArrayList<>();
            for (int i = 0; i < quantiles.length; i++) {
                final double value = count == 0 ? Double.NaN : quantile(sorted, quantiles[i], interpolation);
                found.add(value);
                successDetails.add(within(value, bounds[i][0], bounds[i][1]));
            }
            final Map<String, Object> observed = new LinkedHashMap<>();
            observed.put("quantiles", quantileList);
            observed.put("values", found);
            return observed;
        }

        @Override
        public Boolean success() {
            if (successDetails == null) {
                observed();
            }
            return successDetails.stream().allMatch(Boolean::booleanValue);
        }

        @Override
        public Map<String, Object> details() {
            if (successDetails == null) {
                observed();
            }
            return Map.of("success_details", List.copyOf(successDetails));
        }
    }

    /** numpy's quantile methods on sorted values; "nearest" rounds half to even, as numpy does. */
    static double quantile(final double[] sorted, final double q, final String interpolation) {
        final double position = q * (sorted.length - 1);
        final int lower = (int) Math.floor(position);
        final int upper = Math.min(lower + 1, sorted.length - 1);
        final double fraction = position - lower;
        return switch (interpolation) {
            case "lower" -> sorted[lower];
            case "higher" -> sorted[fraction == 0 ? lower : upper];
            case "midpoint" -> fraction == 0 ? sorted[lower] : (sorted[lower] + sorted[upper]) / 2;
            case "nearest" -> sorted[(int) Math.rint(position)];
            default -> sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
        };
    }

    /** GE: inside [min, max] (null is unbounded), or within a relative 1e-4 of either end. */
    private static boolean within(final double value, final Double min, final Double max) {
        final double lo = min == null ? Double.NEGATIVE_INFINITY : min;
        final double hi = max == null ? Double.POSITIVE_INFINITY : max;
        return isClose(value, lo) || isClose(value, hi) || lo <= value && value <= hi;
    }

    /** numpy.isclose with rtol 1e-4 and its default atol. */
    static boolean isClose(final double a, final double b) {
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return Math.abs(a - b) <= 1e-8 + 1e-4 * Math.abs(b);
    }

    /** Keys a categorical partition's values the way pandas aligns an index: by equal value. */
    static Map<Object, Integer> positions(final List<?> values) {
        final Map<Object, Integer> positions = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            positions.putIfAbsent(Values.key(values.get(i)), i);
        }
        return positions;
    }
}
