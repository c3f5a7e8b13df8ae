package io.nifidataops.benchmarks;

import io.nifidataops.benchmarks.RecordServices.SchemaSource;
import io.nifidataops.processors.ValidateRecordExpectations;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processors.standard.ConvertRecord;
import org.apache.nifi.processors.standard.ValidateRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records/s of NiFi's ConvertRecord and ValidateRecord and of ValidateRecordExpectations on the same generated file, in one JVM:
 * each round runs every case once, in an order rotated per round, each on a fresh TestRunner, timing only {@code runner.run()}.
 */
final class ThroughputBenchmark {

    /** A processor configured with NiFi's JsonTreeReader and JsonRecordSetWriter; its outputs carry record.count. */
    record Case(String key, String label, Class<? extends Processor> processor, SchemaSource schemaSource,
                String readerProperty, String writerProperty, List<String> outputs, boolean wideSuite) {

        Case(final String key, final String label, final Class<? extends Processor> processor, final SchemaSource schemaSource,
             final String readerProperty, final String writerProperty, final List<String> outputs) {
            this(key, label, processor, schemaSource, readerProperty, writerProperty, outputs, false);
        }
    }

    /** Maximum Tracked Values of the wide-suite case: its uniqueness check keeps one key per record, more than the default 1,000,000. */
    static final long WIDE_MAX_TRACKED_VALUES = 20_000_000L;

    static final List<Case> CASES = List.of(
            new Case("convert-record", "ConvertRecord JSON->JSON (record-copy ceiling)", ConvertRecord.class, SchemaSource.SCHEMA_TEXT,
                    "Record Reader", "Record Writer", List.of("success")),
            new Case("validate-record", "ValidateRecord, schema text (schema only)", ValidateRecord.class, SchemaSource.SCHEMA_TEXT,
                    "record-reader", "record-writer", List.of("valid", "invalid")),
            new Case("expectations", "ValidateRecordExpectations, schema text + vitals suite", ValidateRecordExpectations.class,
                    SchemaSource.SCHEMA_TEXT, "Record Reader", "Record Writer", List.of("valid", "invalid")),
            new Case("validate-record-inferred", "ValidateRecord, inferred schema (schema only)", ValidateRecord.class, SchemaSource.INFERRED,
                    "record-reader", "record-writer", List.of("valid", "invalid")),
            new Case("expectations-inferred", "ValidateRecordExpectations, inferred schema + vitals suite", ValidateRecordExpectations.class,
                    SchemaSource.INFERRED, "Record Reader", "Record Writer", List.of("valid", "invalid")),
            new Case("expectations-30", "ValidateRecordExpectations, schema text + 30-expectation suite", ValidateRecordExpectations.class,
                    SchemaSource.SCHEMA_TEXT, "Record Reader", "Record Writer", List.of("valid", "invalid"), true));

    /** One case over all measured rounds; records out and invalid are from its last round (every round must agree). */
    record CaseResult(String key, String label, double medianRecordsPerSecond, double minRecordsPerSecond, double maxRecordsPerSecond,
                      List<Double> recordsPerSecond, long recordsOut, long invalidRecords) {
    }

    record Report(long records, long badRecords, long inputBytes, int warmupRounds, int rounds, String java,
                  List<CaseResult> cases, Map<String, Double> ratios) {
    }

    private record Run(double seconds, long recordsOut, long invalidRecords) {
    }

    private static final String[][] RATIOS = {
            {"expectations", "validate-record"},
            {"expectations-inferred", "validate-record-inferred"},
            {"expectations", "convert-record"},
            {"expectations-30", "validate-record"}};

    private ThroughputBenchmark() {
    }

    static Report run(final TelemetryGenerator.Generated input, final Path suite, final Path wideSuite, final int warmupRounds, final int rounds,
                      final PrintStream progress) throws IOException, InitializationException {
        final Map<Case, List<Run>> runs = new HashMap<>();
        for (int round = 0; round < warmupRounds + rounds; round++) {
            final boolean warmup = round < warmupRounds;
            for (int i = 0; i < CASES.size(); i++) {
                final Case current = CASES.get((i + round) % CASES.size());
                final Run run = runOnce(current, input, current.wideSuite() ? wideSuite : suite);
                progress.printf("  %s round %d  %-60s %,12.0f records/s%n", warmup ? "warm-up" : "measured", round + 1, current.label(),
                        input.records() / run.seconds());
                if (!warmup) {
                    runs.computeIfAbsent(current, c -> new ArrayList<>()).add(run);
                }
            }
        }

        final List<CaseResult> results = new ArrayList<>();
        for (final Case c : CASES) {
            final List<Run> caseRuns = runs.getOrDefault(c, List.of());
            final List<Double> speeds = caseRuns.stream().map(run -> input.records() / run.seconds()).toList();
            final List<Double> sorted = speeds.stream().sorted().toList();
            final Run last = caseRuns.isEmpty() ? new Run(0, 0, 0) : caseRuns.getLast();
            results.add(new CaseResult(c.key(), c.label(), Benchmarks.median(sorted), sorted.isEmpty() ? 0 : sorted.getFirst(),
                    sorted.isEmpty() ? 0 : sorted.getLast(), speeds, last.recordsOut(), last.invalidRecords()));
        }
        final Map<String, Double> ratios = new LinkedHashMap<>();
        for (final String[] ratio : RATIOS) {
            ratios.put(ratio[0] + " / " + ratio[1], median(results, ratio[0]) / median(results, ratio[1]));
        }
        return new Report(input.records(), input.badRecords(), input.bytes(), warmupRounds, rounds, Runtime.version().toString(), results, ratios);
    }

    static void print(final Report report, final PrintStream out) {
        out.printf("%nThroughput: %,d records (%,d deliberately bad), %,d bytes NDJSON, %d measured rounds after %d warm-up, Java %s%n",
                report.records(), report.badRecords(), report.inputBytes(), report.rounds(), report.warmupRounds(), report.java());
        out.printf("%-66s %12s %12s %12s %9s%n", "case", "median r/s", "min r/s", "max r/s", "invalid");
        for (final CaseResult c : report.cases()) {
            out.printf("%-66s %,12.0f %,12.0f %,12.0f %,9d%n", c.label(), c.medianRecordsPerSecond(), c.minRecordsPerSecond(),
                    c.maxRecordsPerSecond(), c.invalidRecords());
        }
        report.ratios().forEach((name, value) -> out.printf("ratio %-56s %6.2f%n", name, value));
    }

    private static Run runOnce(final Case c, final TelemetryGenerator.Generated input, final Path suite) throws IOException, InitializationException {
        // nifi-mock keeps content in heap: let the previous runner's content go before this one is read in
        System.gc();
        final TestRunner runner = TestRunners.newTestRunner(c.processor());
        RecordServices.addReader(runner, "reader", c.schemaSource());
        RecordServices.addWriter(runner, "writer");
        runner.setProperty(c.readerProperty(), "reader");
        runner.setProperty(c.writerProperty(), "writer");
        if (c.processor() == ValidateRecordExpectations.class) {
            runner.setProperty("Expectation Suite", suite.toAbsolutePath().toString());
            if (c.wideSuite()) {
                runner.setProperty("Maximum Tracked Values", String.valueOf(WIDE_MAX_TRACKED_VALUES));
            }
        }
        runner.enqueue(input.file());

        final long start = System.nanoTime();
        runner.run();
        final double seconds = (System.nanoTime() - start) / 1e9;

        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship("failure");
        if (!failed.isEmpty()) {
            throw new IllegalStateException(c.label() + " routed the input to failure: " + failed.getFirst().getAttributes());
        }
        long out = 0;
        long invalid = 0;
        for (final String relationship : c.outputs()) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                final long count = Long.parseLong(flowFile.getAttribute("record.count"));
                out += count;
                invalid += "invalid".equals(relationship) ? count : 0;
            }
        }
        if (out != input.records()) {
            throw new IllegalStateException("%s wrote %d records of %d".formatted(c.label(), out, input.records()));
        }
        return new Run(seconds, out, invalid);
    }

    private static double median(final List<CaseResult> results, final String key) {
        return results.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow().medianRecordsPerSecond();
    }
}
