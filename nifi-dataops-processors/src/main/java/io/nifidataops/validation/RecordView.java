package io.nifidataops.validation;

/** Read access to one record's field values; returns null when the field is absent or its value is null. */
@FunctionalInterface
public interface RecordView {

    Object value(String column);
}
