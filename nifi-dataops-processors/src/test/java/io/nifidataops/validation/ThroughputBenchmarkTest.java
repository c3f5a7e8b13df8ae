package io.nifidataops.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows per second for {@link Harness#telemetrySuite()} (10 expectations) on one thread, with records looked up by
 * field name like NiFi's MapRecord. Opt-in: {@code -Dvalidation.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "validation.benchmark", matches = "true")
class ThroughputBenchmarkTest {

    private static final int ROWS = 1_000_000;

    @Test
    void testThroughput() {
        final CompiledSuite suite = Harness.telemetrySuite();
        final Row row = new Row(Harness.TELEMETRY_COLUMNS);
        final String[] patients = new String[1000];
        final String[] devices = new String[1000];
        final String[] days = new String[28];
        for (int i = 0; i < 1000; i++) {
            patients[i] = "P" + (100000 + i);
            devices[i] = "DEV-" + (1000 + i);
        }
        for (int i = 0; i < days.length; i++) {
            days[i] = String.format("2024-02-%02d", i + 1);
        }
        final double[] rates = new double[5];
        for (int round = 0; round < rates.length; round++) {
            final SuiteRun run = suite.newRun(Harness.TELEMETRY_COLUMNS, ValidationOptions.defaults());
            final long start = System.nanoTime();
            long invalid = 0;
            for (int i = 0; i < ROWS; i++) {
                row.set(patients[i % 1000], devices[i % 1000], 60 + i % 60, 90.0 + i % 10, 120 + i % 20, 80 + i % 10,
                        "bpm", days[i % days.length]);
                if (!run.evaluate(row).isEmpty()) {
                    invalid++;
                }
            }
            final ValidationResult result = run.finish();
            rates[round] = ROWS / ((System.nanoTime() - start) / 1e9);
            assertThat(invalid).isZero();
            assertThat(result.success()).isTrue();
        }
        Arrays.sort(rates);
        System.out.printf("validation throughput, 10 expectations: median %.0f rows/s (runs %s)%n", rates[rates.length / 2],
                Arrays.toString(rates));
    }

    /** A reusable record: values by field name through a map of positions, like NiFi's MapRecord. */
    private static final class Row implements RecordView {
        private final Map<String, Integer> positions = new HashMap<>();
        private final Object[] values;

        Row(final List<String> columns) {
            for (int i = 0; i < columns.size(); i++) {
                positions.put(columns.get(i), i);
            }
            values = new Object[columns.size()];
        }

        void set(final Object... newValues) {
            System.arraycopy(newValues, 0, values, 0, values.length);
        }

        @Override
        public Object value(final String column) {
            final Integer position = positions.get(column);
            return position == null ? null : values[position];
        }
    }
}
