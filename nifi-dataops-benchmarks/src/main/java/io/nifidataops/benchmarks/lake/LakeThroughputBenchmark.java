package io.nifidataops.benchmarks.lake;

import io.nifidataops.benchmarks.Benchmarks;
import io.nifidataops.aws.StandardAwsConnectionService;
import io.nifidataops.benchmarks.RecordServices;
import io.nifidataops.benchmarks.TelemetryGenerator;
import io.nifidataops.processors.PutLakeParquet;
import io.nifidataops.testing.S3TestServer;
import org.apache.nifi.avro.AvroReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records/s and MiB/s of PutLakeParquet writing the generated telemetry to the in-process S3 server, beside plain parquet-avro
 * writing the same records to a local file, in one JVM: each round runs both, in an order alternated per round, PutLakeParquet on
 * a fresh TestRunner (only {@code runner.run()} is timed; nifi-mock holds the content in heap, so give this JVM a large -Xmx).
 */
final class LakeThroughputBenchmark {

    static final String BUCKET = "lake-benchmark";
    static final String PUT_LAKE_PARQUET = "put-lake-parquet";
    static final String PARQUET_AVRO = "parquet-avro";
    static final String JSON_TREE_READER = "json-tree-reader";
    static final String PUT_LAKE_PARQUET_AVRO = "put-lake-parquet-avro-input";
    static final String PARQUET_AVRO_FROM_AVRO = "parquet-avro-avro-input";
    static final String PUT_LAKE_PARQUET_ONE_THREAD = "put-lake-parquet-one-thread";
    private static final List<String> KEYS = List.of(PUT_LAKE_PARQUET, PARQUET_AVRO, JSON_TREE_READER, PUT_LAKE_PARQUET_AVRO,
            PARQUET_AVRO_FROM_AVRO, PUT_LAKE_PARQUET_ONE_THREAD);
    private static final Map<String, String> LABELS = Map.of(
            PUT_LAKE_PARQUET, "PutLakeParquet -> in-process S3 (JsonTreeReader, SNAPPY, by activity)",
            PARQUET_AVRO, "parquet-avro -> local file (Jackson to Utf8, SNAPPY; the ceiling)",
            JSON_TREE_READER, "NiFi JsonTreeReader alone, raw values (PutLakeParquet's reader)",
            PUT_LAKE_PARQUET_AVRO, "PutLakeParquet -> in-process S3 (AvroReader, Avro input, SNAPPY)",
            PARQUET_AVRO_FROM_AVRO, "parquet-avro -> local file (Avro DataFileReader input)",
            PUT_LAKE_PARQUET_ONE_THREAD, "PutLakeParquet, Background Encoding off (all on the task's thread)");
    private static final String TABLE_PREFIX = "lake/structured/device/";
    /** The Avro-input case writes its own table: object names derive from the content, so the two inputs make different objects. */
    private static final String AVRO_INPUT_DATASET = "vitals_avro_input";

    /** One case over the measured rounds: medians of records/s and of input and Parquet MiB/s; the objects and bytes of its last round. */
    record CaseResult(String key, String label, double medianRecordsPerSecond, double minRecordsPerSecond, double maxRecordsPerSecond,
                      double medianInputMiBPerSecond, double medianParquetMiBPerSecond, List<Double> recordsPerSecond,
                      long recordsOut, int objects, long parquetBytes) {
    }

    /**
     * @param ratio PutLakeParquet (JSON input) / parquet-avro (JSON input), median records/s (the goal: at least 0.75)
     * @param readerPlusCeilingRatio PutLakeParquet / (NiFi's reader and parquet-avro run one after the other, 1 / (1/r + 1/c)):
     *                               how close the processor comes to the cost of the two libraries it chains
     * @param avroInputRatio PutLakeParquet with AvroReader on the Avro data file / the same JSON-input ceiling
     * @param avroInputToAvroCeilingRatio PutLakeParquet with AvroReader / parquet-avro fed from the same Avro data file
     * @param oneThreadRatio PutLakeParquet (JSON input) with Background Encoding off / the same ceiling: the cost per core
     */
    record Report(long records, long inputBytes, long avroInputBytes, int warmupRounds, int rounds, String java, double loadAverageBefore,
                  double loadAverageAfter, List<CaseResult> cases, double ratio, double readerPlusCeilingRatio, double avroInputRatio,
                  double avroInputToAvroCeilingRatio, double oneThreadRatio) {
    }

    private record Run(double seconds, long recordsOut, int objects, long parquetBytes) {
    }

    private LakeThroughputBenchmark() {
    }

    static Report run(final TelemetryGenerator.Generated input, final S3TestServer s3, final Path workDir, final int warmupRounds,
                      final int rounds, final PrintStream progress) throws Exception {
        final Path avro = workDir.resolve(input.file().getFileName().toString().replace(".ndjson", "") + ".avro");
        final long avroRecords = ParquetAvroCeiling.writeAvroFile(input.file(), avro);
        if (avroRecords != input.records()) {
            throw new IllegalStateException("Avro input holds " + avroRecords + " records of " + input.records());
        }
        final double loadBefore = LakeBenchmarks.loadAverage();
        final Map<String, List<Run>> runs = new HashMap<>();
        KEYS.forEach(key -> runs.put(key, new ArrayList<>()));
        for (int round = 0; round < warmupRounds + rounds; round++) {
            final boolean warmup = round < warmupRounds;
            for (int i = 0; i < KEYS.size(); i++) {
                final String key = KEYS.get((i + round) % KEYS.size());
                final Run run = switch (key) {
                    case PUT_LAKE_PARQUET -> putLakeParquet(input, input.file(), false, true, s3, workDir, PUT_LAKE_PARQUET);
                    case PUT_LAKE_PARQUET_ONE_THREAD -> putLakeParquet(input, input.file(), false, false, s3, workDir, PUT_LAKE_PARQUET_ONE_THREAD);
                    case PARQUET_AVRO -> parquetAvro(input, workDir, () -> ParquetAvroCeiling.write(input.file(), workDir.resolve("ceiling.parquet")),
                            PARQUET_AVRO);
                    case PUT_LAKE_PARQUET_AVRO -> putLakeParquet(input, avro, true, true, s3, workDir, PUT_LAKE_PARQUET_AVRO);
                    case PARQUET_AVRO_FROM_AVRO -> parquetAvro(input, workDir,
                            () -> ParquetAvroCeiling.writeFromAvro(avro, workDir.resolve("ceiling.parquet")), PARQUET_AVRO_FROM_AVRO);
                    default -> jsonTreeReader(input);
                };
                progress.printf("  %s round %d  %-72s %,12.0f records/s%n", warmup ? "warm-up" : "measured", round + 1, LABELS.get(key),
                        input.records() / run.seconds());
                if (!warmup) {
                    runs.get(key).add(run);
                }
            }
        }
        final List<CaseResult> results = KEYS.stream().map(key -> result(key, runs.get(key), input)).toList();
        final double put = results.get(0).medianRecordsPerSecond();
        final double ceiling = results.get(1).medianRecordsPerSecond();
        final double reader = results.get(2).medianRecordsPerSecond();
        final double putAvro = results.get(3).medianRecordsPerSecond();
        final double avroCeiling = results.get(4).medianRecordsPerSecond();
        final double oneThread = results.get(5).medianRecordsPerSecond();
        return new Report(input.records(), input.bytes(), Files.size(avro), warmupRounds, rounds, Runtime.version().toString(), loadBefore,
                LakeBenchmarks.loadAverage(), results, put / ceiling, put * (1 / reader + 1 / ceiling), putAvro / ceiling, putAvro / avroCeiling,
                oneThread / ceiling);
    }

    static void print(final Report report, final PrintStream out) {
        out.printf("%nLake throughput: %,d records, %,d bytes NDJSON (%,d bytes Avro), %d measured rounds after %d warm-up, Java %s, load average %.2f -> %.2f%n",
                report.records(), report.inputBytes(), report.avroInputBytes(), report.rounds(), report.warmupRounds(), report.java(), report.loadAverageBefore(),
                report.loadAverageAfter());
        out.printf("%-74s %12s %12s %12s %10s %12s %8s%n", "case", "median r/s", "min r/s", "max r/s", "in MiB/s", "parquet MiB/s", "objects");
        for (final CaseResult c : report.cases()) {
            out.printf("%-74s %,12.0f %,12.0f %,12.0f %10.1f %12.1f %8d%n", c.label(), c.medianRecordsPerSecond(), c.minRecordsPerSecond(),
                    c.maxRecordsPerSecond(), c.medianInputMiBPerSecond(), c.medianParquetMiBPerSecond(), c.objects());
        }
        out.printf("ratio PutLakeParquet / parquet-avro ceiling (median records/s) %6.2f (goal: at least 0.75)%n", report.ratio());
        out.printf("ratio PutLakeParquet / (JsonTreeReader then parquet-avro, 1/(1/r+1/c)) %6.2f%n", report.readerPlusCeilingRatio());
        out.printf("ratio PutLakeParquet with Avro input (AvroReader) / parquet-avro ceiling (JSON input) %6.2f (goal: at least 0.75)%n",
                report.avroInputRatio());
        out.printf("ratio PutLakeParquet with Avro input / parquet-avro from the same Avro file %6.2f%n", report.avroInputToAvroCeilingRatio());
        out.printf("ratio PutLakeParquet with Background Encoding off / parquet-avro ceiling %6.2f (one core's worth)%n", report.oneThreadRatio());
        out.println("(in MiB/s is of the NDJSON for every case, so that the columns compare; the Avro file is smaller)");
    }

    private static Run putLakeParquet(final TelemetryGenerator.Generated input, final Path content, final boolean avroInput,
                                      final boolean backgroundEncoding, final S3TestServer s3, final Path workDir, final String key) throws IOException, InitializationException {
        // nifi-mock keeps content in heap: let the previous runner's content go before this one is read in
        System.gc();
        final TestRunner runner = TestRunners.newTestRunner(PutLakeParquet.class);
        if (avroInput) {
            final AvroReader avroReader = new AvroReader();
            runner.addControllerService("reader", avroReader);
            runner.setProperty(avroReader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "embedded-avro-schema");
            runner.enableControllerService(avroReader);
        } else {
            RecordServices.addReader(runner, "reader", LakeRecords.SCHEMA_TEXT);
        }
        final StandardAwsConnectionService aws = new StandardAwsConnectionService();
        runner.addControllerService("aws", aws);
        runner.setProperty(aws, "S3 Endpoint Override", s3.endpoint().toString());
        runner.setProperty(aws, "Use Path Style Access", "true");
        runner.setProperty(aws, "Credentials Strategy", "ACCESS_KEY");
        runner.setProperty(aws, "Access Key ID", S3TestServer.ACCESS_KEY_ID);
        runner.setProperty(aws, "Secret Access Key", S3TestServer.SECRET_ACCESS_KEY);
        runner.enableControllerService(aws);
        runner.setProperty("Record Reader", "reader");
        runner.setProperty("AWS Connection Service", "aws");
        runner.setProperty("Partition Columns", LakeRecords.PARTITION_FIELD);
        runner.setProperty("Background Encoding", String.valueOf(backgroundEncoding));
        final Path staging = Files.createDirectories(workDir.resolve("staging"));
        runner.setProperty("Staging Directory", staging.toString());
        final String dataset = avroInput ? AVRO_INPUT_DATASET : "vitals";
        runner.enqueue(content, Map.of("lake.bucket", BUCKET, "lake.prefix", "lake", "lake.zone", "structured",
                "lake.source", "device", "lake.dataset", dataset));

        final long start = System.nanoTime();
        runner.run();
        final double seconds = (System.nanoTime() - start) / 1e9;

        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship("failure");
        if (!failed.isEmpty() || runner.getFlowFilesForRelationship("success").isEmpty()) {
            throw new IllegalStateException("PutLakeParquet did not succeed: " + (failed.isEmpty() ? "FlowFile still queued" : failed.getFirst().getAttributes()));
        }
        final MockFlowFile out = runner.getFlowFilesForRelationship("success").getFirst();
        final List<S3Object> objects = s3.client().listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix(TABLE_PREFIX + dataset + "/")).contents()
                .stream().toList();
        final int objectCount = Integer.parseInt(out.getAttribute("lake.object.count"));
        if (objects.size() != objectCount) {
            throw new IllegalStateException("PutLakeParquet reported " + objectCount + " objects, the bucket holds " + objects.size());
        }
        return checked(new Run(seconds, Long.parseLong(out.getAttribute("record.count")), objectCount,
                objects.stream().mapToLong(S3Object::size).sum()), input, key);
    }

    @FunctionalInterface
    private interface CeilingWrite {
        long write() throws IOException;
    }

    private static Run parquetAvro(final TelemetryGenerator.Generated input, final Path workDir, final CeilingWrite write, final String key)
            throws IOException {
        System.gc();
        final Path parquet = workDir.resolve("ceiling.parquet");
        final long start = System.nanoTime();
        final long records = write.write();
        final double seconds = (System.nanoTime() - start) / 1e9;
        final long bytes = Files.size(parquet);
        Files.delete(parquet);
        return checked(new Run(seconds, records, 1, bytes), input, key);
    }

    /** Reads every record as PutLakeParquet does ({@code nextRecord(false, false)}, raw values) and drops it. */
    private static Run jsonTreeReader(final TelemetryGenerator.Generated input) throws Exception {
        System.gc();
        final TestRunner services = TestRunners.newTestRunner(NoOpProcessor.class);
        final RecordReaderFactory factory = RecordServices.addReader(services, "reader", LakeRecords.SCHEMA_TEXT);
        final long start = System.nanoTime();
        long records = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input.file()), 1 << 16);
             RecordReader reader = factory.createRecordReader(Map.of(), in, input.bytes(), services.getLogger())) {
            while (reader.nextRecord(false, false) != null) {
                records++;
            }
        }
        return checked(new Run((System.nanoTime() - start) / 1e9, records, 0, 0), input, JSON_TREE_READER);
    }

    private static Run checked(final Run run, final TelemetryGenerator.Generated input, final String key) {
        if (run.recordsOut() != input.records()) {
            throw new IllegalStateException("%s wrote %d records of %d".formatted(key, run.recordsOut(), input.records()));
        }
        return run;
    }

    private static CaseResult result(final String key, final List<Run> runs, final TelemetryGenerator.Generated input) {
        final List<Double> speeds = runs.stream().map(run -> input.records() / run.seconds()).toList();
        final List<Double> sorted = speeds.stream().sorted().toList();
        final double medianSeconds = input.records() / Benchmarks.median(sorted);
        final Run last = runs.isEmpty() ? new Run(0, 0, 0, 0) : runs.getLast();
        return new CaseResult(key, LABELS.get(key), Benchmarks.median(sorted), sorted.isEmpty() ? 0 : sorted.getFirst(),
                sorted.isEmpty() ? 0 : sorted.getLast(), Benchmarks.mebibytes(input.bytes()) / medianSeconds,
                Benchmarks.mebibytes(last.parquetBytes()) / medianSeconds, speeds, last.recordsOut(), last.objects(), last.parquetBytes());
    }
}
