package io.nifidataops.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything needed to build AWS clients, parsed and checked once. Each {@code applyX} method configures one
 * aspect of an SDK builder, so clients are assembled by composition:
 * {@code S3Client.builder().applyMutation(settings::applyRegion).applyMutation(settings::applyS3Endpoint)...}.
 *
 * @param s3Endpoint endpoint override for S3 (MinIO, S3Mock, LocalStack), or null for AWS
 * @param glueEndpoint endpoint override for Glue, or null for AWS
 * @param pathStyleAccess address buckets as {@code endpoint/bucket} rather than {@code bucket.endpoint}
 * @param connectionTimeout time allowed to open a TCP connection
 * @param socketTimeout time allowed between two packets of a response
 * @param apiCallTimeout time allowed for one API call, retries included
 */
public record AwsClientSettings(String region, URI s3Endpoint, URI glueEndpoint, boolean pathStyleAccess,
                                Credentials credentials, Duration connectionTimeout, Duration socketTimeout,
                                Duration apiCallTimeout) {

    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofMinutes(5);

    public AwsClientSettings {
        region = required(region, "Region");
        Objects.requireNonNull(credentials, "credentials");
        connectionTimeout = positive(connectionTimeout, "Connection Timeout");
        socketTimeout = positive(socketTimeout, "Socket Timeout");
        apiCallTimeout = positive(apiCallTimeout, "API Call Timeout");
    }

    /** Region and credentials only; no endpoint overrides, default timeouts. */
    public static AwsClientSettings of(final String region, final Credentials credentials) {
        return new AwsClientSettings(region, null, null, false, credentials, DEFAULT_CONNECTION_TIMEOUT,
                DEFAULT_SOCKET_TIMEOUT, DEFAULT_API_CALL_TIMEOUT);
    }

    public AwsClientSettings withS3Endpoint(final URI endpoint, final boolean pathStyle) {
        return new AwsClientSettings(region, endpoint, glueEndpoint, pathStyle, credentials, connectionTimeout, socketTimeout, apiCallTimeout);
    }

    public AwsClientSettings withGlueEndpoint(final URI endpoint) {
        return new AwsClientSettings(region, s3Endpoint, endpoint, pathStyleAccess, credentials, connectionTimeout, socketTimeout, apiCallTimeout);
    }

    public AwsClientSettings withTimeouts(final Duration connection, final Duration socket, final Duration apiCall) {
        return new AwsClientSettings(region, s3Endpoint, glueEndpoint, pathStyleAccess, credentials, connection, socket, apiCall);
    }

    public void applyRegion(final AwsClientBuilder<?, ?> builder) {
        builder.region(Region.of(region));
    }

    public void applyS3Endpoint(final S3ClientBuilder builder) {
        if (s3Endpoint != null) {
            builder.endpointOverride(s3Endpoint);
        }
        builder.forcePathStyle(pathStyleAccess);
    }

    public void applyGlueEndpoint(final GlueClientBuilder builder) {
        if (glueEndpoint != null) {
            builder.endpointOverride(glueEndpoint);
        }
    }

    // Apache client: blocking I/O fits NiFi's thread-per-task model, and the SDK closes it with its client.
    public void applyHttpClient(final SdkSyncClientBuilder<?, ?> builder) {
        builder.httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(connectionTimeout).socketTimeout(socketTimeout));
    }

    // The only place that sets the override configuration: a second overrideConfiguration call would replace it.
    public void applyApiCallTimeout(final SdkClientBuilder<?, ?> builder) {
        builder.overrideConfiguration(config -> config.apiCallTimeout(apiCallTimeout));
    }

    /**
     * Which credentials to use and the values the strategy needs; {@link #toString()} hides the secrets.
     *
     * @param accessKeyId for {@link CredentialsStrategy#ACCESS_KEY}, or as the base of {@link CredentialsStrategy#ASSUME_ROLE}
     * @param roleSessionName names the assumed-role session in CloudTrail
     */
    public record Credentials(CredentialsStrategy strategy, String accessKeyId, String secretAccessKey, String sessionToken,
                              String profileName, String roleArn, String roleSessionName, String externalId) {

        public Credentials {
            Objects.requireNonNull(strategy, "strategy");
            // Values of other strategies stay behind in the UI when the strategy changes: drop them so they are never used.
            final boolean keys = strategy == CredentialsStrategy.ACCESS_KEY || strategy == CredentialsStrategy.ASSUME_ROLE;
            final boolean role = strategy == CredentialsStrategy.ASSUME_ROLE;
            accessKeyId = keys ? blankToNull(accessKeyId) : null;
            secretAccessKey = keys ? blankToNull(secretAccessKey) : null;
            sessionToken = keys ? blankToNull(sessionToken) : null;
            profileName = strategy == CredentialsStrategy.PROFILE ? blankToNull(profileName) : null;
            roleArn = role ? blankToNull(roleArn) : null;
            roleSessionName = role ? blankToNull(roleSessionName) : null;
            externalId = role ? blankToNull(externalId) : null;
            switch (strategy) {
                case DEFAULT_CHAIN -> { }
                case ACCESS_KEY -> {
                    required(accessKeyId, "Access Key ID");
                    required(secretAccessKey, "Secret Access Key");
                }
                case PROFILE -> required(profileName, "Profile Name");
                case ASSUME_ROLE -> {
                    required(roleArn, "Assume Role ARN");
                    required(roleSessionName, "Assume Role Session Name");
                    if ((accessKeyId == null) != (secretAccessKey == null)) {
                        throw new IllegalArgumentException("Access Key ID and Secret Access Key go together: give both or neither");
                    }
                }
            }
        }

        public static Credentials defaultChain() {
            return new Credentials(CredentialsStrategy.DEFAULT_CHAIN, null, null, null, null, null, null, null);
        }

        public static Credentials accessKey(final String accessKeyId, final String secretAccessKey, final String sessionToken) {
            return new Credentials(CredentialsStrategy.ACCESS_KEY, accessKeyId, secretAccessKey, sessionToken, null, null, null, null);
        }

        public static Credentials profile(final String profileName) {
            return new Credentials(CredentialsStrategy.PROFILE, null, null, null, profileName, null, null, null);
        }

        /** Assumes {@code roleArn}; the base credentials are the access key when given, else the default chain. */
        public static Credentials assumeRole(final String roleArn, final String sessionName, final String externalId,
                                             final String baseAccessKeyId, final String baseSecretAccessKey) {
            return new Credentials(CredentialsStrategy.ASSUME_ROLE, baseAccessKeyId, baseSecretAccessKey, null, null, roleArn,
                    sessionName, externalId);
        }

        public boolean hasAccessKey() {
            return accessKeyId != null;
        }

        @Override
        public String toString() {
            return "Credentials[strategy=" + strategy + ", accessKeyId=" + mask(accessKeyId) + ", secretAccessKey=" + mask(secretAccessKey)
                    + ", sessionToken=" + mask(sessionToken) + ", profileName=" + profileName + ", roleArn=" + roleArn
                    + ", roleSessionName=" + roleSessionName + ", externalId=" + mask(externalId) + "]";
        }

        private static String mask(final String secret) {
            return secret == null ? null : "****";
        }
    }

    private static String required(final String value, final String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }

    private static String blankToNull(final String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Duration positive(final Duration value, final String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
