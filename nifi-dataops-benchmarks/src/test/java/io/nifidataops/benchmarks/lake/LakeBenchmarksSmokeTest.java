package io.nifidataops.benchmarks.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the lake benchmark command on a few thousand records: every case writes every record, and the report says so. Nothing is timed. */
class LakeBenchmarksSmokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCaseWritesEveryRecordAndTheReportParses(@TempDir final Path dir) throws Exception {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LakeBenchmarks.run("all", Map.of("records", "2000", "warmup", "0", "rounds", "1", "heap-sizes", "2000,4000", "heap-xmx", "256m",
                "work-dir", dir.toString()), new PrintStream(printed, true, StandardCharsets.UTF_8));

        final JsonNode report = JSON.readTree(dir.resolve("lake-report.json").toFile());
        final JsonNode throughput = report.get("throughput");
        assertThat(throughput.get("cases")).extracting(c -> c.get("key").asText())
                .containsExactly("put-lake-parquet", "parquet-avro", "json-tree-reader", "put-lake-parquet-avro-input",
                        "parquet-avro-avro-input", "put-lake-parquet-one-thread");
        for (final JsonNode c : throughput.get("cases")) {
            assertThat(c.get("recordsOut").asLong()).as(c.get("key").asText()).isEqualTo(2000);
            assertThat(c.get("medianRecordsPerSecond").asDouble()).as(c.get("key").asText()).isPositive();
        }
        // Partitioned by activity: rest, walk, run, sleep and the defective swim
        assertThat(throughput.get("cases").get(0).get("objects").asInt()).isEqualTo(5);
        assertThat(throughput.get("cases").get(0).get("parquetBytes").asLong()).isPositive();
        assertThat(throughput.get("ratio").asDouble()).isPositive();
        assertThat(throughput.get("cases").get(3).get("objects").asInt()).isEqualTo(5);
        assertThat(throughput.get("avroInputRatio").asDouble()).isPositive();
        assertThat(throughput.get("avroInputToAvroCeilingRatio").asDouble()).isPositive();
        assertThat(throughput.get("cases").get(5).get("objects").asInt()).isEqualTo(5);
        assertThat(throughput.get("oneThreadRatio").asDouble()).isPositive();

        final JsonNode heap = report.get("heap");
        assertThat(heap.get("sizes")).hasSize(2);
        for (final JsonNode size : heap.get("sizes")) {
            final JsonNode result = size.get("result");
            assertThat(result.get("records").asLong()).isEqualTo(size.get("records").asLong());
            assertThat(result.get("objects").asInt()).isEqualTo(5);
            assertThat(result.get("peakUsedHeapBytes").asLong()).isPositive().isLessThan(result.get("maxHeapBytes").asLong());
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("median r/s", "peak live MiB", "parquet-avro");
    }
}
