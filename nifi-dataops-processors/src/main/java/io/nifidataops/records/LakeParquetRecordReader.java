package io.nifidataops.records;

import io.nifidataops.lake.ParquetFileRecords;
import io.nifidataops.processors.SafeErrorMessages;
import org.apache.avro.generic.GenericRecord;
import org.apache.nifi.avro.AvroTypeUtil;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The records of one Parquet file copied from a FlowFile. Avro schema and values become NiFi's through NiFi's own
 * {@link AvroTypeUtil}, as NiFi's AvroReader does: logical types (date, time, timestamp, decimal), arrays, maps and nested
 * records keep their NiFi types. Closing deletes the copy.
 */
final class LakeParquetRecordReader implements RecordReader {

    private final ParquetFileRecords records;
    private final Path copy;
    private final RecordSchema schema;
    private long recordNumber;

    LakeParquetRecordReader(final ParquetFileRecords records, final Path copy) {
        this.records = records;
        this.copy = copy;
        this.schema = AvroTypeUtil.createSchema(records.getSchema());
    }

    @Override
    public Record nextRecord(final boolean coerceTypes, final boolean dropUnknownFields) throws IOException, MalformedRecordException {
        final GenericRecord avro;
        try {
            avro = records.next();
        } catch (final IOException | RuntimeException e) {
            throw new MalformedRecordException("Cannot read Parquet record " + (recordNumber + 1) + ": " + SafeErrorMessages.describe(e));
        }
        if (avro == null) {
            return null;
        }
        recordNumber++;
        return new MapRecord(schema, AvroTypeUtil.convertAvroRecordToMap(avro, schema));
    }

    @Override
    public RecordSchema getSchema() {
        return schema;
    }

    @Override
    public void close() throws IOException {
        try {
            records.close();
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
