package io.nifidataops.records;

import io.nifidataops.lake.AvroSchemaMapper;
import io.nifidataops.lake.RecordConverter;
import io.nifidataops.lake.TimestampUnit;
import io.nifidataops.processors.ParquetCompression;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.schema.access.SchemaAccessWriter;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.SchemaRegistryRecordSetWriter;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes each record set as one Parquet file into the FlowFile's content, without Hadoop, with PutLakeParquet's type
 * mapping and conversion ({@link AvroSchemaMapper}, {@link RecordConverter}) and its pure-Java codecs.
 */
@Tags({"parquet", "record", "writer", "recordset", "serializer", "lake", "hadoop-free"})
@CapabilityDescription("Writes the records of a FlowFile as one Parquet file (the whole content), without Hadoop: the same"
        + " type mapping, column naming and pure-Java compression as PutLakeParquet, so ConvertRecord, PutFile, PutS3Object,"
        + " PutAzureBlobStorage and other record processors can produce Parquet. A record set is buffered up to one row group in"
        + " heap before it is written; the Parquet footer is written when the record set ends.")
@SeeAlso(classNames = {"io.nifidataops.records.LakeParquetReader", "io.nifidataops.processors.PutLakeParquet"})
public class LakeParquetRecordSetWriter extends SchemaRegistryRecordSetWriter implements RecordSetWriterFactory {

    /** The media type the Apache Parquet project registered with IANA. */
    public static final String MIME_TYPE = "application/vnd.apache.parquet";

    static final PropertyDescriptor COMPRESSION = new PropertyDescriptor.Builder()
            .name("Compression")
            .description("Parquet page compression (pure Java; no native library)")
            .required(true)
            .allowableValues(ParquetCompression.class)
            .defaultValue(ParquetCompression.SNAPPY)
            .build();

    static final PropertyDescriptor TIMESTAMP_PRECISION = new PropertyDescriptor.Builder()
            .name("Timestamp Precision")
            .description("Unit of Parquet timestamps (UTC-adjusted INT64): MICROS as Spark and Athena write, or MILLIS")
            .required(true)
            .allowableValues(TimestampUnit.MICROS.name(), TimestampUnit.MILLIS.name())
            .defaultValue(TimestampUnit.MICROS.name())
            .build();

    static final PropertyDescriptor ROW_GROUP_SIZE = new PropertyDescriptor.Builder()
            .name("Row Group Size")
            .description("Bytes of a Parquet row group. Each writer buffers up to one row group in heap")
            .required(true)
            .defaultValue("32 MB")
            .addValidator(StandardValidators.createDataSizeBoundsValidator(1024, Integer.MAX_VALUE))
            .build();

    /**
     * Parquet is a file with its schema in the footer: no strategy may write a header into the content (Confluent or
     * Hortonworks encodings, schema reference writers), only attributes or nothing.
     */
    private static final List<AllowableValue> WRITE_STRATEGIES = List.of(NO_SCHEMA, SCHEMA_NAME_ATTRIBUTE, AVRO_SCHEMA_ATTRIBUTE);

    private static final List<PropertyDescriptor> OWN_PROPERTY_DESCRIPTORS = List.of(COMPRESSION, TIMESTAMP_PRECISION, ROW_GROUP_SIZE);

    private volatile WriterSettings settings;

    /** What every writer of this service shares. */
    record WriterSettings(ParquetCompression compression, TimestampUnit timestampUnit, long rowGroupSize) {
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        final List<PropertyDescriptor> properties = new ArrayList<>(super.getSupportedPropertyDescriptors());
        properties.addAll(OWN_PROPERTY_DESCRIPTORS);
        return properties;
    }

    @Override
    protected List<AllowableValue> getSchemaWriteStrategyValues() {
        return WRITE_STRATEGIES;
    }

    @Override
    protected AllowableValue getDefaultSchemaWriteStrategy() {
        return NO_SCHEMA;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        settings = new WriterSettings(
                ParquetCompression.valueOf(context.getProperty(COMPRESSION).getValue()),
                TimestampUnit.valueOf(context.getProperty(TIMESTAMP_PRECISION).getValue()),
                context.getProperty(ROW_GROUP_SIZE).asDataSize(DataUnit.B).longValue());
    }

    @Override
    public RecordSetWriter createWriter(final ComponentLog logger, final RecordSchema schema, final OutputStream out,
                                        final Map<String, String> variables) throws SchemaNotFoundException {
        final SchemaAccessWriter schemaAccess = getSchemaAccessWriter(schema, variables);
        final WriterSettings current = settings;
        final RecordConverter converter = new AvroSchemaMapper(current.timestampUnit()).map(schema, recordName(schema), Set.of());
        return new LakeParquetRecordWriter(out, schema, schemaAccess, converter, current);
    }

    /** The Avro record name of the file's schema: the NiFi schema's name when it has one. */
    private static String recordName(final RecordSchema schema) {
        return schema.getSchemaName().filter(name -> !name.isBlank()).orElse("record");
    }
}
