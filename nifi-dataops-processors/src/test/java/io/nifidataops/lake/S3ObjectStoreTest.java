package io.nifidataops.lake;

import io.nifidataops.aws.AwsErrorClassifier;
import io.nifidataops.aws.AwsErrorClassifier.Action;
import io.nifidataops.aws.ChecksumMismatchException;
import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.nifidataops.lake.S3WriteOptions.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class S3ObjectStoreTest {

    // S3Mock accepts a registered key by its ID, not by its ARN.
    private static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    private static final String KMS_KEY_ID = "11111111-2222-3333-4444-555555555555";
    private static final String BUCKET = "lake";

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    // Smallest legal parts keep the multipart tests quick: 12 MiB + 123 bytes = parts of 5, 5 and 2 MiB.
    private static final S3WriteOptions SMALL_PARTS = S3WriteOptions.defaults().withMultipart(5 * MIB, 5 * MIB);
    private static final byte[] TWELVE_MIB = randomBytes((int) (12 * MIB) + 123);

    static {
        S3.start().createBucket(BUCKET);
        S3.registerKmsKey(KMS_KEY_ARN);
    }

    @Test
    void putsASmallObjectInOneRequestWithAVerifiedChecksum() throws IOException {
        final byte[] data = randomBytes(1000);
        final StoredObject stored = store(S3WriteOptions.defaults()).put(BUCKET, "single/a.bin", new ByteArrayInputStream(data), data.length, "application/x-test");

        assertThat(stored).isEqualTo(new StoredObject(BUCKET, "single/a.bin", 1000, stored.eTag()));
        assertThat(stored.uri()).isEqualTo("s3://lake/single/a.bin");
        assertThat(stored.eTag()).matches("[0-9a-f]{32}");
        assertThat(S3.get(BUCKET, "single/a.bin")).isEqualTo(data);
        final HeadObjectResponse head = head("single/a.bin");
        assertThat(head.contentType()).isEqualTo("application/x-test");
        assertThat(head.checksumCRC32()).isEqualTo(S3ObjectStore.crc32(data, data.length));
    }

    @Test
    void uploadsALargeObjectInPartsAndReadsBackByteForByte() throws IOException {
        final StoredObject stored = store(SMALL_PARTS).put(BUCKET, "multi/b.bin", new ByteArrayInputStream(TWELVE_MIB), TWELVE_MIB.length, null);

        assertThat(stored.size()).isEqualTo(TWELVE_MIB.length);
        assertThat(stored.eTag()).matches("[0-9a-f]{32}-3");
        assertThat(S3.get(BUCKET, "multi/b.bin")).isEqualTo(TWELVE_MIB);
        assertThat(head("multi/b.bin").checksumCRC32()).endsWith("-3");
        assertThat(S3.inProgressUploads(BUCKET)).isEmpty();
    }

    @Test
    void unknownLengthGoesSingleWhenItFitsInOnePartAndMultipartOtherwise() throws IOException {
        final byte[] small = randomBytes(4096);
        final S3ObjectStore store = store(SMALL_PARTS);

        final StoredObject single = store.put(BUCKET, "unknown/small.bin", new ByteArrayInputStream(small), -1, null);
        final StoredObject multi = store.put(BUCKET, "unknown/large.bin", new ByteArrayInputStream(TWELVE_MIB), -1, null);

        assertThat(single.eTag()).doesNotContain("-");
        assertThat(single.size()).isEqualTo(4096);
        assertThat(multi.eTag()).endsWith("-3");
        assertThat(S3.get(BUCKET, "unknown/large.bin")).isEqualTo(TWELVE_MIB);
    }

    @Test
    void replayingAKeyOverwritesTheObject() throws IOException {
        final S3ObjectStore store = store(S3WriteOptions.defaults());
        store.put(BUCKET, "replay/x.bin", new ByteArrayInputStream(new byte[] {1}), 1, null);
        store.put(BUCKET, "replay/x.bin", new ByteArrayInputStream(new byte[] {2, 2}), 2, null);

        assertThat(S3.keys(BUCKET, "replay/")).containsExactly("replay/x.bin");
        assertThat(S3.get(BUCKET, "replay/x.bin")).containsExactly(2, 2);
    }

    @Test
    void appliesSseS3StorageClassAndTagsOnSingleAndMultipart() throws IOException {
        final Map<String, String> tags = new LinkedHashMap<>();
        tags.put("zone", "raw");
        tags.put("dataClass", "restricted");
        final S3WriteOptions options = SMALL_PARTS.withEncryption(ServerSideEncryption.S3, null).withStorageClass("STANDARD_IA").withTags(tags);
        final Map<String, SdkHttpRequest> requests = new ConcurrentHashMap<>();

        try (S3Client client = S3.newClient(recordRequests(requests))) {
            final S3ObjectStore store = new S3ObjectStore(client, options);
            store.put(BUCKET, "sse/single.bin", new ByteArrayInputStream(new byte[10]), 10, null);
            store.put(BUCKET, "sse/multi.bin", new ByteArrayInputStream(TWELVE_MIB), TWELVE_MIB.length, null);
        }

        for (final String key : new String[] {"sse/single.bin", "sse/multi.bin"}) {
            assertThat(head(key).storageClassAsString()).as(key).isEqualTo("STANDARD_IA");
            assertThat(S3.client().getObjectTagging(request -> request.bucket(BUCKET).key(key)).tagSet())
                    .as(key).containsExactly(Tag.builder().key("zone").value("raw").build(),
                            Tag.builder().key("dataClass").value("restricted").build());
        }
        assertThat(head("sse/single.bin").serverSideEncryptionAsString()).isEqualTo("AES256");
        // S3Mock takes a multipart object's encryption from the Complete request, S3 from the Create request: check the request.
        assertThat(requests.get("CreateMultipartUpload").firstMatchingHeader("x-amz-server-side-encryption")).hasValue("AES256");
        assertThat(requests.get("CreateMultipartUpload").firstMatchingHeader("x-amz-storage-class")).hasValue("STANDARD_IA");
    }

    @Test
    void encodesTagsAsAQueryString() {
        final Map<String, String> tags = new LinkedHashMap<>();
        tags.put("data class", "phi&restricted");
        tags.put("zone", "raw");

        // S3 decodes this header; S3Mock stores it as sent, hence the plain tag names in the round trip above.
        assertThat(S3ObjectStore.tagging(tags)).isEqualTo("data%20class=phi%26restricted&zone=raw");
        assertThat(S3ObjectStore.tagging(Map.of())).isNull();
    }

    @Test
    void appliesSseKmsWithTheGivenKey() throws IOException {
        final Map<String, SdkHttpRequest> requests = new ConcurrentHashMap<>();

        try (S3Client client = S3.newClient(recordRequests(requests))) {
            final S3ObjectStore store = new S3ObjectStore(client, SMALL_PARTS.withEncryption(ServerSideEncryption.KMS, KMS_KEY_ID));
            store.put(BUCKET, "kms/single.bin", new ByteArrayInputStream(new byte[10]), 10, null);
            store.put(BUCKET, "kms/multi.bin", new ByteArrayInputStream(TWELVE_MIB), TWELVE_MIB.length, null);
        }

        final HeadObjectResponse head = head("kms/single.bin");
        assertThat(head.serverSideEncryptionAsString()).isEqualTo("aws:kms");
        assertThat(head.ssekmsKeyId()).isEqualTo(KMS_KEY_ID);
        assertThat(requests.get("CreateMultipartUpload").firstMatchingHeader("x-amz-server-side-encryption")).hasValue("aws:kms");
        assertThat(requests.get("CreateMultipartUpload").firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id")).hasValue(KMS_KEY_ID);
    }

    @Test
    void anUnknownKmsKeyFailsTheFlowFile() {
        final Throwable failure = catchThrowable(() -> store(SMALL_PARTS.withEncryption(ServerSideEncryption.KMS, "no-such-key"))
                .put(BUCKET, "kms/unknown.bin", new ByteArrayInputStream(TWELVE_MIB), TWELVE_MIB.length, null));

        assertThat(AwsErrorClassifier.classify(failure).action()).isEqualTo(Action.FAIL);
        assertThat(S3.inProgressUploads(BUCKET)).isEmpty();
    }

    @Test
    void aMissingBucketFailsTheFlowFile() {
        final Throwable small = catchThrowable(() -> store(SMALL_PARTS).put("no-such-bucket", "a.bin", new ByteArrayInputStream(new byte[1]), 1, null));
        final Throwable large = catchThrowable(() -> store(SMALL_PARTS).put("no-such-bucket", "b.bin", new ByteArrayInputStream(TWELVE_MIB), TWELVE_MIB.length, null));

        for (final Throwable failure : new Throwable[] {small, large}) {
            assertThat(failure).isInstanceOf(NoSuchBucketException.class);
            final AwsErrorClassifier.Classification classification = AwsErrorClassifier.classify(failure);
            assertThat(classification.action()).isEqualTo(Action.FAIL);
            assertThat(classification.code()).isEqualTo("NoSuchBucket");
            assertThat(classification.description()).startsWith("S3 NoSuchBucket (HTTP 404)");
        }
    }

    @Test
    void contentThatFailsMidUploadAbortsTheUpload() {
        final InputStream failing = new FailingAfter(new ByteArrayInputStream(TWELVE_MIB), 7 * MIB);

        assertThatThrownBy(() -> store(SMALL_PARTS).put(BUCKET, "broken/c.bin", failing, TWELVE_MIB.length, null))
                .isInstanceOf(IOException.class).hasMessage("disk gone");

        assertThat(S3.inProgressUploads(BUCKET)).isEmpty();
        assertThat(S3.keys(BUCKET, "broken/")).isEmpty();
    }

    @Test
    void contentShorterThanDeclaredAbortsTheUpload() {
        assertThatThrownBy(() -> store(SMALL_PARTS).put(BUCKET, "short/d.bin", new ByteArrayInputStream(TWELVE_MIB), TWELVE_MIB.length + 1L, null))
                .isInstanceOf(java.io.EOFException.class);
        assertThatThrownBy(() -> store(S3WriteOptions.defaults()).put(BUCKET, "short/e.bin", new ByteArrayInputStream(new byte[5]), 6, null))
                .isInstanceOf(java.io.EOFException.class);

        assertThat(S3.inProgressUploads(BUCKET)).isEmpty();
        assertThat(S3.keys(BUCKET, "short/")).isEmpty();
    }

    @Test
    void aConnectionResetOnAPartAbortsTheUploadAndIsRetried() {
        // From part 2 on, every attempt fails: the SDK's own retries give up and the upload must be aborted.
        final AtomicInteger parts = new AtomicInteger();
        final Throwable failure = uploadThrough("reset/", config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(final Context.BeforeTransmission context, final ExecutionAttributes attributes) {
                if (isUploadPart(attributes) && parts.incrementAndGet() >= 2) {
                    throw SdkClientException.create("Unable to execute HTTP request", new SocketException("Connection reset"));
                }
            }
        }));

        assertThat(AwsErrorClassifier.classify(failure).action()).isEqualTo(Action.RETRY);
    }

    @Test
    void aPartThatArrivesCorruptedIsRejectedAndTheUploadAborted() {
        // Bytes changed in transit: the checksum header no longer matches the body.
        final AtomicInteger parts = new AtomicInteger();
        final Throwable failure = uploadThrough("corrupt/", config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(final Context.ModifyHttpRequest context, final ExecutionAttributes attributes) {
                return isUploadPart(attributes) && parts.incrementAndGet() == 2
                        ? context.httpRequest().toBuilder().putHeader("x-amz-checksum-crc32", "AAAAAA==").build()
                        : context.httpRequest();
            }
        }));

        // Real S3 answers BadDigest (classified RETRY, see AwsErrorClassifierTest); S3Mock answers a generic 400.
        assertThat(failure).isInstanceOf(S3Exception.class);
        assertThat(((S3Exception) failure).statusCode()).isEqualTo(400);
    }

    @Test
    void aChecksumTheServerReportsDifferentlyAbortsTheUpload() {
        final AtomicInteger parts = new AtomicInteger();
        final Throwable failure = uploadThrough("lying/", config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(final Context.ModifyHttpResponse context, final ExecutionAttributes attributes) {
                return isUploadPart(attributes) && parts.incrementAndGet() == 3
                        ? context.httpResponse().toBuilder().putHeader("x-amz-checksum-crc32", "AAAAAA==").build()
                        : context.httpResponse();
            }
        }));

        assertThat(failure).isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("part 3");
        assertThat(AwsErrorClassifier.classify(failure).action()).isEqualTo(Action.RETRY);
    }

    @Test
    void anApiCallTimeoutAbortsTheUploadAndIsRetried() {
        final AtomicInteger parts = new AtomicInteger();
        final Throwable failure = uploadThrough("slow/", config -> config.apiCallTimeout(Duration.ofMillis(1500))
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(final Context.BeforeTransmission context, final ExecutionAttributes attributes) {
                        if (isUploadPart(attributes) && parts.incrementAndGet() == 2) {
                            sleep(Duration.ofSeconds(5));
                        }
                    }
                }));

        assertThat(failure).isInstanceOf(ApiCallTimeoutException.class);
        assertThat(AwsErrorClassifier.classify(failure).action()).isEqualTo(Action.RETRY);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aServerThatDiesMidUploadIsRetriedAndTheAbortIsAttempted() throws IOException {
        try (S3TestServer doomed = new S3TestServer().start()) {
            doomed.createBucket(BUCKET);
            final InputStream stopsServer = new FilterInputStream(new ByteArrayInputStream(TWELVE_MIB)) {
                private long read;

                @Override
                public int read(final byte[] buffer, final int offset, final int length) throws IOException {
                    if (read >= 5 * MIB && doomed.isRunning()) {
                        doomed.close();
                    }
                    final int n = super.read(buffer, offset, length);
                    read += Math.max(n, 0);
                    return n;
                }
            };
            final List<String> operations = new CopyOnWriteArrayList<>();
            try (S3Client client = S3.newClient(recordOperations(operations).andThen(builder -> builder.endpointOverride(doomed.endpoint())))) {
                final Throwable failure = catchThrowable(() -> new S3ObjectStore(client, SMALL_PARTS)
                        .put(BUCKET, "dies/j.bin", stopsServer, TWELVE_MIB.length, null));

                // The upload failure is what the caller sees; the abort could not reach the dead server either.
                assertThat(failure).isInstanceOf(SdkClientException.class);
                assertThat(AwsErrorClassifier.classify(failure).action()).isEqualTo(Action.RETRY);
                assertThat(operations).containsExactly("CreateMultipartUpload", "UploadPart", "UploadPart", "AbortMultipartUpload");
            }
        }
    }

    @Test
    void aClosedPortIsRetried() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (S3Client client = S3.newClient(builder -> builder.endpointOverride(URI.create("http://127.0.0.1:" + closedPort)))) {
            final Throwable failure = catchThrowable(() -> new S3ObjectStore(client, S3WriteOptions.defaults())
                    .put(BUCKET, "k.bin", new ByteArrayInputStream(new byte[1]), 1, null));

            assertThat(failure).isInstanceOf(SdkClientException.class);
            assertThat(AwsErrorClassifier.classify(failure).action()).isEqualTo(Action.RETRY);
        }
    }

    @Test
    void rejectsOptionsS3WouldRefuse() {
        assertThatThrownBy(() -> S3WriteOptions.defaults().withMultipart(16 * MIB, 4 * MIB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3WriteOptions.defaults().withEncryption(ServerSideEncryption.S3, KMS_KEY_ID)).isInstanceOf(IllegalArgumentException.class);
        final Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("t" + i, "v");
        }
        assertThatThrownBy(() -> S3WriteOptions.defaults().withTags(eleven)).isInstanceOf(IllegalArgumentException.class);
    }

    private static S3ObjectStore store(final S3WriteOptions options) {
        return new S3ObjectStore(S3.client(), options);
    }

    private static HeadObjectResponse head(final String key) {
        return S3.client().headObject(request -> request.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED));
    }

    /**
     * Uploads 12 MiB under {@code prefix} through a client configured by {@code faults}, and checks that the failed
     * upload left neither an object nor an unfinished multipart upload behind.
     */
    private static Throwable uploadThrough(final String prefix, final Consumer<ClientOverrideConfiguration.Builder> faults) {
        final Throwable failure;
        try (S3Client client = S3.newClient(builder -> builder.overrideConfiguration(faults))) {
            failure = catchThrowable(() -> new S3ObjectStore(client, SMALL_PARTS)
                    .put(BUCKET, prefix + "object.bin", new ByteArrayInputStream(TWELVE_MIB), TWELVE_MIB.length, null));
        }
        assertThat(failure).isNotNull();
        assertThat(S3.inProgressUploads(BUCKET)).isEmpty();
        assertThat(S3.keys(BUCKET, prefix)).isEmpty();
        return failure;
    }

    private static boolean isUploadPart(final ExecutionAttributes attributes) {
        return "UploadPart".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    private static Consumer<S3ClientBuilder> recordRequests(final Map<String, SdkHttpRequest> requests) {
        return builder -> builder.overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(final Context.BeforeTransmission context, final ExecutionAttributes attributes) {
                requests.put(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.httpRequest());
            }
        }));
    }

    // Records the operations a client attempted, to prove an abort was tried even where it could not succeed.
    private static Consumer<S3ClientBuilder> recordOperations(final List<String> operations) {
        return builder -> builder.overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(final Context.BeforeExecution context, final ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        }));
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] randomBytes(final int size) {
        final byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /** A content stream whose source breaks after {@code limit} bytes, like a content repository losing its disk. */
    private static final class FailingAfter extends FilterInputStream {
        private final long limit;
        private long read;

        FailingAfter(final InputStream in, final long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException {
            if (read >= limit) {
                throw new IOException("disk gone");
            }
            final int n = super.read(buffer, offset, (int) Math.min(length, limit - read));
            read += Math.max(n, 0);
            return n;
        }
    }
}
