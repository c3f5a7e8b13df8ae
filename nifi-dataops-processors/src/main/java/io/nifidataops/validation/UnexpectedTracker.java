package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps what the result format reports about unexpected rows: the first {@code partialCount} values and
 * record indexes, or for COMPLETE all of them (bounded by the tracked-values limit). Values are kept only
 * when the run may report record values.
 */
final class UnexpectedTracker {

    private final ReportFormat format;
    private final long limit;
    private final String label;
    private final boolean keepsValues;
    private final boolean keepsIndexes;
    private final boolean complete;
    private final List<Object> values = new ArrayList<>();
    private long[] indexes = new long[8];
    private int stored;

    UnexpectedTracker(final ReportFormat format, final long limit, final String label) {
        this.format = format;
        this.limit = limit;
        this.label = label;
        this.keepsValues = format.withValues() && format.includes(ResultFormat.BASIC);
        this.keepsIndexes = format.includes(ResultFormat.SUMMARY);
        this.complete = format.includes(ResultFormat.COMPLETE);
    }

    void add(final long index, final RecordView row, final RowRule rule) {
        if (!keepsValues && !keepsIndexes || !complete && stored >= format.partialCount()) {
            return;
        }
        if (complete && stored >= limit) {
            throw new TrackedValuesLimitExceededException(label + ": the COMPLETE result format keeps every unexpected"
                    + " row, and there are more than maxTrackedValues = " + limit
                    + "; use the SUMMARY result format or raise the limit");
        }
        if (keepsValues) {
            values.add(rule.reportedValue(row));
        }
        if (stored == indexes.length) {
            indexes = Arrays.copyOf(indexes, stored * 2);
        }
        indexes[stored++] = index;
    }

    /** Adds the list keys of GE's map result for this format. */
    void putInto(final Map<String, Object> result) {
        final int partial = Math.min(stored, format.partialCount());
        if (keepsValues) {
            result.put("partial_unexpected_list", Collections.unmodifiableList(new ArrayList<>(values.subList(0, partial))));
        }
        if (!keepsIndexes) {
            return;
        }
        if (keepsValues) {
            putCounts(result);
        }
        result.put("partial_unexpected_index_list", indexList(partial));
        if (complete) {
            if (keepsValues) {
                result.put("unexpected_list", Collections.unmodifiableList(values));
            }
            result.put("unexpected_index_list", indexList(stored));
        }
    }

    private List<Long> indexList(final int count) {
        return Arrays.stream(indexes, 0, count).boxed().toList();
    }

    /**
     * GE's partial_unexpected_counts: the most common values (ties keep first-seen order), sorted by count
     * then value. Like GE, values Python cannot hash (lists, dicts) or order against each other give an
     * error note in details instead.
     */
    private void putCounts(final Map<String, Object> result) {
        if (values.stream().anyMatch(v -> v instanceof Map || v instanceof Collection || v instanceof Object[])) {
            result.put("details", Map.of("partial_unexpected_counts_error",
                    "partial_unexpected_counts requested, but requires a hashable type"));
            return;
        }
        final Map<Object, Count> counts = new LinkedHashMap<>();
        for (final Object value : values) {
            counts.computeIfAbsent(Values.key(value), k -> new Count(value)).count++;
        }
        final List<Count> top = counts.values().stream()
                .sorted(Comparator.comparingLong((Count c) -> c.count).reversed())
                .limit(format.partialCount())
                .toList();
        try {
            final List<Map<String, Object>> sorted = top.stream()
                    .sorted(Comparator.comparingLong((Count c) -> -c.count).thenComparing(c -> c.value, UnexpectedTracker::order))
                    .map(c -> {
                        final Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("value", c.value);
                        entry.put("count", c.count);
                        return entry;
                    })
                    .toList();
            if (!sorted.isEmpty()) {
                result.put("partial_unexpected_counts", sorted);
            }
        } catch (final IllegalArgumentException unorderable) {
            result.put("details", Map.of("partial_unexpected_counts_error",
                    "partial_unexpected_counts requested, but requires a hashable type"));
        }
    }

    private static int order(final Object a, final Object b) {
        final int c = a == null || b == null ? Values.INCOMPARABLE : Values.compare(a, b);
        if (c == Values.INCOMPARABLE) {
            throw new IllegalArgumentException("unorderable values");
        }
        return c;
    }

    private static final class Count {
        private final Object value;
        private long count;

        Count(final Object value) {
            this.value = value;
        }
    }
}
