package io.nifidataops.aws;

import io.nifidataops.aws.AwsClientSettings.Credentials;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsClientSettingsTest {

    private static final Credentials KEYS = Credentials.accessKey("AKIDEXAMPLE", "wJalrXUtnFEMI", "token-123");

    @Test
    void eachStrategyRequiresItsOwnValues() {
        assertThatThrownBy(() -> Credentials.accessKey("AKIDEXAMPLE", " ", null)).hasMessage("Secret Access Key is required");
        assertThatThrownBy(() -> Credentials.accessKey(null, "secret", null)).hasMessage("Access Key ID is required");
        assertThatThrownBy(() -> Credentials.profile("")).hasMessage("Profile Name is required");
        assertThatThrownBy(() -> Credentials.assumeRole(null, "session", null, null, null)).hasMessage("Assume Role ARN is required");
        assertThatThrownBy(() -> Credentials.assumeRole("arn:aws:iam::123456789012:role/r", "s", null, "AKID", null))
                .hasMessageContaining("give both or neither");
    }

    @Test
    void assumeRoleTakesBaseKeysOrNone() {
        final Credentials withChain = Credentials.assumeRole("arn:aws:iam::123456789012:role/r", "session", "ext", null, null);
        final Credentials withKeys = Credentials.assumeRole("arn:aws:iam::123456789012:role/r", "session", null, "AKID", "secret");

        assertThat(withChain.hasAccessKey()).isFalse();
        assertThat(withKeys.hasAccessKey()).isTrue();
    }

    @Test
    void valuesOfOtherStrategiesAreDropped() {
        final Credentials stale = new Credentials(CredentialsStrategy.DEFAULT_CHAIN, "AKID", "secret", "token", "dev",
                "arn:aws:iam::123456789012:role/r", "session", "ext");
        final Credentials profile = new Credentials(CredentialsStrategy.PROFILE, "AKID", "secret", null, "dev", null, null, null);

        assertThat(stale).isEqualTo(Credentials.defaultChain());
        assertThat(profile).isEqualTo(Credentials.profile("dev"));
    }

    @Test
    void toStringHidesSecrets() {
        final String text = AwsClientSettings.of("us-east-1", KEYS).toString()
                + Credentials.assumeRole("arn:aws:iam::123456789012:role/r", "session", "external-secret", "AKID", "s3cr3t");

        assertThat(text).doesNotContain("AKIDEXAMPLE", "wJalrXUtnFEMI", "token-123", "external-secret", "s3cr3t")
                .contains("strategy=ACCESS_KEY", "secretAccessKey=****", "roleArn=arn:aws:iam::123456789012:role/r");
    }

    @Test
    void rejectsMissingRegionAndNonPositiveTimeouts() {
        assertThatThrownBy(() -> AwsClientSettings.of(" ", KEYS)).hasMessage("Region is required");
        assertThatThrownBy(() -> AwsClientSettings.of("us-east-1", KEYS).withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("Connection Timeout must be positive");
    }

    @Test
    void applyFunctionsConfigureTheS3Builder() {
        final AwsClientSettings settings = AwsClientSettings.of("eu-west-1", KEYS)
                .withS3Endpoint(URI.create("http://127.0.0.1:9000"), true)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(42));

        try (S3Client s3 = S3Client.builder()
                .applyMutation(settings::applyRegion)
                .applyMutation(settings::applyS3Endpoint)
                .applyMutation(settings::applyHttpClient)
                .applyMutation(settings::applyApiCallTimeout)
                .build()) {
            final S3ServiceClientConfiguration configuration = s3.serviceClientConfiguration();
            assertThat(configuration.region().id()).isEqualTo("eu-west-1");
            assertThat(configuration.endpointOverride()).contains(URI.create("http://127.0.0.1:9000"));
            assertThat(configuration.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(42));
        }
    }

    @Test
    void glueHasItsOwnEndpoint() {
        final AwsClientSettings settings = AwsClientSettings.of("eu-west-1", KEYS)
                .withS3Endpoint(URI.create("http://127.0.0.1:9000"), true)
                .withGlueEndpoint(URI.create("http://127.0.0.1:5000"));

        try (GlueClient glue = GlueClient.builder().applyMutation(settings::applyRegion).applyMutation(settings::applyGlueEndpoint).build()) {
            assertThat(glue.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:5000"));
        }
        try (GlueClient glue = GlueClient.builder().applyMutation(AwsClientSettings.of("eu-west-1", KEYS)::applyGlueEndpoint)
                .applyMutation(settings::applyRegion).build()) {
            assertThat(glue.serviceClientConfiguration().endpointOverride()).isEmpty();
        }
    }
}
