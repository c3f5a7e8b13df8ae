package io.nifidataops.lake;

import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectUploaderTest {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    private static final String BUCKET = "uploader";

    private ObjectUploader uploader;

    @BeforeEach
    void setUp() {
        if (!S3.client().listBuckets().buckets().stream().anyMatch(bucket -> bucket.name().equals(BUCKET))) {
            S3.createBucket(BUCKET);
        }
        S3.keys(BUCKET, "").forEach(key -> S3.client().deleteObject(request -> request.bucket(BUCKET).key(key)));
        uploader = new ObjectUploader(new S3ObjectStore(S3.client(), S3WriteOptions.defaults()), BUCKET);
    }

    @Test
    void testAllObjectsAreWrittenWithTheirRecordCounts() throws IOException {
        final List<SentObject> sent = uploader.uploadAll(List.of(object("t/a", "alpha", 3), object("t/b", "beta", 4)));

        assertThat(sent).extracting(object -> object.object().uri()).containsExactly("s3://uploader/t/a", "s3://uploader/t/b");
        assertThat(sent).extracting(SentObject::recordCount).containsExactly(3L, 4L);
        assertThat(S3.get(BUCKET, "t/b")).isEqualTo("beta".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void testAFailureKeepsWhatWasWrittenAndTheRetryRewritesItIdentically() throws IOException {
        assertThatThrownBy(() -> uploader.uploadAll(List.of(object("t/a", "alpha", 1), failing("t/b"))))
                .isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThat(S3.keys(BUCKET, "")).containsExactly("t/a");

        uploader.uploadAll(List.of(object("t/a", "alpha", 1), object("t/b", "beta", 1)));
        assertThat(S3.keys(BUCKET, "")).containsExactly("t/a", "t/b");
        assertThat(S3.get(BUCKET, "t/a")).isEqualTo("alpha".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void testAFailureNeverRemovesAnObjectAnotherWriterReported() {
        // A duplicate FlowFile wrote and reported t/a; this attempt overwrites it with the same bytes, then fails
        S3.client().putObject(request -> request.bucket(BUCKET).key("t/a"), RequestBody.fromString("alpha"));

        assertThatThrownBy(() -> uploader.uploadAll(List.of(object("t/a", "alpha", 1), object("t/c", "gamma", 1), failing("t/b"))))
                .isInstanceOf(IOException.class);

        assertThat(S3.keys(BUCKET, "")).containsExactly("t/a", "t/c");
        assertThat(S3.get(BUCKET, "t/a")).isEqualTo("alpha".getBytes(StandardCharsets.UTF_8));
    }

    private static PlannedObject object(final String key, final String text, final long records) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new PlannedObject(key, bytes.length, "text/plain", () -> new ByteArrayInputStream(bytes), records);
    }

    /** An object whose bytes cannot be read halfway through, like a staged file on a failing disk. */
    private static PlannedObject failing(final String key) {
        return new PlannedObject(key, 100, "text/plain", () -> new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ >= 10) {
                    throw new IOException("disk gone");
                }
                return 'x';
            }
        }, 1);
    }
}
