package io.nifidataops.lake;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;

/**
 * The one place Parquet writers and readers are configured, without Hadoop: {@link PlainParquetConfiguration},
 * {@link PureJavaCodecs}, and the generic Avro data model. PutLakeParquet's staged files, LakeParquetRecordSetWriter's
 * FlowFile content and LakeParquetReader ({@link ParquetFileRecords}) all go through here.
 */
public final class ParquetFiles {

    private static final PureJavaCodecs CODECS = new PureJavaCodecs();

    private ParquetFiles() {
    }

    /** A writer of {@code schema} records into {@code file}; closing it writes the footer. */
    public static ParquetWriter<GenericRecord> writer(final OutputFile file, final Schema schema, final CompressionCodecName codec,
                                                      final long rowGroupSize) throws IOException {
        final PlainParquetConfiguration conf = new PlainParquetConfiguration();
        // Three-level lists: the standard layout, and the only one that holds null elements.
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        return AvroParquetWriter.<GenericRecord>builder(file)
                .withConf(conf)
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withCompressionCodec(codec)
                .withCodecFactory(CODECS)
                .withRowGroupSize(rowGroupSize)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    /** The configuration readers use: generic records (no generated classes), INT96 timestamps as 12-byte fixed values. */
    static PlainParquetConfiguration readConfiguration() {
        final PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.setBoolean(AvroReadSupport.READ_INT96_AS_FIXED, true);
        return conf;
    }

    /** Read options without Hadoop (see {@link HadoopFreeReadOptions}). */
    static ParquetReadOptions readOptions() {
        return HadoopFreeReadOptions.create(CODECS, readConfiguration());
    }
}
