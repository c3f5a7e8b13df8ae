package io.nifidataops.processors;

import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;

/**
 * A Record Reader's next record, with whatever the reader throws while parsing marked as the content's fault. Readers
 * differ: the JSON readers throw MalformedRecordException, the CSV reader an UncheckedIOException, a schema's int column
 * a NumberFormatException. Wrapped in a MalformedRecordException, each is routed and logged as unreadable content (WARN,
 * the flow quarantines it) rather than as a fault that needs a person.
 */
final class RecordReads {

    private RecordReads() {
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
