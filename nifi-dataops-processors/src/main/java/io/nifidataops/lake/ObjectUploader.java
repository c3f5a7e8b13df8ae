package io.nifidataops.lake;

import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Uploads one FlowFile's objects, in order, and never deletes one. Object names derive from the content and the partition,
 * so another FlowFile with the same content (a replay, a re-sent batch, a duplicate on another task or cluster node) owns the
 * same names and may already have reported them as written and registered: deleting them because this attempt failed later
 * would lose data behind a success. Objects this attempt wrote before a failure therefore stay; they hold exactly this
 * FlowFile's records, and the retry rewrites them with identical bytes, so nothing is duplicated either.
 *
 * <p>Only PutObject and the multipart calls are made: a write-only role (no s3:GetObject, no s3:ListBucket) is enough.
 */
public final class ObjectUploader {

    private final S3ObjectStore store;
    private final String bucket;

    public ObjectUploader(final S3ObjectStore store, final String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    /** @throws IOException or an SDK exception from the first object that failed; earlier objects stay written */
    public List<SentObject> uploadAll(final List<PlannedObject> objects) throws IOException {
        final List<SentObject> sent = new ArrayList<>(objects.size());
        for (final PlannedObject object : objects) {
            sent.add(upload(object));
        }
        return sent;
    }

    private SentObject upload(final PlannedObject object) throws IOException {
        final long started = System.nanoTime();
        try (InputStream content = object.content().open()) {
            final StoredObject stored = store.put(bucket, object.key(), content, object.length(), object.contentType());
            return new SentObject(stored, object.recordCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }
}
