package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * expect_column_kl_divergence_to_be_less_than as GE computes it on pandas: the column's observed distribution
 * against a given {@code partition_object}, either categorical ({@code values}, {@code weights}) or continuous
 * ({@code bins}, {@code weights}, optional {@code tail_weights}), with GE's tail and internal weight holdouts.
 * A continuous partition needs only a count per bin; a categorical one the distinct values (bounded).
 * Without a partition_object GE compares the column with a partition built from itself (always 0), which
 * this implementation refuses at compile time.
 */
final class KlDivergence {

    private final boolean categorical;
    private final List<?> values;
    private final double[] bins;
    private final double[] weights;
    private final double[] tailWeights;
    private final Double threshold;
    private final double tailHoldout;
    private final double internalHoldout;

    private KlDivergence(final boolean categorical, final List<?> values, final double[] bins, final double[] weights,
                         final double[] tailWeights, final Double threshold, final double tailHoldout,
                         final double internalHoldout) {
        this.categorical = categorical;
        this.values = values;
        this.bins = bins;
        this.weights = weights;
        this.tailWeights = tailWeights;
        this.threshold = threshold;
        this.tailHoldout = tailHoldout;
        this.internalHoldout = internalHoldout;
    }

    static AggregateExpectation expectation(final Kwargs kwargs) {
        final KlDivergence kl = compile(kwargs);
        return new AggregateExpectation(kwargs, (c, n) -> kl.categorical
                ? kl.new Categorical(new DistinctValues(c.limit(), n, false)) : kl.new Continuous(),
                observed -> Boolean.FALSE, false);
    }

    /** Checks the kwargs as GE does before computing (GE raises ValueError; here the suite is refused). */
    private static KlDivergence compile(final Kwargs kwargs) {
        final Object raw = kwargs.raw("partition_object");
        final boolean bucketize = kwargs.bool("bucketize_data", true);
        final Number thresholdValue = kwargs.optionalNumber("threshold");
        final double tail = holdout(kwargs, "tail_weight_holdout");
        final double internal = holdout(kwargs, "internal_weight_holdout");
        if (raw == null) {
            throw kwargs.error("partition_object is required: without it GE compares the column with a partition built"
                    + " from the column itself, which always gives 0");
        }
        if (!(raw instanceof Map<?, ?> partition) || !(partition.get("weights") instanceof List<?> weightList)) {
            throw kwargs.wrongType("partition_object", "an object with 'weights' and either 'values' or 'bins'", raw);
        }
        if (thresholdValue != null && thresholdValue.doubleValue() < 0) {
            throw kwargs.error("threshold must not be negative");
        }
        final double[] weights = numbers(kwargs, "partition_object.weights", weightList);
        final double[] tailWeights = partition.get("tail_weights") instanceof List<?> t
                ? numbers(kwargs, "partition_object.tail_weights", t) : null;
        if (tail != 0 && tailWeights != null) {
            throw kwargs.error("tail_weight_holdout must be 0 when the partition_object has tail_weights");
        }
        final Double threshold = thresholdValue == null ? null : thresholdValue.doubleValue();
        if (partition.get("values") instanceof List<?> values) {
            if (values.size() != weights.length || !sumsToOne(weights)) {
                throw kwargs.error("partition_object is not a valid categorical partition: as many weights as values,"
                        + " summing to 1");
            }
            if (internal > 0) {
                throw kwargs.error("internal_weight_holdout cannot be used with a categorical partition_object");
            }
            return new KlDivergence(true, List.copyOf(values), null, weights, null, threshold, tail, internal);
        }
        if (!(partition.get("bins") instanceof List<?> binList)) {
            throw kwargs.wrongType("partition_object", "an object with 'weights' and either 'values' or 'bins'", raw);
        }
        final double[] bins = numbers(kwargs, "partition_object.bins", binList);
        final double[] combined = tailWeights == null ? weights : concat(tailWeights, weights);
        boolean increasing = true;
        for (int i = 1; i < bins.length; i++) {
            increasing &= bins[i] > bins[i - 1];
        }
        if (bins.length != weights.length + 1 || !increasing || !sumsToOne(combined)
                || tailWeights != null && tailWeights.length != 2) {
            throw kwargs.error("partition_object is not a valid continuous partition: increasing bins, one more bin"
                    + " edge than weights, weights (and tail_weights) summing to 1");
        }
        if (!bucketize) {
            throw kwargs.error("a continuous partition_object needs bucketize_data true");
        }
        final boolean lowInfinite = bins[0] == Double.NEGATIVE_INFINITY;
        final boolean highInfinite = bins[bins.length - 1] == Double.POSITIVE_INFINITY;
        if (lowInfinite && highInfinite && tail > 0) {
            throw kwargs.error("tail_weight_holdout cannot be used when both partition ends are infinite");
        }
        if ((lowInfinite || highInfinite) && tailWeights != null) {
            throw kwargs.error("a partition_object with an infinite end cannot have tail_weights");
        }
        return new KlDivergence(false, null, bins, weights, tailWeights, threshold, tail, internal);
    }

    private static double holdout(final Kwargs kwargs, final String key) {
        final Number value = kwargs.optionalNumber(key);
        if (value == null) {
            return 0;
        }
        if (value.doubleValue() < 0 || value.doubleValue() > 1) {
            throw kwargs.wrongType(key, "a number between 0 and 1", value);
        }
        return value.doubleValue();
    }

    private static double[] numbers(final Kwargs kwargs, final String key, final List<?> list) {
        final double[] numbers = new double[list.size()];
        for (int i = 0; i < numbers.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw kwargs.wrongType(key, "a list of numbers", list);
            }
            numbers[i] = n.doubleValue();
        }
        return numbers;
    }

    /** numpy.allclose(sum, 1.0). */
    private static boolean sumsToOne(final double[] weights) {
        return Math.abs(Arrays.stream(weights).sum() - 1.0) <= 1e-8 + 1e-5;
    }

    private static double[] concat(final double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    /** scipy.stats.entropy(pk, qk): both normalised, natural log; infinite where qk is 0 and pk is not. */
    static double entropy(final double[] pk, final double[] qk) {
        final double pSum = Arrays.stream(pk).sum();
        final double qSum = Arrays.stream(qk).sum();
        double sum = 0;
        for (int i = 0; i < pk.length; i++) {
            final double p = pk[i] / pSum;
            final double q = qk[i] / qSum;
            if (Double.isNaN(p) || Double.isNaN(q)) {
                return Double.NaN;
            }
            if (p > 0) {
                sum += q == 0 ? Double.POSITIVE_INFINITY : p * Math.log(p / q);
            }
        }
        return sum;
    }

    private boolean succeeds(final double divergence) {
        return threshold == null || divergence <= threshold;
    }

    private static Double finite(final double divergence) {
        return Double.isInfinite(divergence) || Double.isNaN(divergence) ? null : divergence;
    }

    private static List<Double> list(final double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** Observed value shares against the partition's; values not in the partition share the tail holdout. */
    private final class Categorical implements AggregateExpectation.Accumulator {
        private final DistinctValues observed;
        private double divergence = Double.NaN;
        private Map<String, Object> partitions;

        Categorical(final DistinctValues observed) {
            this.observed = observed;
        }

        @Override
        public void accept(final Object value) {
            observed.accept(value);
        }

        private void compute() {
            if (partitions != null) {
                return;
            }
            final Map<Object, Integer> index = DistributionExpectations.positions(values);
            final List<Object> all = new ArrayList<>(values);
            final List<Double> observedCounts = new ArrayList<>();
            values.forEach(v -> observedCounts.add(0.0));
            long total = 0;
            // pandas' value_counts lists the most frequent first; unknown values follow the partition's in that order
            final List<Map.Entry<Object, Long>> counts = new ArrayList<>(observed.valueCounts().entrySet());
            counts.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
            for (final Map.Entry<Object, Long> entry : counts) {
                total += entry.getValue();
                final Integer at = index.get(Values.key(entry.getKey()));
                if (at == null) {
                    all.add(entry.getKey());
                    observedCounts.add((double) entry.getValue());
                } else {
                    observedCounts.set(at, observedCounts.get(at) + entry.getValue());
                }
            }
            final int unknown = all.size() - values.size();
            final double[] pk = new double[all.size()];
            final double[] qk = new double[all.size()];
            for (int i = 0; i < pk.length; i++) {
                pk[i] = observedCounts.get(i) / total;
                if (i < values.size()) {
                    qk[i] = unknown > 0 ? weights[i] * (1 - tailHoldout) : weights[i];
                } else {
                    qk[i] = tailHoldout / unknown;
                }
            }
            divergence = entropy(pk, qk);
            partitions = new LinkedHashMap<>();
            partitions.put("observed_partition", partition(all, pk));
            partitions.put("expected_partition", partition(all, qk));
        }

        private Map<String, Object> partition(final List<Object> keys, final double[] shares) {
            final Map<String, Object> partition = new LinkedHashMap<>();
            partition.put("values", keys);
            partition.put("weights", list(shares));
            return partition;
        }

        @Override
        public Object observed() {
            compute();
            return finite(divergence);
        }

        @Override
        public Boolean success() {
            compute();
            return succeeds(divergence);
        }

        /** The partitions name record values, so they are reported only when values may be. */
        @Override
        public Map<String, Object> valueDetails() {
            compute();
            return partitions;
        }
    }

    /** Counts per bin as numpy.histogram (last bin closed), and below and above the partition. */
    private final class Continuous extends ColumnAggregateExpectations.NumericAccumulator {
        private final long[] histogram = new long[weights.length];
        private long below;
        private long above;
        private long count;

        @Override
        void acceptNumber(final Number number) {
            final double x = number.doubleValue();
            count++;
            if (x < bins[0]) {
                below++;
            } else if (x > bins[bins.length - 1]) {
                above++;
            } else {
                int at = Arrays.binarySearch(bins, x);
                at = at >= 0 ? Math.min(at, weights.length - 1) : -at - 2;
                histogram[at]++;
            }
        }

        private double divergence() {
            return entropy(combinedObserved(), combinedExpected());
        }

        private double[] observedWeights() {
            return Arrays.stream(histogram).mapToDouble(h -> (double) h / count).toArray();
        }

        private double[] expectedWeights() {
            final double[] expected = Arrays.stream(weights).map(w -> w * (1 - tailHoldout - internalHoldout)).toArray();
            final long zeros = Arrays.stream(expected).filter(w -> w == 0).count();
            if (internalHoldout > 0 && zeros > 0) {
                for (int i = 0; i < expected.length; i++) {
                    if (expected[i] == 0) {
                        expected[i] = internalHoldout / zeros;
                    }
                }
            }
            return expected;
        }

        private boolean lowInfinite() {
            return bins[0] == Double.NEGATIVE_INFINITY;
        }

        private boolean highInfinite() {
            return bins[bins.length - 1] == Double.POSITIVE_INFINITY;
        }

        /** GE's comb_observed_weights: infinite end bins act as the tails. */
        private double[] combinedObserved() {
            final double[] observed = observedWeights();
            if (lowInfinite() && highInfinite()) {
                return observed;
            }
            if (lowInfinite()) {
                return concat(observed, new double[] {(double) above / count});
            }
            if (highInfinite()) {
                return concat(new double[] {(double) below / count}, observed);
            }
            return concat(new double[] {(double) below / count}, observed, new double[] {(double) above / count});
        }

        private double[] combinedExpected() {
            final double[] expected = expectedWeights();
            if (lowInfinite() && highInfinite()) {
                return expected;
            }
            if (lowInfinite()) {
                return concat(expected, new double[] {tailHoldout});
            }
            if (highInfinite()) {
                return concat(new double[] {tailHoldout}, expected);
            }
            final double[] tails = tailWeights != null ? tailWeights : new double[] {tailHoldout / 2, tailHoldout / 2};
            return concat(new double[] {tails[0]}, expected, new double[] {tails[1]});
        }

        @Override
        public Object observed() {
            return count == 0 ? null : finite(divergence());
        }

        @Override
        public Boolean success() {
            return count > 0 && succeeds(divergence());
        }

        /** GE's details: the partitions without infinite end bins, whose weights become the tail weights. */
        @Override
        public Map<String, Object> details() {
            if (count == 0) {
                return Map.of();
            }
            final double[] observed = observedWeights();
            final double[] expected = expectedWeights();
            final int from = lowInfinite() ? 1 : 0;
            final int to = highInfinite() ? bins.length - 1 : bins.length;
            final int weightsTo = weights.length - (highInfinite() ? 1 : 0);
            final double[] shownBins = Arrays.copyOfRange(bins, from, to);
            final double[] observedTails = {lowInfinite() ? observed[0] : (double) below / count,
                    highInfinite() ? observed[observed.length - 1] : (double) above / count};
            final double[] expectedTails = {lowInfinite() ? expected[0] : tailWeights != null ? tailWeights[0]
                    : highInfinite() ? tailHoldout : tailHoldout / 2,
                    highInfinite() ? expected[expected.length - 1] : tailWeights != null ? tailWeights[1]
                            : lowInfinite() ? tailHoldout : tailHoldout / 2};
            final Map<String, Object> details = new LinkedHashMap<>();
            details.put("observed_partition", continuous(shownBins, Arrays.copyOfRange(observed, from, weightsTo), observedTails));
            details.put("expected_partition", continuous(shownBins, Arrays.copyOfRange(expected, from, weightsTo), expectedTails));
            return details;
        }

        private Map<String, Object> continuous(final double[] shownBins, final double[] shares, final double[] tails) {
            final Map<String, Object> partition = new LinkedHashMap<>();
            partition.put("bins", list(shownBins));
            partition.put("weights", list(shares));
            partition.put("tail_weights", list(tails));
            return partition;
        }
    }
}
