package io.nifidataops.records;

import io.nifidataops.SafeMessage;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.record.path.exception.RecordPathException;
import org.apache.nifi.serialization.record.Record;

import java.util.Iterator;

/**
 * A RecordPath that names one value of a record, such as a partition value or a model feature inside a nested
 * record ({@code /encounter/location/ward}). A path that selects several values for a record is an error: a partition
 * or a feature has exactly one value.
 */
public final class SingleValuePath {

    private final String text;
    private final RecordPath path;

    private SingleValuePath(final String text, final RecordPath path) {
        this.text = text;
        this.path = path;
    }

    /** Configuration entries that start with a slash are RecordPaths; anything else is a top-level field name. */
    public static boolean isRecordPath(final String entry) {
        return entry.strip().startsWith("/");
    }

    /** @throws IllegalArgumentException naming the path when it does not compile */
    public static SingleValuePath compile(final String text) {
        try {
            return new SingleValuePath(text, RecordPath.compile(text));
        } catch (final RecordPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid RecordPath");
        }
    }

    /**
     * @return the selected value, or null when the path selects nothing or a null
     * @throws AmbiguousPathException when the path selects more than one value in this record
     */
    public Object valueOf(final Record record) {
        final Iterator<FieldValue> selected = path.evaluate(record).getSelectedFields().iterator();
        if (!selected.hasNext()) {
            return null;
        }
        final Object value = selected.next().getValue();
        if (selected.hasNext()) {
            throw new AmbiguousPathException(text);
        }
        return value;
    }

    public String text() {
        return text;
    }

    /** The path selected several values in one record. The message names the path only. */
    public static final class AmbiguousPathException extends RuntimeException implements SafeMessage {
        AmbiguousPathException(final String path) {
            super("RecordPath '" + path + "' selects more than one value in a record");
        }
    }
}
