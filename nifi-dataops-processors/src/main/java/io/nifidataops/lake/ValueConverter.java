package io.nifidataops.lake;

/**
 * Turns a non-null NiFi record value into the Avro representation of one column. Built once per
 * schema, so each converter already knows its field path for error messages.
 */
@FunctionalInterface
interface ValueConverter {

    Object convert(Object value);
}
