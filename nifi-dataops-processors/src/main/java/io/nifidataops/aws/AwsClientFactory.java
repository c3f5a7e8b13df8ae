package io.nifidataops.aws;

import io.nifidataops.aws.AwsClientSettings.Credentials;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the S3 and Glue clients of one {@link AwsClientSettings}, sharing one credentials provider, and closes
 * everything it built in one call. Building contacts no service; the first request does.
 */
public final class AwsClientFactory {

    private AwsClientFactory() {
    }

    /** Clients and what they depend on; closing it closes all of them. */
    public record AwsClients(S3Client s3, GlueClient glue, List<AutoCloseable> resources) implements AutoCloseable {

        @Override
        public void close() {
            // Reverse order: clients before the credentials provider and STS client they use.
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception ignored) {
                    // Closing releases connections and threads; a failure here leaves nothing we could still free.
                }
            }
        }
    }

    public static AwsClients create(final AwsClientSettings settings) {
        final List<AutoCloseable> resources = new ArrayList<>();
        try {
            final AwsCredentialsProvider credentials = credentialsProvider(settings, resources);
            final S3Client s3 = s3(settings, credentials);
            resources.add(s3);
            final GlueClient glue = glue(settings, credentials);
            resources.add(glue);
            return new AwsClients(s3, glue, List.copyOf(resources));
        } catch (RuntimeException e) {
            new AwsClients(null, null, resources).close();
            throw e;
        }
    }

    public static S3Client s3(final AwsClientSettings settings, final AwsCredentialsProvider credentials) {
        return common(S3Client.builder(), settings, credentials).applyMutation(settings::applyS3Endpoint).build();
    }

    public static GlueClient glue(final AwsClientSettings settings, final AwsCredentialsProvider credentials) {
        return common(GlueClient.builder(), settings, credentials).applyMutation(settings::applyGlueEndpoint).build();
    }

    // What every client of one connection shares: region, HTTP client and timeouts, credentials.
    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B common(
            final B builder, final AwsClientSettings settings, final AwsCredentialsProvider credentials) {
        return builder
                .applyMutation(settings::applyRegion)
                .applyMutation(settings::applyHttpClient)
                .applyMutation(settings::applyApiCallTimeout)
                .credentialsProvider(credentials);
    }

    /** The provider for the settings' strategy; anything that must be closed later is added to {@code resources}. */
    static AwsCredentialsProvider credentialsProvider(final AwsClientSettings settings, final List<AutoCloseable> resources) {
        final Credentials credentials = settings.credentials();
        return switch (credentials.strategy()) {
            case DEFAULT_CHAIN -> closing(DefaultCredentialsProvider.builder().build(), resources);
            case ANONYMOUS -> AnonymousCredentialsProvider.create();
            case ACCESS_KEY -> StaticCredentialsProvider.create(staticCredentials(credentials));
            case PROFILE -> closing(ProfileCredentialsProvider.builder().profileName(credentials.profileName()).build(), resources);
            case ASSUME_ROLE -> {
                final AwsCredentialsProvider base = credentials.hasAccessKey()
                        ? StaticCredentialsProvider.create(staticCredentials(credentials))
                        : closing(DefaultCredentialsProvider.builder().build(), resources);
                final StsClient sts = closing(sts(settings, base), resources);
                yield closing(StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts)
                        .refreshRequest(request -> request.roleArn(credentials.roleArn())
                                .roleSessionName(credentials.roleSessionName())
                                .externalId(credentials.externalId())
                                .durationSeconds(durationSeconds(credentials)))
                        .build(), resources);
            }
            case WEB_IDENTITY -> {
                // AssumeRoleWithWebIdentity is authenticated by the token itself, not signed
                final StsClient sts = closing(sts(settings, AnonymousCredentialsProvider.create()), resources);
                yield closing(StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
                        .stsClient(sts)
                        .refreshRequest(() -> AssumeRoleWithWebIdentityRequest.builder()
                                .roleArn(credentials.roleArn())
                                .roleSessionName(credentials.roleSessionName())
                                .webIdentityToken(readToken(credentials))
                                .durationSeconds(durationSeconds(credentials))
                                .build())
                        .build(), resources);
            }
        };
    }

    // The STS client shares the connection's HTTP settings (TLS, proxy, timeouts) and may have its own region and endpoint.
    private static StsClient sts(final AwsClientSettings settings, final AwsCredentialsProvider credentials) {
        final Credentials sts = settings.credentials();
        final StsClientBuilder builder = common(StsClient.builder(), settings, credentials);
        if (sts.stsRegion() != null) {
            builder.region(Region.of(sts.stsRegion()));
        }
        if (sts.stsEndpoint() != null) {
            builder.endpointOverride(sts.stsEndpoint());
        }
        return builder.build();
    }

    private static Integer durationSeconds(final Credentials credentials) {
        return credentials.sessionDuration() == null ? null : Math.toIntExact(credentials.sessionDuration().toSeconds());
    }

    private static String readToken(final Credentials credentials) {
        try {
            return Files.readString(credentials.webIdentityTokenFile(), StandardCharsets.UTF_8).strip();
        } catch (final IOException e) {
            // The path is configuration, not data: safe to name
            throw new UncheckedIOException("Cannot read the Web Identity Token File " + credentials.webIdentityTokenFile(), e);
        }
    }

    private static AwsCredentials staticCredentials(final Credentials credentials) {
        return credentials.sessionToken() == null
                ? AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())
                : AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
    }

    private static <T extends AutoCloseable> T closing(final T resource, final List<AutoCloseable> resources) {
        resources.add(resource);
        return resource;
    }
}
