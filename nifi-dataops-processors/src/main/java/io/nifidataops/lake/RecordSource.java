package io.nifidataops.lake;

import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;

/** The records of one FlowFile, one at a time (a NiFi RecordReader's {@code nextRecord(false, false)}: values as the reader
 * produced them, not coerced to the schema); null at the end. */
@FunctionalInterface
public interface RecordSource {

    Record next() throws IOException, MalformedRecordException;
}
