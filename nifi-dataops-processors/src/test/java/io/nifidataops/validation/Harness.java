package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds suites and runs them over in-memory rows, the way the processor streams records. */
final class Harness {

    static final ValidationOptions COMPLETE_WITH_VALUES = new ValidationOptions(ResultFormat.COMPLETE, true, 20, 1_000_000);

    /** Columns of {@link #telemetrySuite()}'s records. */
    static final List<String> TELEMETRY_COLUMNS = List.of("patient_id", "device_id", "heart_rate", "spo2", "systolic",
            "diastolic", "unit", "day");

    private Harness() {
    }

    /** A typical 10-expectation suite for wearable telemetry, for throughput and allocation checks. */
    static CompiledSuite telemetrySuite() {
        return compile(
                expectation("expect_column_values_to_not_be_null", "column", "patient_id"),
                expectation("expect_column_value_lengths_to_be_between", "column", "patient_id", "min_value", 1, "max_value", 32),
                expectation("expect_column_values_to_match_regex", "column", "device_id", "regex", "^DEV-\\d{4}$"),
                expectation("expect_column_values_to_be_between", "column", "heart_rate", "min_value", 30, "max_value", 220),
                expectation("expect_column_values_to_be_of_type", "column", "heart_rate", "type_", "int"),
                expectation("expect_column_values_to_be_between", "column", "spo2", "min_value", 70.0, "max_value", 100.0),
                expectation("expect_column_pair_values_a_to_be_greater_than_b", "column_A", "systolic", "column_B", "diastolic"),
                expectation("expect_column_values_to_be_in_set", "column", "unit", "value_set", List.of("bpm", "BPM")),
                expectation("expect_column_values_to_match_strftime_format", "column", "day", "strftime_format", "%Y-%m-%d"),
                expectation("expect_column_mean_to_be_between", "column", "heart_rate", "min_value", 40, "max_value", 140));
    }

    /** A map from alternating keys and values; values may be null. */
    static Map<String, Object> map(final Object... keysAndValues) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static ExpectationConfiguration expectation(final String type, final Object... kwargs) {
        return new ExpectationConfiguration(type, map(kwargs), Map.of());
    }

    static CompiledSuite compile(final ExpectationConfiguration... expectations) {
        return CompiledSuite.compile(new ExpectationSuite("test_suite", List.of(expectations), Map.of()));
    }

    /** Rows given column-wise, like GE fixtures: {@code columns("x", List.of(1, 2), "y", List.of("a", "b"))}. */
    static Table columns(final Object... namesAndValues) {
        final List<String> names = new ArrayList<>();
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (int c = 0; c < namesAndValues.length; c += 2) {
            final String name = (String) namesAndValues[c];
            final List<?> values = (List<?>) namesAndValues[c + 1];
            names.add(name);
            for (int r = 0; r < values.size(); r++) {
                if (rows.size() <= r) {
                    rows.add(new HashMap<>());
                }
                rows.get(r).put(name, values.get(r));
            }
        }
        return new Table(names, rows);
    }

    /** A record set: schema column names and rows. */
    record Table(List<String> columns, List<Map<String, Object>> rows) {

        Outcome run(final CompiledSuite suite, final ValidationOptions options) {
            final SuiteRun run = suite.newRun(columns, options);
            if (run.needsPreparationPass()) {
                rows.forEach(row -> run.prepare(row::get));
            }
            final List<List<String>> broken = new ArrayList<>();
            rows.forEach(row -> broken.add(run.evaluate(row::get)));
            return new Outcome(run.finish(), broken);
        }

        Outcome run(final CompiledSuite suite) {
            return run(suite, COMPLETE_WITH_VALUES);
        }

        /** Runs a single expectation with COMPLETE results and values, and returns its result. */
        ExpectationResult check(final String type, final Object... kwargs) {
            return run(compile(expectation(type, kwargs))).validation().results().get(0);
        }
    }

    /** The suite's result and, per row, the labels of the expectations it broke. */
    record Outcome(ValidationResult validation, List<List<String>> broken) {

        ExpectationResult first() {
            return validation.results().get(0);
        }

        /** Indexes of the rows that broke at least one row-level expectation. */
        List<Integer> invalidRows() {
            final List<Integer> invalid = new ArrayList<>();
            for (int i = 0; i < broken.size(); i++) {
                if (!broken.get(i).isEmpty()) {
                    invalid.add(i);
                }
            }
            return invalid;
        }
    }
}
