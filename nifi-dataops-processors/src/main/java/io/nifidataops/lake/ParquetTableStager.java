package io.nifidataops.lake;

import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Streams one FlowFile's records into partitioned local Parquet files: binds the partition spec to the
 * reader's schema, maps that schema to the table schema (partition fields left out), then converts and
 * routes each record. Nothing but the open files' row groups is held in memory.
 */
public final class ParquetTableStager {

    private final AvroSchemaMapper mapper;
    private final PartitionSpec partitionSpec;
    private final ParquetSettings settings;

    private final ExecutorService encoders;

    /** @param encoders runs {@link BackgroundEncoder}s when the settings ask for background encoding; null keeps encoding on the caller's thread */
    public ParquetTableStager(final AvroSchemaMapper mapper, final PartitionSpec partitionSpec, final ParquetSettings settings,
                              final ExecutorService encoders) {
        this.mapper = mapper;
        this.partitionSpec = partitionSpec;
        this.settings = settings;
        this.encoders = encoders;
    }

    /**
     * @param recordName name of the Avro record (the dataset), normalized
     * @throws RecordConversionException naming the record number and field of the first unrepresentable value
     * @throws LakeSchemaException when the schema or the partition spec cannot make a Parquet table
     */
    public StagedTable stage(final RecordSchema schema, final RecordSource records, final Map<String, String> attributes,
                             final String recordName, final Path directory) throws IOException, MalformedRecordException {
        return stage(partitionSpec, schema, records, attributes, recordName, directory);
    }

    /**
     * Stages under a partition spec of its own instead of the one this stager was made with: for settings that vary per FlowFile.
     *
     * @param spec how this FlowFile's records are partitioned
     */
    public StagedTable stage(final PartitionSpec spec, final RecordSchema schema, final RecordSource records, final Map<String, String> attributes,
                             final String recordName, final Path directory) throws IOException, MalformedRecordException {
        final Partitioner partitioner = Partitioner.bind(spec, schema, attributes);
        final RecordConverter converter = mapper.map(schema, recordName, partitioner.pathFields());
        final PartitionedParquetWriter parquet = new PartitionedParquetWriter(converter.getSchema(), settings, directory);
        try (PartitionedRecordSink writer = settings.backgroundEncoding() && encoders != null
                ? new BackgroundEncoder(parquet, encoders) : parquet) {
            long count = 0;
            for (Record record = records.next(); record != null; record = records.next()) {
                count++;
                try {
                    writer.write(partitioner.keyOf(record), converter.convert(record));
                } catch (final RecordConversionException e) {
                    throw e.atRecord(count);
                }
            }
            return new StagedTable(converter.getSchema(), writer.finish(), count);
        }
    }
}
