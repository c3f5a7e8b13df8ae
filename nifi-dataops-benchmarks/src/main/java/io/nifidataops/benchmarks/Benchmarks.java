package io.nifidataops.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.validation.ValidationOptions;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark command. Modes: {@code throughput} (records/s of ValidateRecordExpectations against NiFi's ValidateRecord and
 * ConvertRecord), {@code heap} (peak live heap of the streaming record path at several input sizes, in child JVMs), {@code all}
 * (both); {@code stream} is the child JVM's entry point. Options are {@code --name=value}; the figures also go to
 * {@code <work-dir>/report.json}.
 */
public final class Benchmarks {

    static final String STREAM_MODE = "stream";
    private static final long SEED = 20_260_101L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Benchmarks() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("Usage: Benchmarks all|throughput|heap [--records=N] [--warmup=N] [--rounds=N] "
                    + "[--heap-sizes=N,M] [--heap-xmx=192m] [--suite=vitals.json] [--wide-suite=vitals-30.json] [--wide-heap-xmx=3g] [--work-dir=DIR]");
        }
        final Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        if (STREAM_MODE.equals(args[0])) {
            final StreamingValidation.Result result = StreamingValidation.run(Path.of(options.get("input")), Path.of(options.get("output-dir")),
                    Path.of(options.get("suite")), Long.parseLong(options.get("sample-every")),
                    Long.parseLong(options.getOrDefault("max-tracked-values", String.valueOf(ValidationOptions.defaults().maxTrackedValues()))));
            JSON.writeValue(Path.of(options.get("result")).toFile(), result);
            return;
        }
        final Map<String, Object> report = run(args[0], options, System.out);
        System.out.printf("%nReport: %s%n", Path.of(options.getOrDefault("work-dir", "target/benchmarks"), "report.json").toAbsolutePath());
        if (report.get("heap") instanceof HeapBenchmark.Report heap && !heap.flat()) {
            System.exit(1);
        }
    }

    /** Runs a mode, prints its tables and writes them as JSON to {@code <work-dir>/report.json}; the returned map holds the same. */
    static Map<String, Object> run(final String mode, final Map<String, String> options, final PrintStream out) throws Exception {
        final Path workDir = Path.of(options.getOrDefault("work-dir", "target/benchmarks"));
        final Path suite = Path.of(options.getOrDefault("suite", "../flow-templates/suites/vitals.json"));
        final Path wideSuite = Path.of(options.getOrDefault("wide-suite", "suites/vitals-30.json"));
        Files.createDirectories(workDir);
        final Map<String, Object> report = new LinkedHashMap<>();
        if (mode.equals("all") || mode.equals("throughput")) {
            final long records = Long.parseLong(options.getOrDefault("records", "1000000"));
            out.printf("Generating %,d records%n", records);
            final Path input = workDir.resolve("telemetry-" + records + ".ndjson");
            final TelemetryGenerator.Generated generated = TelemetryGenerator.generate(input, records, SEED, TelemetryGenerator.Layout.NDJSON);
            final ThroughputBenchmark.Report throughput = ThroughputBenchmark.run(generated, suite, wideSuite,
                    Integer.parseInt(options.getOrDefault("warmup", "1")), Integer.parseInt(options.getOrDefault("rounds", "5")), out);
            Files.delete(input);
            ThroughputBenchmark.print(throughput, out);
            report.put("throughput", throughput);
        }
        if (mode.equals("all") || mode.equals("heap")) {
            final List<Long> sizes = Arrays.stream(options.getOrDefault("heap-sizes", "1000000,10000000").split(","))
                    .map(String::trim).map(Long::parseLong).toList();
            final HeapBenchmark.Report heap = HeapBenchmark.run(sizes, options.getOrDefault("heap-xmx", "192m"), suite,
                    ValidationOptions.defaults().maxTrackedValues(), workDir, SEED, out);
            HeapBenchmark.print(heap, out);
            report.put("heap", heap);
            // The wide suite's uniqueness check keeps one key per distinct (device_id, ts): its heap is measured, not required to stay flat
            final HeapBenchmark.Report wideHeap = HeapBenchmark.run(sizes, options.getOrDefault("wide-heap-xmx", "3g"), wideSuite,
                    ThroughputBenchmark.WIDE_MAX_TRACKED_VALUES, workDir, SEED, out);
            HeapBenchmark.print(wideHeap, out);
            report.put("heap-wide", wideHeap);
        }
        if (report.isEmpty()) {
            throw new IllegalArgumentException("Unknown mode '" + mode + "': use all, throughput or heap");
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(workDir.resolve("report.json").toFile(), report);
        return report;
    }

    /** Median of values sorted ascending; 0 for none. */
    public static double median(final List<Double> sorted) {
        if (sorted.isEmpty()) {
            return 0;
        }
        final int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    public static double mebibytes(final long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** Parses {@code --name=value} arguments. */
    public static Map<String, String> options(final String[] args) {
        final Map<String, String> options = new HashMap<>();
        for (final String arg : args) {
            final int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("Options look like --name=value, not " + arg);
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return options;
    }
}
