package io.nifidataops.lake;

/** An object S3 acknowledged, with how long its upload took (for the provenance SEND event). */
public record SentObject(StoredObject object, long recordCount, long millis) {
}
