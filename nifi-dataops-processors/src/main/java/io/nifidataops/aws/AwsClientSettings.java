package io.nifidataops.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.nio.file.Path;
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
 * @param tls trust (and optional client key) for HTTPS, e.g. a private CA's endpoint; null for the JVM's defaults
 * @param proxy HTTP proxy every call goes through, STS included; null for direct connections
 */
public record AwsClientSettings(String region, URI s3Endpoint, URI glueEndpoint, boolean pathStyleAccess,
                                Credentials credentials, Duration connectionTimeout, Duration socketTimeout,
                                Duration apiCallTimeout, Tls tls, Proxy proxy) {

    /** What an SSL Context Service supplies: the trust manager, and a key manager for mutual TLS if it has a key store. */
    public record Tls(X509TrustManager trustManager, X509ExtendedKeyManager keyManager) {
        public Tls {
            Objects.requireNonNull(trustManager, "trustManager");
        }
    }

    /** An HTTP proxy; {@link #toString()} hides the password. */
    public record Proxy(String host, int port, String username, String password) {
        public Proxy {
            host = required(host, "Proxy host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Proxy port must be between 1 and 65535");
            }
            username = blankToNull(username);
            password = username == null ? null : password;
        }

        @Override
        public String toString() {
            return "Proxy[host=" + host + ", port=" + port + ", username=" + username + ", password=" + (password == null ? null : "****") + "]";
        }
    }

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

    /** Without TLS or proxy settings. */
    public AwsClientSettings(final String region, final URI s3Endpoint, final URI glueEndpoint, final boolean pathStyleAccess,
                             final Credentials credentials, final Duration connectionTimeout, final Duration socketTimeout,
                             final Duration apiCallTimeout) {
        this(region, s3Endpoint, glueEndpoint, pathStyleAccess, credentials, connectionTimeout, socketTimeout, apiCallTimeout, null, null);
    }

    /** Region and credentials only; no endpoint overrides, default timeouts. */
    public static AwsClientSettings of(final String region, final Credentials credentials) {
        return new AwsClientSettings(region, null, null, false, credentials, DEFAULT_CONNECTION_TIMEOUT,
                DEFAULT_SOCKET_TIMEOUT, DEFAULT_API_CALL_TIMEOUT);
    }

    public AwsClientSettings withS3Endpoint(final URI endpoint, final boolean pathStyle) {
        return new AwsClientSettings(region, endpoint, glueEndpoint, pathStyle, credentials, connectionTimeout, socketTimeout, apiCallTimeout,
                tls, proxy);
    }

    public AwsClientSettings withGlueEndpoint(final URI endpoint) {
        return new AwsClientSettings(region, s3Endpoint, endpoint, pathStyleAccess, credentials, connectionTimeout, socketTimeout, apiCallTimeout,
                tls, proxy);
    }

    public AwsClientSettings withTimeouts(final Duration connection, final Duration socket, final Duration apiCall) {
        return new AwsClientSettings(region, s3Endpoint, glueEndpoint, pathStyleAccess, credentials, connection, socket, apiCall, tls, proxy);
    }

    public AwsClientSettings withTls(final Tls newTls) {
        return new AwsClientSettings(region, s3Endpoint, glueEndpoint, pathStyleAccess, credentials, connectionTimeout, socketTimeout,
                apiCallTimeout, newTls, proxy);
    }

    public AwsClientSettings withProxy(final Proxy newProxy) {
        return new AwsClientSettings(region, s3Endpoint, glueEndpoint, pathStyleAccess, credentials, connectionTimeout, socketTimeout,
                apiCallTimeout, tls, newProxy);
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
        final ApacheHttpClient.Builder http = ApacheHttpClient.builder().connectionTimeout(connectionTimeout).socketTimeout(socketTimeout);
        if (tls != null) {
            // Replaces the JVM's trust store, as NiFi's own TLS clients do: a private CA needs nothing installed in the JDK
            http.tlsTrustManagersProvider(() -> new TrustManager[] {tls.trustManager()});
            if (tls.keyManager() != null) {
                http.tlsKeyManagersProvider(() -> new KeyManager[] {tls.keyManager()});
            }
        }
        // Without a proxy, also ignore the JVM's proxy properties and environment: what the service says is what happens
        final ProxyConfiguration.Builder proxyConfig = ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariableValues(false);
        if (proxy != null) {
            proxyConfig.endpoint(URI.create("http://" + proxy.host() + ":" + proxy.port()));
            if (proxy.username() != null) {
                proxyConfig.username(proxy.username()).password(proxy.password()).preemptiveBasicAuthenticationEnabled(true);
            }
        }
        builder.httpClientBuilder(http.proxyConfiguration(proxyConfig.build()));
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
     * @param webIdentityTokenFile for {@link CredentialsStrategy#WEB_IDENTITY}: the OIDC token file, read again at every refresh
     * @param sessionDuration how long assumed-role credentials last (15 minutes to 12 hours), or null for STS's default (1 hour)
     * @param stsRegion region of the STS endpoint, or null for the connection's region
     * @param stsEndpoint STS endpoint override (a VPC endpoint, a test server), or null
     */
    public record Credentials(CredentialsStrategy strategy, String accessKeyId, String secretAccessKey, String sessionToken,
                              String profileName, String roleArn, String roleSessionName, String externalId,
                              Path webIdentityTokenFile, Duration sessionDuration, String stsRegion, URI stsEndpoint) {

        public static final Duration MIN_SESSION_DURATION = Duration.ofMinutes(15);
        public static final Duration MAX_SESSION_DURATION = Duration.ofHours(12);

        public Credentials {
            Objects.requireNonNull(strategy, "strategy");
            // Values of other strategies stay behind in the UI when the strategy changes: drop them so they are never used.
            final boolean keys = strategy == CredentialsStrategy.ACCESS_KEY || strategy == CredentialsStrategy.ASSUME_ROLE;
            final boolean role = strategy == CredentialsStrategy.ASSUME_ROLE || strategy == CredentialsStrategy.WEB_IDENTITY;
            accessKeyId = keys ? blankToNull(accessKeyId) : null;
            secretAccessKey = keys ? blankToNull(secretAccessKey) : null;
            sessionToken = keys ? blankToNull(sessionToken) : null;
            profileName = strategy == CredentialsStrategy.PROFILE ? blankToNull(profileName) : null;
            roleArn = role ? blankToNull(roleArn) : null;
            roleSessionName = role ? blankToNull(roleSessionName) : null;
            externalId = strategy == CredentialsStrategy.ASSUME_ROLE ? blankToNull(externalId) : null;
            webIdentityTokenFile = strategy == CredentialsStrategy.WEB_IDENTITY ? webIdentityTokenFile : null;
            sessionDuration = role ? sessionDuration : null;
            stsRegion = role ? blankToNull(stsRegion) : null;
            stsEndpoint = role ? stsEndpoint : null;
            if (sessionDuration != null && (sessionDuration.compareTo(MIN_SESSION_DURATION) < 0 || sessionDuration.compareTo(MAX_SESSION_DURATION) > 0)) {
                throw new IllegalArgumentException("Session Duration must be between 15 minutes and 12 hours");
            }
            switch (strategy) {
                case DEFAULT_CHAIN, ANONYMOUS -> { }
                case WEB_IDENTITY -> {
                    required(roleArn, "Assume Role ARN");
                    required(roleSessionName, "Assume Role Session Name");
                    if (webIdentityTokenFile == null) {
                        throw new IllegalArgumentException("Web Identity Token File is required");
                    }
                }
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

        /** Without web identity, session duration or STS settings. */
        public Credentials(final CredentialsStrategy strategy, final String accessKeyId, final String secretAccessKey, final String sessionToken,
                           final String profileName, final String roleArn, final String roleSessionName, final String externalId) {
            this(strategy, accessKeyId, secretAccessKey, sessionToken, profileName, roleArn, roleSessionName, externalId, null, null, null, null);
        }

        public static Credentials defaultChain() {
            return new Credentials(CredentialsStrategy.DEFAULT_CHAIN, null, null, null, null, null, null, null);
        }

        public static Credentials anonymous() {
            return new Credentials(CredentialsStrategy.ANONYMOUS, null, null, null, null, null, null, null);
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

        /** Assumes {@code roleArn} with the OIDC token in {@code tokenFile} (EKS IRSA, GitHub Actions, any OIDC provider). */
        public static Credentials webIdentity(final String roleArn, final String sessionName, final Path tokenFile) {
            return new Credentials(CredentialsStrategy.WEB_IDENTITY, null, null, null, null, roleArn, sessionName, null, tokenFile, null, null, null);
        }

        /** The same credentials with STS reached in another region or at another endpoint, and sessions of the given length. */
        public Credentials withSts(final String region, final URI endpoint, final Duration duration) {
            return new Credentials(strategy, accessKeyId, secretAccessKey, sessionToken, profileName, roleArn, roleSessionName, externalId,
                    webIdentityTokenFile, duration, region, endpoint);
        }

        public boolean hasAccessKey() {
            return accessKeyId != null;
        }

        @Override
        public String toString() {
            return "Credentials[strategy=" + strategy + ", accessKeyId=" + mask(accessKeyId) + ", secretAccessKey=" + mask(secretAccessKey)
                    + ", sessionToken=" + mask(sessionToken) + ", profileName=" + profileName + ", roleArn=" + roleArn
                    + ", roleSessionName=" + roleSessionName + ", externalId=" + mask(externalId) + ", webIdentityTokenFile=" + webIdentityTokenFile
                    + ", sessionDuration=" + sessionDuration + ", stsRegion=" + stsRegion + ", stsEndpoint=" + stsEndpoint + "]";
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
