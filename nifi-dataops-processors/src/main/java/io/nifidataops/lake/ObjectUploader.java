package io.nifidataops.lake;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Uploads one FlowFile's objects all-or-nothing. If any upload fails, the objects this attempt created
 * (the failed key included, in case the server stored it before the connection broke) are deleted
 * before the error is rethrown, so a retry or the failure route leaves no partial table behind.
 * Objects that existed before the attempt (a replay overwriting its own earlier, complete write) are
 * kept: deleting them would lose data an earlier success had registered. Deletes that fail too (the
 * server is gone) are attached to the error as suppressed exceptions; the retry overwrites them.
 */
public final class ObjectUploader {

    private final S3Client s3;
    private final S3ObjectStore store;
    private final String bucket;

    public ObjectUploader(final S3Client s3, final S3ObjectStore store, final String bucket) {
        this.s3 = s3;
        this.store = store;
        this.bucket = bucket;
    }

    public List<SentObject> uploadAll(final List<PlannedObject> objects) throws IOException {
        final List<SentObject> sent = new ArrayList<>(objects.size());
        final List<String> created = new ArrayList<>();
        for (final PlannedObject object : objects) {
            try {
                if (!exists(object.key())) {
                    created.add(object.key());
                }
                sent.add(upload(object));
            } catch (final IOException | RuntimeException e) {
                created.forEach(key -> deleteQuietly(key, e));
                throw e;
            }
        }
        return sent;
    }

    private boolean exists(final String key) {
        try {
            s3.headObject(request -> request.bucket(bucket).key(key));
            return true;
        } catch (final NoSuchKeyException e) {
            return false;
        } catch (final S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private SentObject upload(final PlannedObject object) throws IOException {
        final long started = System.nanoTime();
        try (InputStream content = object.content().open()) {
            final StoredObject stored = store.put(bucket, object.key(), content, object.length(), object.contentType());
            return new SentObject(stored, object.recordCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    private void deleteQuietly(final String key, final Exception failure) {
        try {
            store.delete(bucket, key);
        } catch (final RuntimeException deleteFailure) {
            failure.addSuppressed(deleteFailure);
        }
    }
}
