package io.nifidataops.benchmarks.lake;

import io.nifidataops.benchmarks.Benchmarks;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.benchmarks.ChildJvm;
import io.nifidataops.benchmarks.TelemetryGenerator;
import io.nifidataops.testing.S3TestServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link StreamingLakeWrite} on inputs of several sizes, each in a child JVM with the same small -Xmx, against the S3 server
 * of this JVM (so the server's heap is not counted).
 *
 * <p>The lake path holds the open Parquet files' buffers, which fill until a file reaches Max Records Per Object (1,000,000) or
 * its row group is flushed: at most Row Group Size x Maximum Open Partitions. The smallest input shows the ramp below that
 * point. The heap is flat when every size completes and the peak live heap of the largest input is within
 * {@link #FLAT_TOLERANCE_BYTES} of the next smaller one's (with two sizes: of the smaller one's).
 */
final class LakeHeapBenchmark {

    /** GC sampling noise between runs; a path that kept per-record state would grow by far more over 9,000,000 more records. */
    static final long FLAT_TOLERANCE_BYTES = 8L << 20;

    record SizeResult(long records, long inputBytes, int exitCode, StreamingLakeWrite.Result result) {
    }

    record Report(String xmx, List<SizeResult> sizes, long peakGrowthBytes, boolean flat) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private LakeHeapBenchmark() {
    }

    static Report run(final List<Long> sizes, final String xmx, final S3TestServer s3, final Path workDir, final long seed,
                      final PrintStream progress) throws IOException, InterruptedException {
        final List<SizeResult> results = new ArrayList<>();
        for (final long size : sizes) {
            final Path input = workDir.resolve("lake-telemetry-" + size + ".ndjson");
            progress.printf("  lake heap: generating %,d records%n", size);
            final TelemetryGenerator.Generated generated = TelemetryGenerator.generate(input, size, seed, TelemetryGenerator.Layout.NDJSON);
            final Path resultFile = workDir.resolve("lake-stream-" + size + ".json");
            Files.deleteIfExists(resultFile);
            progress.printf("  lake heap: writing %,d records to S3 in a child JVM with -Xmx%s%n", size, xmx);
            final int exitCode = ChildJvm.run(xmx, LakeBenchmarks.class, List.of(LakeBenchmarks.STREAM_MODE,
                    "--input=" + input, "--s3-endpoint=" + s3.endpoint(), "--bucket=" + LakeThroughputBenchmark.BUCKET,
                    "--staging=" + workDir.resolve("staging"), "--result=" + resultFile, "--sample-every=" + ChildJvm.sampleEvery(size)));
            final StreamingLakeWrite.Result result = exitCode == 0 ? JSON.readValue(resultFile.toFile(), StreamingLakeWrite.Result.class) : null;
            results.add(new SizeResult(size, generated.bytes(), exitCode, result));
            Files.deleteIfExists(input);
        }
        final boolean allCompleted = results.stream().allMatch(r -> r.result() != null && r.result().records() == r.records());
        final long growth = allCompleted
                ? results.getLast().result().peakUsedHeapBytes() - results.get(Math.max(0, results.size() - 2)).result().peakUsedHeapBytes() : -1;
        return new Report(xmx, results, growth, allCompleted && growth <= FLAT_TOLERANCE_BYTES);
    }

    static void print(final Report report, final PrintStream out) {
        out.printf("%nLake heap: JsonTreeReader -> ParquetTableStager -> ObjectUploader/S3ObjectStore (file stream in, S3 out), "
                + "each size in a child JVM with -Xmx%s%n", report.xmx());
        out.printf("%12s %12s %8s %14s %14s %15s %8s %12s%n", "records", "input MiB", "objects", "parquet MiB", "baseline MiB",
                "peak live MiB", "samples", "records/s");
        for (final SizeResult size : report.sizes()) {
            final StreamingLakeWrite.Result r = size.result();
            if (r == null) {
                out.printf("%,12d %,12.1f  did not complete (exit code %d)%n", size.records(), Benchmarks.mebibytes(size.inputBytes()),
                        size.exitCode());
                continue;
            }
            out.printf("%,12d %,12.1f %8d %,14.1f %,14.1f %,15.1f %8d %,12.0f%n", r.records(), Benchmarks.mebibytes(size.inputBytes()),
                    r.objects(), Benchmarks.mebibytes(r.parquetBytes()), Benchmarks.mebibytes(r.baselineUsedHeapBytes()),
                    Benchmarks.mebibytes(r.peakUsedHeapBytes()), r.heapSamples(), r.records() / r.seconds());
        }
        out.printf("peak growth from the second largest to the largest input: %.1f MiB -> heap %s%n", Benchmarks.mebibytes(report.peakGrowthBytes()),
                report.flat() ? "stays flat" : "does NOT stay flat");
    }
}
