package io.nifidataops.validation;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every evaluator of one run needs to know: the record schema's columns, the run options, the row
 * counts of other tables that expect_table_row_count_to_equal_other_table compares with, and for the nifi-dataops
 * extensions the suite's name, the run environment and the metrics this run observed.
 */
record RunContext(List<String> columns, Set<String> columnSet, ValidationOptions options,
                  Map<String, Long> otherTableRowCounts, String suiteName, RunEnvironment environment,
                  Map<String, Double> observedMetrics) {

    static RunContext of(final List<String> columns, final ValidationOptions options,
                         final Map<String, Long> otherTableRowCounts) {
        return of(columns, options, otherTableRowCounts, "", RunEnvironment.of(java.time.Instant.now()));
    }

    /** @param observedMetrics filled by the history expectations as they finish, by metric key */
    static RunContext of(final List<String> columns, final ValidationOptions options,
                         final Map<String, Long> otherTableRowCounts, final String suiteName, final RunEnvironment environment) {
        return new RunContext(List.copyOf(columns), Set.copyOf(new LinkedHashSet<>(columns)), options,
                Map.copyOf(otherTableRowCounts), suiteName, environment, new java.util.LinkedHashMap<>());
    }

    /** The key of one of this suite's metrics in the metric history, e.g. {@code vitals/mean(heart_rate)}. */
    String metricKey(final String metric) {
        return suiteName + "/" + metric;
    }

    ReportFormat format(final ReportFormat.Override override) {
        return ReportFormat.of(options, override);
    }

    long limit() {
        return options.maxTrackedValues();
    }

    /** Why the needed columns cannot be evaluated (some are not in the schema), or null when all are present. */
    String missing(final Collection<String> needed) {
        final List<String> absent = needed.stream().filter(c -> !columnSet.contains(c)).distinct().toList();
        if (absent.isEmpty()) {
            return null;
        }
        final String names = absent.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        return (absent.size() == 1 ? "Column " + names + " is" : "Columns " + names + " are")
                + " not in the record schema " + columns;
    }
}
