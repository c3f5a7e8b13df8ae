package io.nifidataops.benchmarks.lake;

import io.nifidataops.aws.AwsClientFactory;
import io.nifidataops.aws.AwsClientSettings;
import io.nifidataops.benchmarks.HeapSampler;
import io.nifidataops.benchmarks.RecordServices;
import io.nifidataops.lake.AvroSchemaMapper;
import io.nifidataops.lake.ContentDigest;
import io.nifidataops.lake.DateGranularity;
import io.nifidataops.lake.ObjectUploader;
import io.nifidataops.lake.ParquetSettings;
import io.nifidataops.lake.ParquetTableStager;
import io.nifidataops.lake.PartitionSpec;
import io.nifidataops.lake.PlannedObject;
import io.nifidataops.lake.S3ObjectStore;
import io.nifidataops.lake.S3WriteOptions;
import io.nifidataops.lake.SentObject;
import io.nifidataops.lake.StagedTable;
import io.nifidataops.lake.StagingDirectory;
import io.nifidataops.lake.TableLocation;
import io.nifidataops.lake.TimestampUnit;
import io.nifidataops.testing.S3TestServer;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * PutLakeParquet's Parquet path without nifi-mock's in-heap content, as the processor runs it: NiFi's JsonTreeReader over a file
 * stream (digested for the object names), {@link ParquetTableStager} into a staging directory with the processor's defaults
 * (SNAPPY, 32 MB row groups, 1,000,000 records per object, 8 open partitions), then {@link ObjectUploader} and
 * {@link S3ObjectStore} to the S3 server. Every {@code sampleEvery} records, and every part-size of bytes uploaded, it forces a
 * GC and samples used heap, so the peak is the live set the path keeps.
 */
final class StreamingLakeWrite {

    record Result(long records, int objects, long parquetBytes, long maxHeapBytes, long baselineUsedHeapBytes, long peakUsedHeapBytes,
                  int heapSamples, double seconds) {
    }

    private static final ParquetSettings DEFAULTS = new ParquetSettings(CompressionCodecName.SNAPPY, ParquetAvroCeiling.ROW_GROUP_SIZE,
            1_000_000, 8, true);

    private StreamingLakeWrite() {
    }

    static Result run(final Path input, final URI s3Endpoint, final String bucket, final Path stagingParent, final long sampleEvery)
            throws Exception {
        final TestRunner services = TestRunners.newTestRunner(NoOpProcessor.class);
        final RecordReaderFactory readerFactory = RecordServices.addReader(services, "reader", LakeRecords.SCHEMA_TEXT);
        // One encoder thread, as PutLakeParquet's pool gives one concurrent task
        final ExecutorService encoders = Executors.newSingleThreadExecutor();
        final ParquetTableStager stager = new ParquetTableStager(new AvroSchemaMapper(TimestampUnit.MICROS),
                new PartitionSpec(null, null, DateGranularity.DAY, List.of(LakeRecords.PARTITION_FIELD), List.of()), DEFAULTS, encoders);
        final TableLocation location = new TableLocation(bucket, "heap", "structured", "device", "vitals");
        final S3WriteOptions writeOptions = S3WriteOptions.defaults();
        final AwsClientSettings settings = AwsClientSettings.of(S3TestServer.REGION, AwsClientSettings.Credentials.accessKey(
                S3TestServer.ACCESS_KEY_ID, S3TestServer.SECRET_ACCESS_KEY, null)).withS3Endpoint(s3Endpoint, true);
        Files.createDirectories(stagingParent);

        final HeapSampler heap = new HeapSampler();
        heap.sample();
        final long baseline = heap.peak();
        final long start = System.nanoTime();
        final long[] records = {0};
        final List<SentObject> sent;
        final StagedTable table;
        try (AwsClientFactory.AwsClients clients = AwsClientFactory.create(settings);
             StagingDirectory staging = StagingDirectory.create(stagingParent);
             InputStream file = Files.newInputStream(input);
             // JsonTreeReader closes its input at the end; the digest then reads what is left, as from a FlowFile's content stream
             ContentDigest content = new ContentDigest(new BufferedInputStream(file, 1 << 16) {
                 @Override
                 public void close() {
                 }
             });
             RecordReader reader = readerFactory.createRecordReader(Map.of(), content, Files.size(input), services.getLogger())) {
            table = stager.stage(reader.getSchema(), () -> {
                final Record record = reader.nextRecord(false, false); // as the processor reads
                if (record != null && ++records[0] % sampleEvery == 0) {
                    heap.sample();
                }
                return record;
            }, Map.of(), location.dataset(), staging.path());
            heap.sample();
            final List<PlannedObject> objects = table.objects(location, content.finish()).stream()
                    .map(object -> new PlannedObject(object.key(), object.length(), object.contentType(),
                            () -> new SamplingInputStream(object.content().open(), writeOptions.partSize(), heap), object.recordCount()))
                    .toList();
            sent = new ObjectUploader(new S3ObjectStore(clients.s3(), writeOptions), bucket).uploadAll(objects);
        } finally {
            encoders.shutdownNow();
        }
        heap.sample();
        final double seconds = (System.nanoTime() - start) / 1e9;
        final long recordsSent = sent.stream().mapToLong(SentObject::recordCount).sum();
        if (table.recordCount() != records[0] || recordsSent != records[0]) {
            throw new IllegalStateException("Read " + records[0] + " records, staged " + table.recordCount() + ", uploaded " + recordsSent);
        }
        return new Result(records[0], sent.size(), sent.stream().mapToLong(object -> object.object().size()).sum(),
                Runtime.getRuntime().maxMemory(), baseline, heap.peak(), heap.samples(), seconds);
    }

    /** Samples the heap each time another {@code every} bytes were read: while S3ObjectStore holds a full part buffer. */
    private static final class SamplingInputStream extends FilterInputStream {
        private final long every;
        private final HeapSampler heap;
        private long read;

        SamplingInputStream(final InputStream in, final long every, final HeapSampler heap) {
            super(in);
            this.every = every;
            this.heap = heap;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException {
            final int count = super.read(buffer, offset, length);
            if (count > 0 && (read + count) / every > read / every) {
                heap.sample();
            }
            read += Math.max(count, 0);
            return count;
        }
    }
}
