package io.nifidataops.lake;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Remembers that S3 failed in a way that may pass (down, overloaded, unreachable), and tells with one cheap call whether it is
 * back, so a writer does not read and encode a whole FlowFile only to fail at upload. The probe is HeadBucket, and any HTTP
 * answer below 500 counts as back, a 403 included: a write-only role may not read the bucket, yet the service is up.
 * Thread-safe.
 */
public final class S3Outage {

    private volatile String bucket;

    /** Marks S3 as possibly down; {@code bucket} is the one to probe. */
    public void suspect(final String bucket) {
        this.bucket = bucket;
    }

    public void clear() {
        bucket = null;
    }

    public boolean suspected() {
        return bucket != null;
    }

    /** @return true (and no longer suspected) when S3 answers; false while it is still down */
    public boolean probe(final S3Client s3) {
        final String probed = bucket;
        if (probed == null) {
            return true;
        }
        try {
            s3.headBucket(request -> request.bucket(probed));
        } catch (final SdkServiceException e) {
            if (e.statusCode() >= 500) {
                return false;
            }
        } catch (final SdkException e) {
            return false; // connection refused, timed out, DNS: still unreachable
        }
        clear();
        return true;
    }
}
