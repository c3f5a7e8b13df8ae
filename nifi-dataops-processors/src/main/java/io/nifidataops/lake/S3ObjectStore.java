package io.nifidataops.lake;

import io.nifidataops.aws.ChecksumMismatchException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * Writes objects to S3 so that a reader sees either the whole object or none of it: one PutObject below the
 * multipart threshold, else a multipart upload that is completed only after every part's checksum matched and
 * is aborted on any failure, so no orphaned upload keeps accruing storage.
 *
 * <p>Heap stays flat: a call holds one buffer, the object below the threshold or one part above it, whatever the
 * object's size. Thread-safe: it keeps no state between calls.
 */
public final class S3ObjectStore {

    /** S3's limit on parts per upload. */
    static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final S3WriteOptions options;

    public S3ObjectStore(final S3Client s3, final S3WriteOptions options) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Stores {@code content} under {@code key}, replacing any object of that name.
     *
     * @param length the exact number of bytes {@code content} holds, or -1 when unknown (then the object is
     *               uploaded in parts unless it fits in the first part)
     * @param contentType MIME type, or null for S3's default
     * @throws IOException when {@code content} fails or holds other than {@code length} bytes, or a checksum differs
     */
    public StoredObject put(final String bucket, final String key, final InputStream content, final long length,
                            final String contentType) throws IOException {
        if (length >= 0 && length < options.multipartThreshold()) {
            final byte[] data = content.readNBytes((int) length);
            if (data.length < length) {
                throw new EOFException("Content ended after " + data.length + " of " + length + " bytes");
            }
            return putSingle(bucket, key, data, data.length, contentType);
        }
        final byte[] part = new byte[(int) options.partSize()];
        final int firstLength = content.readNBytes(part, 0, part.length);
        if (length < 0 && firstLength < part.length) {
            return putSingle(bucket, key, part, firstLength, contentType);
        }
        return putMultipart(bucket, key, content, length, contentType, part, firstLength);
    }

    private StoredObject putSingle(final String bucket, final String key, final byte[] data, final int length,
                                   final String contentType) throws ChecksumMismatchException {
        final String checksum = crc32(data, length);
        final PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                .contentLength((long) length)
                // An explicit value makes S3 reject the body (BadDigest) if it differs from what we hashed.
                .checksumCRC32(checksum)
                .serverSideEncryption(sse())
                .ssekmsKeyId(options.kmsKeyId())
                .storageClass(options.storageClass())
                .tagging(tagging(options.tags()));
        final PutObjectResponse response = s3.putObject(request.build(), body(data, length));
        verify(checksum, response.checksumCRC32(), "object " + key);
        return new StoredObject(bucket, key, length, unquote(response.eTag()));
    }

    private StoredObject putMultipart(final String bucket, final String key, final InputStream content, final long length,
                                      final String contentType, final byte[] part, final int firstLength) throws IOException {
        final CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType(contentType)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)
                .serverSideEncryption(sse())
                .ssekmsKeyId(options.kmsKeyId())
                .storageClass(options.storageClass())
                .tagging(tagging(options.tags()));
        final String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        try {
            final List<CompletedPart> parts = new ArrayList<>();
            final CRC32 whole = new CRC32();
            final CRC32 ofParts = new CRC32();
            long size = 0;
            int partLength = firstLength;
            while (partLength > 0 || parts.isEmpty()) {
                if (parts.size() == MAX_PARTS) {
                    throw new IOException("Object needs more than " + MAX_PARTS + " parts; use a larger part size");
                }
                final CompletedPart completed = uploadPart(bucket, key, uploadId, parts.size() + 1, part, partLength);
                parts.add(completed);
                whole.update(part, 0, partLength);
                ofParts.update(Base64.getDecoder().decode(completed.checksumCRC32()));
                size += partLength;
                partLength = content.readNBytes(part, 0, part.length);
            }
            if (length >= 0 && size != length) {
                throw new EOFException("Content held " + size + " bytes, expected " + length);
            }
            final CompleteMultipartUploadResponse response = s3.completeMultipartUpload(request -> request
                    .bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)));
            verifyWhole(response.checksumCRC32(), base64(ofParts) + "-" + parts.size(), base64(whole), key);
            return new StoredObject(bucket, key, size, unquote(response.eTag()));
        } catch (IOException | RuntimeException | Error e) {
            abort(bucket, key, uploadId, e);
            throw e;
        }
    }

    private CompletedPart uploadPart(final String bucket, final String key, final String uploadId, final int partNumber,
                                     final byte[] part, final int partLength) throws ChecksumMismatchException {
        final String checksum = crc32(part, partLength);
        final UploadPartResponse response = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(partNumber).contentLength((long) partLength).checksumCRC32(checksum), body(part, partLength));
        verify(checksum, response.checksumCRC32(), "part " + partNumber + " of " + key);
        return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).checksumCRC32(checksum).build();
    }

    private void abort(final String bucket, final String key, final String uploadId, final Throwable failure) {
        // An interrupted thread makes the SDK refuse every call; clear the flag so the abort itself can run.
        final boolean interrupted = Thread.interrupted();
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException abortFailure) {
            // The server is gone too: the upload stays until the bucket's AbortIncompleteMultipartUpload rule removes it.
            failure.addSuppressed(abortFailure);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private software.amazon.awssdk.services.s3.model.ServerSideEncryption sse() {
        return switch (options.encryption()) {
            case NONE -> null;
            case S3 -> software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256;
            case KMS -> software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS;
        };
    }

    // S3 takes tags as a URL query string in the x-amz-tagging header.
    static String tagging(final Map<String, String> tags) {
        if (tags.isEmpty()) {
            return null;
        }
        return tags.entrySet().stream()
                .map(tag -> encode(tag.getKey()) + "=" + encode(tag.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // A provider rather than RequestBody.fromBytes: no copy of the part, and the SDK can replay it on retry.
    private static RequestBody body(final byte[] data, final int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length, "application/octet-stream");
    }

    // A server that does not echo checksums is trusted to have validated the header we sent; one that does must agree.
    private static void verify(final String expected, final String reported, final String what) throws ChecksumMismatchException {
        if (reported != null && !reported.equals(expected)) {
            throw new ChecksumMismatchException("CRC32 of " + what + " is " + reported + " at the server, " + expected + " here");
        }
    }

    // S3 reports a composite checksum (CRC of the part CRCs, "-N") or, for full-object uploads, the object's CRC32.
    private static void verifyWhole(final String reported, final String composite, final String whole, final String key)
            throws ChecksumMismatchException {
        if (reported != null && !reported.equals(composite) && !reported.equals(whole)) {
            throw new ChecksumMismatchException("CRC32 of object " + key + " is " + reported + " at the server, "
                    + composite + " here");
        }
    }

    static String crc32(final byte[] data, final int length) {
        final CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return base64(crc);
    }

    private static String base64(final CRC32 crc) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static String unquote(final String eTag) {
        return eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
