package io.nifidataops.processors;

import io.nifidataops.lake.AvroSchemaMapper;
import io.nifidataops.lake.DateGranularity;
import io.nifidataops.lake.ParquetSettings;
import io.nifidataops.lake.ParquetTableStager;
import io.nifidataops.lake.PartitionSpec;
import io.nifidataops.lake.S3WriteOptions;
import io.nifidataops.lake.ServerSideEncryption;
import io.nifidataops.lake.TimestampUnit;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.ProcessContext;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * PutLakeParquet's configuration, read once when the processor is scheduled. The Parquet parts are null
 * for the raw format. Per-FlowFile values (location, tags) are evaluated in onTrigger.
 */
record PutLakeSettings(LakeOutputFormat format, ParquetCompression compression, ParquetTableStager stager,
                       List<String> partitionAttributes, S3WriteOptions writeOptions, Path stagingDirectory, List<String> objectTags,
                       String dateColumn, DateGranularity granularity, ZoneId timeZone) {

    /** @param encoders the processor's executor for background Parquet encoding, or null to encode on the task's thread */
    static PutLakeSettings from(final ProcessContext context, final ExecutorService encoders) {
        final LakeOutputFormat format = context.getProperty(PutLakeParquet.OUTPUT_FORMAT).asAllowableValue(LakeOutputFormat.class);
        final List<String> partitionAttributes = splitList(context.getProperty(PutLakeParquet.PARTITION_ATTRIBUTES).getValue());
        final List<String> objectTags = ObjectTags.entries(context.getProperties().get(PutLakeParquet.OBJECT_TAGS));
        if (format == LakeOutputFormat.RAW) {
            return new PutLakeSettings(format, null, null, partitionAttributes, writeOptions(context), null, objectTags, null, null, null);
        }
        final ParquetCompression compression = context.getProperty(PutLakeParquet.COMPRESSION).asAllowableValue(ParquetCompression.class);
        final ParquetSettings parquet = new ParquetSettings(compression.codec(),
                context.getProperty(PutLakeParquet.ROW_GROUP_SIZE).asDataSize(DataUnit.B).longValue(),
                context.getProperty(PutLakeParquet.MAX_RECORDS_PER_OBJECT).asLong(),
                context.getProperty(PutLakeParquet.MAX_OPEN_PARTITIONS).asInteger(),
                context.getProperty(PutLakeParquet.BACKGROUND_ENCODING).asBoolean());
        final AvroSchemaMapper mapper = new AvroSchemaMapper(TimestampUnit.valueOf(context.getProperty(PutLakeParquet.TIMESTAMP_PRECISION).getValue()));
        // The date partition's settings depend on Date Partition Field: read only when it is set
        final boolean datePartitioned = context.getProperty(PutLakeParquet.DATE_PARTITION_FIELD).isSet();
        final String dateColumn = datePartitioned ? context.getProperty(PutLakeParquet.DATE_PARTITION_COLUMN).getValue() : null;
        final DateGranularity granularity = datePartitioned
                ? DateGranularity.valueOf(context.getProperty(PutLakeParquet.DATE_PARTITION_GRANULARITY).getValue()) : DateGranularity.DAY;
        final ZoneId timeZone = datePartitioned ? ZoneId.of(context.getProperty(PutLakeParquet.DATE_PARTITION_TIME_ZONE).getValue().strip()) : ZoneOffset.UTC;
        // The partition fields are evaluated per FlowFile (partitionSpec): the stager's own spec is only a placeholder
        return new PutLakeSettings(format, compression, new ParquetTableStager(mapper, PartitionSpec.NONE, parquet, encoders), partitionAttributes,
                writeOptions(context), Path.of(context.getProperty(PutLakeParquet.STAGING_DIRECTORY).evaluateAttributeExpressions().getValue()),
                objectTags, dateColumn, granularity, timeZone);
    }

    /** How this FlowFile's records are partitioned: Date Partition Field and Partition Columns may differ per FlowFile. */
    PartitionSpec partitionSpec(final ProcessContext context, final FlowFile flowFile) {
        final String dateField = dateColumn == null ? null : context.getProperty(PutLakeParquet.DATE_PARTITION_FIELD).evaluateAttributeExpressions(flowFile).getValue();
        final List<String> fields = splitList(context.getProperty(PutLakeParquet.PARTITION_COLUMNS).evaluateAttributeExpressions(flowFile).getValue());
        return new PartitionSpec(dateField == null || dateField.isBlank() ? null : dateField.strip(), dateColumn, granularity, fields,
                partitionAttributes, timeZone);
    }

    private static S3WriteOptions writeOptions(final ProcessContext context) {
        final ServerSideEncryption encryption = context.getProperty(PutLakeParquet.SERVER_SIDE_ENCRYPTION).asAllowableValue(ServerSideEncryption.class);
        return new S3WriteOptions(
                context.getProperty(PutLakeParquet.MULTIPART_THRESHOLD).asDataSize(DataUnit.B).longValue(),
                context.getProperty(PutLakeParquet.MULTIPART_PART_SIZE).asDataSize(DataUnit.B).longValue(),
                encryption,
                encryption == ServerSideEncryption.KMS ? context.getProperty(PutLakeParquet.KMS_KEY_ID).evaluateAttributeExpressions().getValue() : null,
                context.getProperty(PutLakeParquet.STORAGE_CLASS).getValue(),
                Map.of());
    }

    private static List<String> splitList(final String value) {
        final List<String> items = new ArrayList<>();
        if (value != null) {
            for (final String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return List.copyOf(items);
    }
}
