package io.nifidataops.validation;

import java.util.Arrays;

/**
 * Every value of a numeric column, for aggregates that need them all at once (median, quantiles), bounded by
 * maxTrackedValues: past the bound the FlowFile fails naming the expectation rather than growing the heap without end.
 */
final class TrackedDoubles {

    private final long limit;
    private final String expectation;
    private final String purpose;
    private double[] values = new double[64];
    private int count;

    /** @param purpose what the values are kept for, e.g. "to find the median", for the message past the bound */
    TrackedDoubles(final long limit, final String expectation, final String purpose) {
        this.limit = limit;
        this.expectation = expectation;
        this.purpose = purpose;
    }

    void add(final Number number) {
        if (count >= limit) {
            throw new TrackedValuesLimitExceededException(expectation + " must keep every value " + purpose + ", and"
                    + " there are more than maxTrackedValues = " + limit + "; raise the limit or split the FlowFile");
        }
        if (count == values.length) {
            values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, (long) count * 2));
        }
        values[count++] = number.doubleValue();
    }

    int count() {
        return count;
    }

    /** The values so far, sorted ascending (a copy). */
    double[] sorted() {
        final double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted;
    }
}
