package io.nifidataops.lake;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How objects are written: when to switch to multipart, part size, encryption, storage class and tags.
 *
 * @param multipartThreshold objects of this size or more are uploaded in parts
 * @param partSize bytes per part; also the one buffer a multipart upload holds in heap
 * @param kmsKeyId KMS key ID or ARN for {@link ServerSideEncryption#KMS}; null uses the account's aws/s3 key
 * @param storageClass S3 storage class such as STANDARD_IA; null leaves the bucket default
 * @param tags object tags (S3 allows 10)
 */
public record S3WriteOptions(long multipartThreshold, long partSize, ServerSideEncryption encryption, String kmsKeyId,
                             String storageClass, Map<String, String> tags) {

    public static final long MIB = 1024 * 1024;
    /** S3 rejects parts below 5 MiB, except the last. */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** One part lives in a byte array. */
    public static final long MAX_PART_SIZE = Integer.MAX_VALUE - 8;
    public static final int MAX_TAGS = 10;

    public S3WriteOptions {
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("Part size must be between 5 MiB and 2 GiB, was " + partSize);
        }
        if (multipartThreshold < 0 || multipartThreshold > MAX_PART_SIZE) {
            throw new IllegalArgumentException("Multipart threshold must be between 0 and 2 GiB, was " + multipartThreshold);
        }
        Objects.requireNonNull(encryption, "encryption");
        if (kmsKeyId != null && encryption != ServerSideEncryption.KMS) {
            throw new IllegalArgumentException("A KMS key ID applies only to SSE-KMS");
        }
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("S3 allows at most 10 tags per object, got " + tags.size());
        }
    }

    /** 16 MiB threshold, 8 MiB parts, no encryption header, bucket's storage class, no tags. */
    public static S3WriteOptions defaults() {
        return new S3WriteOptions(16 * MIB, 8 * MIB, ServerSideEncryption.NONE, null, null, Map.of());
    }

    public S3WriteOptions withMultipart(final long threshold, final long size) {
        return new S3WriteOptions(threshold, size, encryption, kmsKeyId, storageClass, tags);
    }

    public S3WriteOptions withEncryption(final ServerSideEncryption sse, final String keyId) {
        return new S3WriteOptions(multipartThreshold, partSize, sse, keyId, storageClass, tags);
    }

    public S3WriteOptions withStorageClass(final String newStorageClass) {
        return new S3WriteOptions(multipartThreshold, partSize, encryption, kmsKeyId, newStorageClass, tags);
    }

    public S3WriteOptions withTags(final Map<String, String> newTags) {
        return new S3WriteOptions(multipartThreshold, partSize, encryption, kmsKeyId, storageClass, newTags);
    }
}
