package io.nifidataops.lake;

import io.nifidataops.testing.ParquetReadBack;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class BackgroundEncoderTest {

    private static final RecordSchema SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("seq", RecordFieldType.INT.getDataType(), false),
            new RecordField("patient", RecordFieldType.STRING.getDataType())));
    private static final RecordConverter CONVERTER = new AvroSchemaMapper(TimestampUnit.MICROS).map(SCHEMA, "vitals", Set.of());
    /** Small row groups and objects, few open files: rolling and eviction happen on the encoder thread too. */
    private static final ParquetSettings SETTINGS = new ParquetSettings(CompressionCodecName.SNAPPY, 64 << 10, 1_500, 2, true);
    private static final int RECORDS = 10 * BackgroundEncoder.BATCH_SIZE + 7;

    @TempDir
    Path background;

    @TempDir
    Path foreground;

    private ThreadPoolExecutor executor;

    @BeforeEach
    void startExecutor() {
        executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
    }

    @AfterEach
    void noEncoderOutlivesItsWriter() throws InterruptedException {
        // shutdown() interrupts nothing: an encoder still waiting for batches would keep the pool from terminating
        executor.shutdown();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).as("every encoder task ended with its writer").isTrue();
    }

    @Test
    void testFilesAndContentsEqualThoseOfTheCallersThread() throws Exception {
        final List<StagedFile> inBackground = writeAll(new BackgroundEncoder(writer(background), executor));
        final List<StagedFile> onCaller = writeAll(writer(foreground));

        assertThat(inBackground).hasSizeGreaterThan(3).extracting(StagedFile::partition, StagedFile::sequence, StagedFile::recordCount)
                .isEqualTo(onCaller.stream().map(file -> tuple(file.partition(), file.sequence(), file.recordCount())).toList());
        for (int i = 0; i < onCaller.size(); i++) {
            assertThat(Files.readAllBytes(inBackground.get(i).file())).isEqualTo(Files.readAllBytes(onCaller.get(i).file()));
        }
        assertThat(ParquetReadBack.query("SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq FROM " + ParquetReadBack.source(background))
                .getFirst()).containsEntry("n", (long) RECORDS).containsEntry("distinct_seq", (long) RECORDS);
    }

    @Test
    void testEncoderFailureReachesTheCaller() {
        final Path missing = background.resolve("deleted");
        assertThatThrownBy(() -> writeAll(new BackgroundEncoder(writer(missing), executor)))
                .isInstanceOf(StagingException.class)
                .hasMessageStartingWith("Cannot create local Parquet file " + missing);
    }

    @Test
    void testRecordParquetRejectsFailsTheCallerWithParquetsError() {
        final GenericRecord broken = new GenericData.Record(CONVERTER.getSchema());
        assertThatThrownBy(() -> {
            try (BackgroundEncoder encoder = new BackgroundEncoder(writer(background), executor)) {
                for (int i = 0; i < 3 * BackgroundEncoder.BATCH_SIZE; i++) {
                    encoder.write(PartitionKey.NONE, i == BackgroundEncoder.BATCH_SIZE + 1 ? broken : record(i));
                }
                encoder.finish();
            }
        }).isInstanceOf(RuntimeException.class).hasMessageContaining("seq");
    }

    @Test
    void testCloseWithoutFinishStopsTheEncoder() throws Exception {
        try (BackgroundEncoder encoder = new BackgroundEncoder(writer(background), executor)) {
            for (int i = 0; i < 5 * BackgroundEncoder.BATCH_SIZE; i++) {
                encoder.write(key(i), record(i));
            }
        }
        // the @AfterEach check: no encoder is left running
    }

    @Test
    void testAShutDownExecutorFailsTheCallerAsStagingTrouble() throws Exception {
        executor.shutdown();
        assertThatThrownBy(() -> writeAll(new BackgroundEncoder(writer(background), executor)))
                .isInstanceOf(StagingException.class).hasMessageContaining("executor is shut down");
    }

    @Test
    void testInputSmallerThanABatchIsWrittenWithoutAThread() throws Exception {
        final List<StagedFile> files;
        try (BackgroundEncoder encoder = new BackgroundEncoder(writer(background), executor)) {
            for (int i = 0; i < 10; i++) {
                encoder.write(PartitionKey.NONE, record(i));
            }
            files = encoder.finish();
            assertThat(executor.getTaskCount()).isZero();
        }
        assertThat(files).singleElement().extracting(StagedFile::recordCount).isEqualTo(10L);
    }

    private static PartitionedParquetWriter writer(final Path directory) {
        return new PartitionedParquetWriter(CONVERTER.getSchema(), SETTINGS, directory);
    }

    private static List<StagedFile> writeAll(final PartitionedRecordSink sink) throws StagingException {
        try (sink) {
            for (int i = 0; i < RECORDS; i++) {
                sink.write(key(i), record(i));
            }
            return sink.finish();
        }
    }

    private static PartitionKey key(final int i) {
        return new PartitionKey(List.of("ward"), List.of("w" + (i * 7 % 3)));
    }

    private static GenericRecord record(final int i) {
        return CONVERTER.convert(new MapRecord(SCHEMA, Map.of("seq", i, "patient", "p" + (i % 97))));
    }
}
