package io.nifidataops.benchmarks;

import io.nifidataops.benchmarks.RecordServices.SchemaSource;
import io.nifidataops.validation.CompiledSuite;
import io.nifidataops.validation.SuiteParser;
import io.nifidataops.validation.SuiteRun;
import io.nifidataops.validation.ValidationOptions;
import io.nifidataops.validation.ValidationResult;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The record path of ValidateRecordExpectations without nifi-mock's in-heap content: NiFi's JsonTreeReader over a file stream,
 * a compiled suite run per record, JsonRecordSetWriters to valid and invalid files. Every {@code sampleEvery} records it forces a
 * GC and samples used heap, so the peak is the live set the path keeps, not garbage waiting to be collected.
 */
final class StreamingValidation {

    record Result(long records, long validRecords, long invalidRecords, boolean suiteSuccess, long unexpectedCount,
                  long maxHeapBytes, long baselineUsedHeapBytes, long peakUsedHeapBytes, int heapSamples, double seconds) {
    }

    private static final int BUFFER_SIZE = 1 << 16;

    private StreamingValidation() {
    }

    static Result run(final Path input, final Path outputDir, final Path suiteFile, final long sampleEvery, final long maxTrackedValues)
            throws Exception {
        final TestRunner services = TestRunners.newTestRunner(NoOpProcessor.class);
        final RecordReaderFactory readerFactory = RecordServices.addReader(services, "reader", SchemaSource.SCHEMA_TEXT);
        final RecordSetWriterFactory writerFactory = RecordServices.addWriter(services, "writer");
        final ComponentLog log = services.getLogger();
        final CompiledSuite suite = CompiledSuite.compile(SuiteParser.parse(Files.readString(suiteFile, StandardCharsets.UTF_8)));
        Files.createDirectories(outputDir);

        final HeapSampler heap = new HeapSampler();
        heap.sample();
        final long baseline = heap.peak();
        final long start = System.nanoTime();
        final ValidationOptions defaults = ValidationOptions.defaults();
        final ValidationOptions options = new ValidationOptions(defaults.resultFormat(), defaults.includeUnexpectedValues(),
                defaults.partialUnexpectedCount(), maxTrackedValues);
        long records = 0;
        final ValidationResult result;
        final long valid;
        final long invalid;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input), BUFFER_SIZE);
             RecordReader reader = readerFactory.createRecordReader(Map.of(), in, Files.size(input), log);
             OutputStream validOut = new BufferedOutputStream(Files.newOutputStream(outputDir.resolve("valid.json")), BUFFER_SIZE);
             OutputStream invalidOut = new BufferedOutputStream(Files.newOutputStream(outputDir.resolve("invalid.json")), BUFFER_SIZE)) {
            final RecordSchema schema = reader.getSchema();
            final SuiteRun run = suite.newRun(schema.getFieldNames(), options);
            if (run.needsPreparationPass()) {
                // Uniqueness: a first pass over the file, as the processor reads its content twice
                try (InputStream first = new BufferedInputStream(Files.newInputStream(input), BUFFER_SIZE);
                     RecordReader firstReader = readerFactory.createRecordReader(Map.of(), first, Files.size(input), log)) {
                    Record next;
                    long prepared = 0;
                    while ((next = firstReader.nextRecord(false, false)) != null) {
                        run.prepare(next.toMap()::get);
                        if (++prepared % sampleEvery == 0) {
                            heap.sample();
                        }
                    }
                }
            }
            try (RecordSetWriter validWriter = writerFactory.createWriter(log, schema, validOut, Map.of());
                 RecordSetWriter invalidWriter = writerFactory.createWriter(log, schema, invalidOut, Map.of())) {
                validWriter.beginRecordSet();
                invalidWriter.beginRecordSet();
                Record next;
                while ((next = reader.nextRecord(false, false)) != null) { // as the processor reads
                    final Record record = next;
                    final List<String> broken = run.evaluate(record.toMap()::get); // as the processor looks values up
                    (broken.isEmpty() ? validWriter : invalidWriter).write(record);
                    if (++records % sampleEvery == 0) {
                        heap.sample();
                    }
                }
                valid = validWriter.finishRecordSet().getRecordCount();
                invalid = invalidWriter.finishRecordSet().getRecordCount();
            }
            result = run.finish();
        }
        heap.sample();
        final double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(records, valid, invalid, result.success(), result.unexpectedCount(),
                Runtime.getRuntime().maxMemory(), baseline, heap.peak(), heap.samples(), seconds);
    }
}
