package io.nifidataops.benchmarks.lake;

import io.nifidataops.lake.PureJavaCodecs;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The library's own ceiling: plain parquet-avro writing the same records to one local file, SNAPPY, with the row group size and
 * the pure-Java codecs PutLakeParquet uses, parsing the NDJSON with Jackson's streaming parser (the fastest JSON path here).
 */
final class ParquetAvroCeiling {

    /** Row Group Size default of PutLakeParquet. */
    static final long ROW_GROUP_SIZE = 32L << 20;

    private ParquetAvroCeiling() {
    }

    /** Writes every record of {@code ndjson} to {@code parquet}; returns the number of records. */
    static long write(final Path ndjson, final Path parquet) throws IOException {
        final PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        long records = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(ndjson), 1 << 16);
             LakeRecords.NdjsonReader reader = new LakeRecords.NdjsonReader(in);
             ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(parquet))
                     .withConf(conf)
                     .withSchema(LakeRecords.SCHEMA)
                     .withDataModel(GenericData.get())
                     .withCompressionCodec(CompressionCodecName.SNAPPY)
                     .withCodecFactory(new PureJavaCodecs())
                     .withRowGroupSize(ROW_GROUP_SIZE)
                     .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                     .build()) {
            for (GenericRecord record = reader.next(); record != null; record = reader.next()) {
                writer.write(record);
                records++;
            }
        }
        return records;
    }
}
