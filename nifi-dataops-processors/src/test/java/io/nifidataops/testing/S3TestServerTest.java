package io.nifidataops.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class S3TestServerTest {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    @Test
    void servesPlainHttpOnLoopbackAndRoundTripsAnObject() {
        assertThat(S3.endpoint().toString()).startsWith("http://127.0.0.1:");
        S3.createBucket("helper");
        S3.client().putObject(request -> request.bucket("helper").key("a/b.txt"), RequestBody.fromString("hello"));

        assertThat(S3.get("helper", "a/b.txt")).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(S3.keys("helper", "a/")).containsExactly("a/b.txt");
        assertThat(S3.inProgressUploads("helper")).isEmpty();
    }

    @Test
    void listsUploadsThatWereStartedButNotCompleted() {
        S3.createBucket("uploads");
        S3.client().createMultipartUpload(request -> request.bucket("uploads").key("big.bin"));

        assertThat(S3.inProgressUploads("uploads")).hasSize(1);
    }
}
