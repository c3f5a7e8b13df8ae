package io.nifidataops.aws;

import io.nifidataops.aws.AwsClientFactory.AwsClients;
import io.nifidataops.aws.AwsClientSettings.Credentials;
import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsClientFactoryTest {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    @Test
    void buildsAnS3ClientThatTalksToTheConfiguredEndpoint() {
        S3.createBucket("factory");
        final AwsClientSettings settings = AwsClientSettings.of(S3TestServer.REGION,
                        Credentials.accessKey(S3TestServer.ACCESS_KEY_ID, S3TestServer.SECRET_ACCESS_KEY, null))
                .withS3Endpoint(S3.endpoint(), true);

        try (AwsClients clients = AwsClientFactory.create(settings)) {
            clients.s3().putObject(request -> request.bucket("factory").key("k"), RequestBody.fromString("v"));
            assertThat(S3.keys("factory", "")).containsExactly("k");
            assertThat(clients.glue().serviceClientConfiguration().region().id()).isEqualTo(S3TestServer.REGION);
        }
    }

    @Test
    void closingReleasesTheClients() {
        final AwsClients clients = AwsClientFactory.create(AwsClientSettings.of(S3TestServer.REGION,
                        Credentials.accessKey(S3TestServer.ACCESS_KEY_ID, S3TestServer.SECRET_ACCESS_KEY, null))
                .withS3Endpoint(S3.endpoint(), true));

        clients.close();

        // A closed client refuses every call rather than opening new connections.
        assertThatThrownBy(() -> clients.s3().listBuckets()).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void picksTheProviderOfEachStrategy() {
        final List<AutoCloseable> resources = new ArrayList<>();

        assertThat(provider(Credentials.defaultChain(), resources)).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(provider(Credentials.profile("dev"), resources)).isInstanceOf(ProfileCredentialsProvider.class);
        final AwsCredentialsProvider keys = provider(Credentials.accessKey("AKID", "secret", "token"), resources);
        assertThat(keys).isInstanceOf(StaticCredentialsProvider.class);
        assertThat(keys.resolveCredentials()).isInstanceOf(AwsSessionCredentials.class);
        // The default chain and the profile provider hold files and threads: both must be closed with the service.
        assertThat(resources).hasSize(2);
    }

    @Test
    void assumeRoleSignsWithTheBaseKeyOrTheDefaultChain() {
        final List<AutoCloseable> withKey = new ArrayList<>();
        final List<AutoCloseable> withChain = new ArrayList<>();

        final AwsCredentialsProvider viaKey = provider(Credentials.assumeRole("arn:aws:iam::123456789012:role/r", "s", null, "AKID", "secret"), withKey);
        final AwsCredentialsProvider viaChain = provider(Credentials.assumeRole("arn:aws:iam::123456789012:role/r", "s", "ext", null, null), withChain);

        assertThat(viaKey).isInstanceOf(StsAssumeRoleCredentialsProvider.class);
        assertThat(viaChain).isInstanceOf(StsAssumeRoleCredentialsProvider.class);
        assertThat(withKey).satisfiesExactly(
                sts -> assertThat(sts).isInstanceOf(StsClient.class),
                provider -> assertThat(provider).isSameAs(viaKey));
        assertThat(withChain).satisfiesExactly(
                base -> assertThat(base).isInstanceOf(DefaultCredentialsProvider.class),
                sts -> assertThat(sts).isInstanceOf(StsClient.class),
                provider -> assertThat(provider).isSameAs(viaChain));
        withKey.forEach(AwsClientFactoryTest::close);
        withChain.forEach(AwsClientFactoryTest::close);
    }

    private static AwsCredentialsProvider provider(final Credentials credentials, final List<AutoCloseable> resources) {
        return AwsClientFactory.credentialsProvider(AwsClientSettings.of("us-east-1", credentials), resources);
    }

    private static void close(final AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
