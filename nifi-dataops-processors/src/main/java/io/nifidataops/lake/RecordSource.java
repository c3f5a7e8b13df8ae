package io.nifidataops.lake;

import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;

/** The records of one FlowFile, one at a time (a NiFi RecordReader's {@code nextRecord}); null at the end. */
@FunctionalInterface
public interface RecordSource {

    Record next() throws IOException, MalformedRecordException;
}
