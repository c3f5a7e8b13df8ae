package io.nifidataops.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link StreamingValidation} on inputs of several sizes, each in a child JVM with the same small -Xmx. The heap is flat when
 * every size completes and the peak live heap of the largest is within {@link #FLAT_TOLERANCE_BYTES} of the smallest's.
 */
final class HeapBenchmark {

    /** GC sampling noise seen between runs of the same size; a path that kept per-record state would grow far beyond it. */
    static final long FLAT_TOLERANCE_BYTES = 8L << 20;

    record SizeResult(long records, long badRecords, long inputBytes, int exitCode, StreamingValidation.Result result) {
    }

    record Report(String suite, String xmx, List<SizeResult> sizes, long peakGrowthBytes, boolean flat) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private HeapBenchmark() {
    }

    static Report run(final List<Long> sizes, final String xmx, final Path suite, final long maxTrackedValues, final Path workDir,
                      final long seed, final PrintStream progress) throws IOException, InterruptedException {
        final List<SizeResult> results = new ArrayList<>();
        for (final long size : sizes) {
            final Path input = workDir.resolve("telemetry-" + size + ".ndjson");
            progress.printf("  heap: generating %,d records%n", size);
            final TelemetryGenerator.Generated generated = TelemetryGenerator.generate(input, size, seed, TelemetryGenerator.Layout.NDJSON);
            final Path outputDir = workDir.resolve("stream-" + size);
            final Path resultFile = workDir.resolve("stream-" + size + ".json");
            Files.deleteIfExists(resultFile);
            progress.printf("  heap: streaming %,d records in a child JVM with -Xmx%s%n", size, xmx);
            final int exitCode = runChild(xmx, input, outputDir, suite, resultFile, ChildJvm.sampleEvery(size), maxTrackedValues);
            final StreamingValidation.Result result = exitCode == 0 ? JSON.readValue(resultFile.toFile(), StreamingValidation.Result.class) : null;
            results.add(new SizeResult(size, generated.badRecords(), generated.bytes(), exitCode, result));
            // Inputs and outputs of the large runs are gigabytes: keep only the figures
            Files.deleteIfExists(input);
            Files.deleteIfExists(outputDir.resolve("valid.json"));
            Files.deleteIfExists(outputDir.resolve("invalid.json"));
        }
        final boolean allCompleted = results.stream().allMatch(r -> r.result() != null && r.result().records() == r.records());
        final long growth = allCompleted ? results.getLast().result().peakUsedHeapBytes() - results.getFirst().result().peakUsedHeapBytes() : -1;
        return new Report(suite.getFileName().toString(), xmx, results, growth, allCompleted && growth <= FLAT_TOLERANCE_BYTES);
    }

    static void print(final Report report, final PrintStream out) {
        out.printf("%nHeap: streaming record path (JsonTreeReader -> suite %s -> JsonRecordSetWriter, files on disk), each size in a child JVM with -Xmx%s%n",
                report.suite(), report.xmx());
        out.printf("%12s %14s %10s %10s %16s %16s %9s %12s%n", "records", "input MiB", "valid", "invalid", "baseline MiB", "peak live MiB", "samples", "records/s");
        for (final SizeResult size : report.sizes()) {
            final StreamingValidation.Result r = size.result();
            if (r == null) {
                out.printf("%,12d %,14.1f  did not complete (exit code %d)%n", size.records(), Benchmarks.mebibytes(size.inputBytes()), size.exitCode());
                continue;
            }
            out.printf("%,12d %,14.1f %,10d %,10d %,16.1f %,16.1f %,9d %,12.0f%n", r.records(), Benchmarks.mebibytes(size.inputBytes()), r.validRecords(),
                    r.invalidRecords(), Benchmarks.mebibytes(r.baselineUsedHeapBytes()), Benchmarks.mebibytes(r.peakUsedHeapBytes()), r.heapSamples(), r.records() / r.seconds());
        }
        out.printf("peak growth from smallest to largest input: %.1f MiB -> heap %s%n", Benchmarks.mebibytes(report.peakGrowthBytes()),
                report.flat() ? "stays flat" : "does NOT stay flat");
    }

    private static int runChild(final String xmx, final Path input, final Path outputDir, final Path suite, final Path resultFile,
                                final long sampleEvery, final long maxTrackedValues) throws IOException, InterruptedException {
        return ChildJvm.run(xmx, Benchmarks.class, List.of(Benchmarks.STREAM_MODE,
                "--input=" + input, "--output-dir=" + outputDir, "--suite=" + suite, "--result=" + resultFile, "--sample-every=" + sampleEvery,
                "--max-tracked-values=" + maxTrackedValues));
    }
}
