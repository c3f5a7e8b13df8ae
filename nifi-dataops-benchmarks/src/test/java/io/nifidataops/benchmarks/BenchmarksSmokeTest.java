package io.nifidataops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the benchmark command on a few thousand records: every case keeps every record, and the report says so. Nothing is timed. */
class BenchmarksSmokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUITE = "../flow-templates/suites/vitals.json";
    private static final String WIDE_SUITE = "suites/vitals-30.json";

    @Test
    void generatorIsDeterministicAndMarksAboutTwoPercentBad(@TempDir final Path dir) throws IOException {
        final TelemetryGenerator.Generated first = TelemetryGenerator.generate(dir.resolve("a.ndjson"), 20_000, 7, TelemetryGenerator.Layout.NDJSON);
        final TelemetryGenerator.Generated second = TelemetryGenerator.generate(dir.resolve("b.ndjson"), 20_000, 7, TelemetryGenerator.Layout.NDJSON);
        final TelemetryGenerator.Generated array = TelemetryGenerator.generate(dir.resolve("c.json"), 20_000, 7, TelemetryGenerator.Layout.JSON_ARRAY);

        assertThat(Files.mismatch(first.file(), second.file())).isEqualTo(-1);
        assertThat(first.badRecords()).isEqualTo(array.badRecords()).isBetween(300L, 500L);
        final List<String> lines = Files.readAllLines(first.file());
        assertThat(lines).hasSize(20_000);
        final JsonNode record = JSON.readTree(lines.getFirst());
        assertThat(record.properties()).extracting(Map.Entry::getKey)
                .containsExactly("patient_id", "device_id", "ts", "heart_rate", "spo2", "temperature_c", "steps", "activity");
        assertThat(JSON.readTree(array.file().toFile())).hasSize(20_000);
    }

    @Test
    void everyCaseKeepsEveryRecordAndTheReportParses(@TempDir final Path dir) throws Exception {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Benchmarks.run("all", Map.of("records", "2000", "warmup", "0", "rounds", "1", "heap-sizes", "2000,4000", "heap-xmx", "192m",
                "suite", SUITE, "wide-suite", WIDE_SUITE, "wide-heap-xmx", "256m", "work-dir", dir.toString()), new PrintStream(printed, true, StandardCharsets.UTF_8));

        final JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        final JsonNode throughput = report.get("throughput");
        final long bad = throughput.get("badRecords").asLong();
        assertThat(bad).isPositive();
        assertThat(throughput.get("cases")).extracting(c -> c.get("key").asText()).containsExactly(
                "convert-record", "validate-record", "expectations", "validate-record-inferred", "expectations-inferred", "expectations-30");
        for (final JsonNode c : throughput.get("cases")) {
            assertThat(c.get("recordsOut").asLong()).as(c.get("key").asText()).isEqualTo(2000);
            assertThat(c.get("medianRecordsPerSecond").asDouble()).as(c.get("key").asText()).isPositive();
        }
        assertThat(invalid(throughput, "expectations")).isEqualTo(bad);
        assertThat(invalid(throughput, "expectations-inferred")).isEqualTo(bad);
        // Every defect breaks a row-level expectation of the 30-expectation suite too, and (device_id, ts) is unique in the input
        assertThat(invalid(throughput, "expectations-30")).isEqualTo(bad);
        // Schema only: of the defects, a schema catches just the missing patient_id, and only when the schema requires it
        assertThat(invalid(throughput, "validate-record")).isPositive().isLessThan(bad);
        assertThat(invalid(throughput, "validate-record-inferred")).isZero();
        assertThat(throughput.get("ratios").get("expectations / validate-record").asDouble()).isPositive();
        assertThat(throughput.get("ratios").get("expectations-30 / validate-record").asDouble()).isPositive();

        for (final String heapReport : List.of("heap", "heap-wide")) {
            assertHeapRunsComplete(report.get(heapReport));
        }
        assertThat(report.get("heap-wide").get("suite").asText()).isEqualTo("vitals-30.json");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("median r/s", "peak live MiB", "30-expectation suite");
    }

    private static void assertHeapRunsComplete(final JsonNode heap) {
        assertThat(heap.get("sizes")).hasSize(2);
        for (final JsonNode size : heap.get("sizes")) {
            final JsonNode result = size.get("result");
            assertThat(result.get("records").asLong()).isEqualTo(size.get("records").asLong());
            assertThat(result.get("invalidRecords").asLong()).isEqualTo(size.get("badRecords").asLong());
            assertThat(result.get("validRecords").asLong() + result.get("invalidRecords").asLong()).isEqualTo(size.get("records").asLong());
            assertThat(result.get("peakUsedHeapBytes").asLong()).isPositive().isLessThan(result.get("maxHeapBytes").asLong());
        }
    }

    private static long invalid(final JsonNode throughput, final String key) {
        for (final JsonNode c : throughput.get("cases")) {
            if (c.get("key").asText().equals(key)) {
                return c.get("invalidRecords").asLong();
            }
        }
        throw new AssertionError("No case " + key);
    }
}
