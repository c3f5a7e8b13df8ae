package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.nifidataops.validation.Harness.columns;
import static io.nifidataops.validation.Harness.compile;
import static io.nifidataops.validation.Harness.expectation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The expect_nifi_* extensions as a suite author sees them: freshness, reference sets, metric history. */
@SuppressWarnings("unchecked")
class NifiExtensionsTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final ValidationOptions NO_VALUES = new ValidationOptions(ResultFormat.SUMMARY, false, 20, 1_000_000);

    private static ValidationResult run(final CompiledSuite suite, final Harness.Table table, final ValidationOptions options,
                                        final RunEnvironment environment, final Map<String, Double> metrics) {
        final SuiteRun run = suite.newRun(table.columns(), options, Map.of(), environment);
        table.rows().forEach(row -> run.evaluate(row::get));
        final ValidationResult result = run.finish();
        metrics.putAll(run.observedMetrics());
        return result;
    }

    private static ExpectationResult single(final Harness.Table table, final ValidationOptions options, final RunEnvironment environment,
                                            final String type, final Object... kwargs) {
        return run(compile(expectation(type, kwargs)), table, options, environment, new HashMap<>()).results().getFirst();
    }

    @Test
    void testFreshWhenNewestTimestampIsWithinMaxAge() {
        final Harness.Table table = columns("measured_at", List.of("2025-06-01T05:00:00Z", "2025-06-01T09:30:00", "2025-05-30T00:00:00Z"));
        final ExpectationResult fresh = single(table, Harness.COMPLETE_WITH_VALUES, RunEnvironment.of(NOW),
                "expect_nifi_column_newest_value_to_be_fresh", "column", "measured_at", "max_age", "PT6H");
        assertThat(fresh.success()).isTrue();
        assertThat(fresh.result()).containsEntry("observed_value", "2025-06-01T09:30");
        assertThat((Map<String, Object>) fresh.result().get("details")).containsEntry("age", "PT2H30M").containsEntry("max_age", "PT6H");

        final ExpectationResult stale = single(table, Harness.COMPLETE_WITH_VALUES, RunEnvironment.of(NOW.plusSeconds(5 * 3600)),
                "expect_nifi_column_newest_value_to_be_fresh", "column", "measured_at", "max_age", "PT6H");
        assertThat(stale.success()).isFalse();
    }

    @Test
    void testFreshnessReportsNoTimestampWithoutValues() {
        final Harness.Table table = columns("measured_at", List.of(LocalDateTime.parse("2025-06-01T11:00:00")));
        final ExpectationResult result = single(table, NO_VALUES, RunEnvironment.of(NOW),
                "expect_nifi_column_newest_value_to_be_fresh", "column", "measured_at", "max_age", "PT1H");
        assertThat(result.success()).isTrue();
        assertThat(result.result().toString()).doesNotContain("2025-06-01");
    }

    @Test
    void testFreshnessFailsOnEmptyColumnAndOnNonDates() {
        final ExpectationResult empty = single(columns("measured_at", new ArrayList<>(java.util.Collections.singletonList(null))),
                NO_VALUES, RunEnvironment.of(NOW), "expect_nifi_column_newest_value_to_be_fresh", "column", "measured_at", "max_age", "P1D");
        assertThat(empty.success()).isFalse();
        final ExpectationResult numbers = single(columns("measured_at", List.of(42)), NO_VALUES, RunEnvironment.of(NOW),
                "expect_nifi_column_newest_value_to_be_fresh", "column", "measured_at", "max_age", "P1D");
        assertThat(numbers.success()).isFalse();
        assertThat(numbers.exceptionMessage()).contains("dates").doesNotContain("42");
    }

    @Test
    void testFreshnessRefusesABadDuration() {
        assertThatThrownBy(() -> compile(expectation("expect_nifi_column_newest_value_to_be_fresh", "column", "t", "max_age", "6 hours")))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageContaining("kwarg 'max_age' must be a positive ISO-8601 duration");
    }

    private static RunEnvironment withReferenceSet(final String name, final Set<String> members, final List<String> lookups) {
        final ReferenceSets sets = new ReferenceSets() {
            @Override
            public ReferenceSet find(final String wanted) {
                return wanted.equals(name) ? value -> {
                    lookups.add(value);
                    return members.contains(value);
                } : null;
            }

            @Override
            public Set<String> names() {
                return Set.of(name);
            }
        };
        return new RunEnvironment(NOW, sets, MetricHistory.EMPTY);
    }

    @Test
    void testReferenceSetMarksUnknownValuesUnexpectedAndLooksEachValueUpOnce() {
        final List<String> lookups = new ArrayList<>();
        final Harness.Table table = columns("loinc", java.util.Arrays.asList("8867-4", "2708-6", "9999-9", null, "8867-4"));
        final Harness.Outcome outcome = new Harness.Outcome(run(compile(expectation("expect_nifi_column_values_to_be_in_reference_set",
                "column", "loinc", "reference_set", "loinc_codes")), table, Harness.COMPLETE_WITH_VALUES,
                withReferenceSet("loinc_codes", Set.of("8867-4", "2708-6"), lookups), new HashMap<>()), List.of());
        final ExpectationResult result = outcome.first();
        assertThat(result.success()).isFalse();
        assertThat(result.unexpectedCount()).isEqualTo(1);
        assertThat(result.result()).containsEntry("unexpected_list", List.of("9999-9")).containsEntry("missing_count", 1L);
        assertThat(lookups).containsExactly("8867-4", "2708-6", "9999-9");
    }

    @Test
    void testReferenceSetWithMostly() {
        final Harness.Table table = columns("patient_id", List.of("p1", "p2", "p3", "p4", "unknown"));
        final ExpectationResult result = single(table, NO_VALUES, withReferenceSet("patients", Set.of("p1", "p2", "p3", "p4"), new ArrayList<>()),
                "expect_nifi_column_values_to_be_in_reference_set", "column", "patient_id", "reference_set", "patients", "mostly", 0.8);
        assertThat(result.success()).isTrue();
        assertThat(result.result()).doesNotContainKey("partial_unexpected_list");
    }

    @Test
    void testUnconfiguredReferenceSetStopsTheRunWithoutJudgingRecords() {
        final CompiledSuite suite = compile(expectation("expect_nifi_column_values_to_be_in_reference_set",
                "column", "loinc", "reference_set", "loinc_codes"));
        assertThatThrownBy(() -> suite.newRun(List.of("loinc"), NO_VALUES, Map.of(),
                withReferenceSet("patients", Set.of(), new ArrayList<>())))
                .isInstanceOf(ReferenceLookupException.class)
                .hasMessageContaining("'loinc_codes', which is not configured (configured: patients)");
    }

    private static ExpectationResult historyRun(final Map<String, String> state, final Harness.Table table, final String type,
                                                final Object... kwargs) {
        final Map<String, Double> metrics = new HashMap<>();
        final ExpectationResult result = run(compile(expectation(type, kwargs)), table, NO_VALUES,
                new RunEnvironment(NOW, ReferenceSets.NONE, MetricHistoryState.of(state)), metrics).results().getFirst();
        state.putAll(MetricHistoryState.append(state, metrics, 5));
        return result;
    }

    private static Harness.Table rows(final int count) {
        final List<Object> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(i % 10 == 0 ? null : 70 + i % 3);
        }
        return columns("heart_rate", values);
    }

    @Test
    void testRowCountHistoryLearnsThenFlagsAnAnomaly() {
        final Map<String, String> state = new HashMap<>();
        for (final int count : new int[] {100, 104, 98, 101, 97}) {
            final ExpectationResult learning = historyRun(state, rows(count), "expect_nifi_table_row_count_to_be_within_history");
            assertThat(learning.success()).isTrue();
        }
        assertThat(state).containsEntry("test_suite/row_count", "100.0,104.0,98.0,101.0,97.0");

        final ExpectationResult normal = historyRun(state, rows(102), "expect_nifi_table_row_count_to_be_within_history");
        assertThat(normal.success()).isTrue();
        assertThat(normal.result()).containsEntry("observed_value", 102L);

        final ExpectationResult anomaly = historyRun(state, rows(20), "expect_nifi_table_row_count_to_be_within_history");
        assertThat(anomaly.success()).isFalse();
        assertThat((Map<String, Object>) anomaly.result().get("details")).containsKeys("lower_bound", "upper_bound")
                .containsEntry("history_size", 5);
        // bounded: the oldest value (100) is gone
        assertThat(state.get("test_suite/row_count")).isEqualTo("98.0,101.0,97.0,102.0,20.0");
    }

    @Test
    void testChangeRateFailsAJumpEvenWithinDeviations() {
        final Map<String, String> state = new HashMap<>(Map.of("test_suite/row_count", "10.0,100.0,10.0,100.0,10.0"));
        final ExpectationResult jump = historyRun(state, rows(90), "expect_nifi_table_row_count_to_be_within_history",
                "max_change_rate", 0.5);
        assertThat(jump.success()).isFalse();
        assertThat((Map<String, Object>) jump.result().get("details")).containsEntry("change_rate", 8.0);
    }

    @Test
    void testNullRateAndMeanHistoriesPerColumn() {
        final Map<String, String> state = new HashMap<>(Map.of(
                "test_suite/null_rate(heart_rate)", "0.1,0.1,0.11,0.09,0.1",
                "test_suite/mean(heart_rate)", "71.0,71.1,70.9,71.0,71.0"));
        final ExpectationResult nullRate = historyRun(state, rows(100), "expect_nifi_column_null_rate_to_be_within_history",
                "column", "heart_rate");
        assertThat(nullRate.success()).isTrue();
        assertThat(nullRate.result()).containsEntry("observed_value", 0.1);

        final List<Object> mostlyNull = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            mostlyNull.add(i < 60 ? null : 71);
        }
        assertThat(historyRun(state, columns("heart_rate", mostlyNull), "expect_nifi_column_null_rate_to_be_within_history",
                "column", "heart_rate").success()).isFalse();

        final List<Object> shifted = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            shifted.add(120);
        }
        final ExpectationResult mean = historyRun(state, columns("heart_rate", shifted), "expect_nifi_column_mean_to_be_within_history",
                "column", "heart_rate", "max_deviations", 4);
        assertThat(mean.success()).isFalse();
        assertThat(mean.result()).containsEntry("observed_value", 120.0);
    }

    @Test
    void testMeanOfAFewRecordsIsJudgedButNeitherReportedNorKept() {
        final Map<String, String> state = new HashMap<>(Map.of("test_suite/mean(heart_rate)", "71.0,71.1,70.9,71.0,71.0"));
        final ExpectationResult result = historyRun(state, columns("heart_rate", List.of(183)), "expect_nifi_column_mean_to_be_within_history",
                "column", "heart_rate");
        assertThat(result.success()).isFalse();
        assertThat(result.result().toString()).doesNotContain("183");
        assertThat(state.get("test_suite/mean(heart_rate)")).isEqualTo("71.0,71.1,70.9,71.0,71.0");
    }

    @Test
    void testHistoryKwargsAreChecked() {
        assertThatThrownBy(() -> compile(expectation("expect_nifi_column_mean_to_be_within_history", "column", "x", "max_deviations", -1)))
                .isInstanceOf(InvalidSuiteException.class).hasMessageContaining("'max_deviations' must be a positive number");
        assertThatThrownBy(() -> compile(expectation("expect_nifi_table_row_count_to_be_within_history", "min_history", 1)))
                .isInstanceOf(InvalidSuiteException.class).hasMessageContaining("'min_history' must be an integer of at least 2");
    }
}
