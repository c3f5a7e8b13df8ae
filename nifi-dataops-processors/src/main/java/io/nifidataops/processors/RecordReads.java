package io.nifidataops.processors;

import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A Record Reader opened and read with whatever the reader throws while parsing marked as the content's fault. Readers
 * differ: the JSON readers throw MalformedRecordException, the CSV reader an UncheckedIOException, a schema's int column
 * a NumberFormatException. Wrapped in a MalformedRecordException, each is routed and logged as unreadable content (WARN,
 * the flow quarantines it) rather than as a fault that needs a person.
 */
final class RecordReads {

    private RecordReads() {
    }

    /**
     * Opens a reader on a FlowFile's content. Readers that infer a schema or read a header parse content here already (the
     * CSV reader's UncheckedIOException of a malformed header): such failures are the content's too.
     */
    static RecordReader open(final RecordReaderFactory factory, final Map<String, String> attributes, final InputStream content, final long length,
                             final ComponentLog logger) throws MalformedRecordException, SchemaNotFoundException {
        try {
            return factory.createRecordReader(attributes, content, length, logger);
        } catch (final MalformedRecordException | SchemaNotFoundException e) {
            throw e;
        } catch (final IOException | RuntimeException e) {
            throw new MalformedRecordException("The Record Reader could not read the content", e);
        }
    }

    static Record next(final RecordReader reader, final boolean coerceTypes, final boolean dropUnknownFields) throws MalformedRecordException {
        try {
            return reader.nextRecord(coerceTypes, dropUnknownFields);
        } catch (final MalformedRecordException e) {
            throw e;
        } catch (final IOException | RuntimeException e) {
            throw new MalformedRecordException("The Record Reader could not read a record", e);
        }
    }
}
