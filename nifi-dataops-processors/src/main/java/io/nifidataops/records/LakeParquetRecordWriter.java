package io.nifidataops.records;

import io.nifidataops.lake.ParquetFiles;
import io.nifidataops.lake.RecordConversionException;
import io.nifidataops.lake.RecordConverter;
import io.nifidataops.lake.StreamOutputFile;
import io.nifidataops.processors.SafeErrorMessages;
import org.apache.avro.generic.GenericRecord;
import org.apache.nifi.schema.access.SchemaAccessWriter;
import org.apache.nifi.serialization.AbstractRecordSetWriter;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.parquet.hadoop.ParquetWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * One Parquet file per record set on a FlowFile's content stream. Records are converted by the lake's
 * {@link RecordConverter}; a value its column cannot hold fails with the record number and field path, never the value.
 * Errors from parquet-mr are rethrown in our words (their class names only), because the processors that use a writer log
 * whatever message it throws.
 */
final class LakeParquetRecordWriter extends AbstractRecordSetWriter {

    private final RecordSchema schema;
    private final SchemaAccessWriter schemaAccess;
    private final RecordConverter converter;
    private final LakeParquetRecordSetWriter.WriterSettings settings;
    private ParquetWriter<GenericRecord> parquet;
    private boolean fileWritten;

    LakeParquetRecordWriter(final OutputStream out, final RecordSchema schema, final SchemaAccessWriter schemaAccess,
                            final RecordConverter converter, final LakeParquetRecordSetWriter.WriterSettings settings) {
        super(out);
        this.schema = schema;
        this.schemaAccess = schemaAccess;
        this.converter = converter;
        this.settings = settings;
    }

    @Override
    protected void onBeginRecordSet() throws IOException {
        open();
    }

    @Override
    protected Map<String, String> writeRecord(final Record record) throws IOException {
        if (parquet == null) {
            open();
        }
        final GenericRecord converted;
        try {
            converted = converter.convert(record);
        } catch (final RecordConversionException e) {
            throw e.atRecord(getRecordCount() + 1L);
        }
        try {
            parquet.write(converted);
        } catch (final IOException | RuntimeException e) {
            throw new IOException("Cannot write record " + (getRecordCount() + 1L) + " to Parquet: " + SafeErrorMessages.describe(e));
        }
        return Map.of();
    }

    @Override
    protected Map<String, String> onFinishRecordSet() throws IOException {
        if (parquet == null) {
            open();
        }
        finishFile();
        return schemaAccess.getAttributes(schema);
    }

    @Override
    public String getMimeType() {
        return LakeParquetRecordSetWriter.MIME_TYPE;
    }

    @Override
    public void close() throws IOException {
        try {
            if (parquet != null) {
                finishFile();
            }
        } finally {
            super.close();
        }
    }

    private void open() throws IOException {
        if (fileWritten || parquet != null) {
            throw new IOException("A Parquet file holds one record set, and this content already has one");
        }
        try {
            parquet = ParquetFiles.writer(new StreamOutputFile(getOutputStream()), converter.getSchema(),
                    settings.compression().codec(), settings.rowGroupSize());
        } catch (final IOException | RuntimeException e) {
            throw new IOException("Cannot start the Parquet file: " + SafeErrorMessages.describe(e));
        }
    }

    /** Writes the last row group and the footer. */
    private void finishFile() throws IOException {
        final ParquetWriter<GenericRecord> closing = parquet;
        parquet = null;
        fileWritten = true;
        try {
            closing.close();
        } catch (final IOException | RuntimeException e) {
            throw new IOException("Cannot finish the Parquet file: " + SafeErrorMessages.describe(e));
        }
    }
}
