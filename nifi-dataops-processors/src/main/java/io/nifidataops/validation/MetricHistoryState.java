package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metric history as a flat string map, the form NiFi's state manager keeps: one entry per metric, its key the
 * metric key (suite and metric, e.g. {@code vitals/row_count}), its value the last values oldest first, comma-separated.
 * Framework-free: the processor reads and writes the map through its session.
 */
public final class MetricHistoryState {

    private MetricHistoryState() {
    }

    /** A history that reads the given state map; entries that are not lists of numbers count as empty. */
    public static MetricHistory of(final Map<String, String> state) {
        final Map<String, String> copy = Map.copyOf(state);
        return key -> parse(copy.get(key));
    }

    /**
     * The state after this run: each observed metric appended to its history, which keeps at most {@code size} values
     * (the oldest are dropped). Other entries are kept as they are.
     */
    public static Map<String, String> append(final Map<String, String> state, final Map<String, Double> observed, final int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        final Map<String, String> next = new HashMap<>(state);
        observed.forEach((key, value) -> {
            final List<Double> values = new ArrayList<>(parse(state.get(key)));
            values.add(value);
            final List<Double> kept = values.subList(Math.max(0, values.size() - size), values.size());
            next.put(key, String.join(",", kept.stream().map(String::valueOf).toList()));
        });
        return next;
    }

    static List<Double> parse(final String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return Arrays.stream(text.split(",")).map(Double::valueOf).toList();
        } catch (final NumberFormatException e) {
            return List.of();
        }
    }
}
