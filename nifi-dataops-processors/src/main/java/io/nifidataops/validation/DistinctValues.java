package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct non-missing values with their counts, within the tracked-values limit. Observes either the sorted
 * distinct values (for expect_column_distinct_values_to_be_in_set) or the share of distinct values among all
 * values (for expect_column_proportion_of_unique_values_to_be_between).
 */
final class DistinctValues implements AggregateExpectation.Accumulator {

    /** Orders values as Python would where it can, and by type then text where it cannot. */
    private static final Comparator<Object> ORDER = (a, b) -> {
        final int c = Values.compare(a, b);
        if (c != Values.INCOMPARABLE) {
            return c;
        }
        final int byType = Values.typeName(a).compareTo(Values.typeName(b));
        return byType != 0 ? byType : Values.text(a).compareTo(Values.text(b));
    };

    private final long limit;
    private final String name;
    private final boolean proportion;
    private final Map<Object, long[]> counts = new LinkedHashMap<>();
    private final Map<Object, Object> firstSeen = new LinkedHashMap<>();
    private long total;

    DistinctValues(final long limit, final String name, final boolean proportion) {
        this.limit = limit;
        this.name = name;
        this.proportion = proportion;
    }

    @Override
    public void accept(final Object value) {
        total++;
        final Object key = Values.key(value);
        final long[] count = counts.get(key);
        if (count != null) {
            count[0]++;
            return;
        }
        if (counts.size() >= limit) {
            throw new TrackedValuesLimitExceededException(name + " must remember more than maxTrackedValues = " + limit
                    + " distinct values; raise the limit or split the FlowFile");
        }
        counts.put(key, new long[] {1});
        firstSeen.put(key, value);
    }

    /** How many distinct values were seen. */
    long distinctCount() {
        return counts.size();
    }

    /** Values seen, with their counts, in first-seen order. */
    Map<Object, Long> valueCounts() {
        final Map<Object, Long> result = new LinkedHashMap<>();
        firstSeen.forEach((key, value) -> result.put(value, counts.get(key)[0]));
        return result;
    }

    /** Like pandas' mode(): every value of the highest count, sorted. */
    List<Object> modes() {
        final long top = counts.values().stream().mapToLong(c -> c[0]).max().orElse(0);
        final List<Object> modes = new ArrayList<>();
        firstSeen.forEach((key, value) -> {
            if (counts.get(key)[0] == top) {
                modes.add(value);
            }
        });
        modes.sort(ORDER);
        return modes;
    }

    @Override
    public Object observed() {
        if (proportion) {
            return total == 0 ? null : (double) counts.size() / total;
        }
        final List<Object> distinct = new ArrayList<>(firstSeen.values());
        distinct.sort(ORDER);
        return distinct;
    }

    /** GE's details.value_counts, in the order of the observed values. */
    @Override
    public Map<String, Object> valueDetails() {
        if (proportion) {
            return Map.of();
        }
        final List<Map<String, Object>> valueCounts = new ArrayList<>();
        for (final Object value : (List<?>) observed()) {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", value);
            entry.put("count", counts.get(Values.key(value))[0]);
            valueCounts.add(entry);
        }
        return Map.of("value_counts", valueCounts);
    }
}
