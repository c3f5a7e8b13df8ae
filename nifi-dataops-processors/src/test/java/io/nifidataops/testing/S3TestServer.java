package io.nifidataops.testing;

import com.adobe.testing.s3mock.S3MockApplication;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An in-process S3Mock server over plain HTTP on 127.0.0.1, for tests that need a real S3 wire protocol
 * (S3Mock is the one server here that stores and returns checksums).
 *
 * <p>Use as a JUnit 5 extension: {@code @RegisterExtension static final S3TestServer S3 = new S3TestServer();}
 * starts one server per test class; a non-static field starts one per test. It can also be driven by hand with
 * {@link #start()} and {@link #close()} (a fault test may stop it while a client is mid-upload).
 */
public final class S3TestServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "test-access-key";
    public static final String SECRET_ACCESS_KEY = "test-secret-key";

    private final Map<String, String> extraProperties = new HashMap<>();
    private S3MockApplication server;
    private S3Client client;
    private boolean startedPerClass;

    /** Adds an S3Mock property, e.g. {@code com.adobe.testing.s3mock.store.validKmsKeys}; call before start. */
    public S3TestServer withProperty(final String name, final String value) {
        extraProperties.put(name, value);
        return this;
    }

    /** Makes S3Mock accept this KMS key ARN for SSE-KMS; it rejects keys it does not know. */
    public void registerKmsKey(final String keyArn) {
        running().registerKMSKeyRef(keyArn);
    }

    public synchronized S3TestServer start() {
        if (server == null) {
            final Map<String, Object> properties = new HashMap<>();
            // The main connector serves plain HTTP on loopback; S3Mock's extra HTTP connector gets a free port too.
            properties.put("server.address", "127.0.0.1");
            properties.put("server.port", 0);
            properties.put("server.ssl.enabled", false);
            properties.put("http.port", 0);
            properties.put("silent", true);
            properties.putAll(extraProperties);
            server = S3MockApplication.start(properties);
        }
        return this;
    }

    /** Stops the server; clients built from it stay usable objects but every call fails to connect. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public boolean isRunning() {
        return server != null;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + running().getPort());
    }

    /** A shared client (path-style, static test credentials); closed with the server. */
    public synchronized S3Client client() {
        if (client == null) {
            client = newClient(builder -> { });
        }
        return client;
    }

    /** A new client the caller owns and closes; {@code customizer} may add interceptors or timeouts. */
    public S3Client newClient(final Consumer<S3ClientBuilder> customizer) {
        final S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder());
        customizer.accept(builder);
        return builder.build();
    }

    public void createBucket(final String bucket) {
        client().createBucket(request -> request.bucket(bucket));
    }

    public byte[] get(final String bucket, final String key) {
        return client().getObject(request -> request.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
    }

    public List<String> keys(final String bucket, final String prefix) {
        return client().listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    public List<MultipartUpload> inProgressUploads(final String bucket) {
        return client().listMultipartUploads(request -> request.bucket(bucket)).uploads();
    }

    @Override
    public void beforeAll(final ExtensionContext context) {
        startedPerClass = true;
        start();
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(final ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        if (!startedPerClass) {
            close();
        }
    }

    private S3MockApplication running() {
        if (server == null) {
            throw new IllegalStateException("S3TestServer is not running");
        }
        return server;
    }
}
