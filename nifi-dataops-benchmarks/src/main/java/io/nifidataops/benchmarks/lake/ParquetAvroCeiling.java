package io.nifidataops.benchmarks.lake;

import io.nifidataops.lake.PureJavaCodecs;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
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
 * the pure-Java codecs PutLakeParquet uses, parsing the NDJSON with Jackson's streaming parser (the fastest JSON path here) and
 * handing strings over as Avro {@code Utf8}, parquet-avro's fastest path for them (PutLakeParquet does the same). For the Avro-input
 * case, the same writer fed from an Avro data file by {@code DataFileReader} with a reused record (strings arrive as Utf8).
 */
final class ParquetAvroCeiling {

    /** Row Group Size default of PutLakeParquet. */
    static final long ROW_GROUP_SIZE = 32L << 20;

    private ParquetAvroCeiling() {
    }

    /** Writes every record of {@code ndjson} to {@code parquet}; returns the number of records. */
    static long write(final Path ndjson, final Path parquet) throws IOException {
        long records = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(ndjson), 1 << 16);
             LakeRecords.NdjsonReader reader = new LakeRecords.NdjsonReader(in, true);
             ParquetWriter<GenericRecord> writer = writer(parquet)) {
            for (GenericRecord record = reader.next(); record != null; record = reader.next()) {
                writer.write(record);
                records++;
            }
        }
        return records;
    }

    /** The same writer fed from an Avro data file (the Avro-input case's ceiling); returns the number of records. */
    static long writeFromAvro(final Path avro, final Path parquet) throws IOException {
        long records = 0;
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(avro.toFile(), new GenericDatumReader<>());
             ParquetWriter<GenericRecord> writer = writer(parquet)) {
            GenericRecord record = null;
            while (reader.hasNext()) {
                record = reader.next(record);
                writer.write(record);
                records++;
            }
        }
        return records;
    }

    /** Writes the NDJSON records as an Avro data file with its schema embedded (no codec), the Avro-input cases' content. */
    static long writeAvroFile(final Path ndjson, final Path avro) throws IOException {
        long records = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(ndjson), 1 << 16);
             LakeRecords.NdjsonReader reader = new LakeRecords.NdjsonReader(in, false);
             DataFileWriter<GenericRecord> writer = new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(LakeRecords.SCHEMA))
                     .create(LakeRecords.SCHEMA, avro.toFile())) {
            for (GenericRecord record = reader.next(); record != null; record = reader.next()) {
                writer.append(record);
                records++;
            }
        }
        return records;
    }

    private static ParquetWriter<GenericRecord> writer(final Path parquet) throws IOException {
        final PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        return AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(parquet))
                .withConf(conf)
                .withSchema(LakeRecords.SCHEMA)
                .withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withCodecFactory(new PureJavaCodecs())
                .withRowGroupSize(ROW_GROUP_SIZE)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }
}
