package io.nifidataops.benchmarks.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.benchmarks.Benchmarks;
import io.nifidataops.benchmarks.TelemetryGenerator;
import io.nifidataops.testing.S3TestServer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lake benchmark command. Modes: {@code throughput} (PutLakeParquet to the in-process S3 server against plain parquet-avro to a
 * local file), {@code heap} (peak live heap of the lake core at several input sizes, in child JVMs), {@code all} (both);
 * {@code stream} is the child JVM's entry point. Options are {@code --name=value}; the figures also go to
 * {@code <work-dir>/lake-report.json}.
 */
public final class LakeBenchmarks {

    static final String STREAM_MODE = "stream";
    private static final long SEED = 20_260_101L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LakeBenchmarks() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("Usage: LakeBenchmarks all|throughput|heap [--records=N] [--warmup=N] [--rounds=N] "
                    + "[--heap-sizes=N,M] [--heap-xmx=256m] [--work-dir=DIR]");
        }
        final Map<String, String> options = Benchmarks.options(Arrays.copyOfRange(args, 1, args.length));
        if (STREAM_MODE.equals(args[0])) {
            final StreamingLakeWrite.Result result = StreamingLakeWrite.run(Path.of(options.get("input")), URI.create(options.get("s3-endpoint")),
                    options.get("bucket"), Path.of(options.get("staging")), Long.parseLong(options.get("sample-every")));
            JSON.writeValue(Path.of(options.get("result")).toFile(), result);
            return;
        }
        final Map<String, Object> report = run(args[0], options, System.out);
        System.out.printf("%nReport: %s%n", Path.of(options.getOrDefault("work-dir", "target/benchmarks"), "lake-report.json").toAbsolutePath());
        if (report.get("heap") instanceof LakeHeapBenchmark.Report heap && !heap.flat()) {
            System.exit(1);
        }
    }

    /** Runs a mode against an S3 server started here, prints its tables and writes them to {@code <work-dir>/lake-report.json}. */
    static Map<String, Object> run(final String mode, final Map<String, String> options, final PrintStream out) throws Exception {
        final boolean throughput = mode.equals("all") || mode.equals("throughput");
        final boolean heap = mode.equals("all") || mode.equals("heap");
        if (!throughput && !heap) {
            throw new IllegalArgumentException("Unknown mode '" + mode + "': use all, throughput or heap");
        }
        final Path workDir = Path.of(options.getOrDefault("work-dir", "target/benchmarks"));
        Files.createDirectories(workDir);
        final Map<String, Object> report = new LinkedHashMap<>();
        try (S3TestServer s3 = new S3TestServer().start()) {
            s3.createBucket(LakeThroughputBenchmark.BUCKET);
            if (throughput) {
                final long records = Long.parseLong(options.getOrDefault("records", "1000000"));
                out.printf("Generating %,d records%n", records);
                final TelemetryGenerator.Generated input = TelemetryGenerator.generate(workDir.resolve("lake-telemetry-" + records + ".ndjson"),
                        records, SEED, TelemetryGenerator.Layout.NDJSON);
                final LakeThroughputBenchmark.Report result = LakeThroughputBenchmark.run(input, s3, workDir,
                        Integer.parseInt(options.getOrDefault("warmup", "1")), Integer.parseInt(options.getOrDefault("rounds", "5")), out);
                Files.delete(input.file());
                LakeThroughputBenchmark.print(result, out);
                report.put("throughput", result);
            }
            if (heap) {
                final List<Long> sizes = Arrays.stream(options.getOrDefault("heap-sizes", "1000000,5000000,10000000").split(","))
                        .map(String::trim).map(Long::parseLong).toList();
                final LakeHeapBenchmark.Report result = LakeHeapBenchmark.run(sizes, options.getOrDefault("heap-xmx", "256m"), s3, workDir, SEED, out);
                LakeHeapBenchmark.print(result, out);
                report.put("heap", result);
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(workDir.resolve("lake-report.json").toFile(), report);
        return report;
    }

    /** The system load average of the last minute (other builds share this machine); -1 where the OS does not report it. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
