package io.nifidataops.lake;

import io.nifidataops.ContentFault;
import io.nifidataops.SafeMessage;

/**
 * A value that its column cannot represent. The message names the field path and the column type and
 * never the value (record values may be PHI).
 */
public class RecordConversionException extends RuntimeException implements SafeMessage, ContentFault {

    private final String fieldPath;

    private RecordConversionException(final String message, final String fieldPath) {
        super(message);
        this.fieldPath = fieldPath;
    }

    /** "value of field 'bp.systolic' cannot be represented as decimal(5,2)". */
    public static RecordConversionException notRepresentable(final String fieldPath, final String columnType) {
        return new RecordConversionException("value of field '" + fieldPath + "' cannot be represented as " + columnType, fieldPath);
    }

    /** A field with no value whose column is not nullable. */
    public static RecordConversionException missing(final String fieldPath) {
        return new RecordConversionException("field '" + fieldPath + "' has no value but is not nullable", fieldPath);
    }

    /** The same error, located at a record (counted from 1) of the input. */
    public RecordConversionException atRecord(final long recordNumber) {
        return new RecordConversionException("record " + recordNumber + ": " + getMessage(), fieldPath);
    }

    public String getFieldPath() {
        return fieldPath;
    }
}
