package io.nifidataops.scoring;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathValidatorException;

import static org.assertj.core.api.Assertions.assertThat;

class ScoringFailuresTest {

    private static final URI ENDPOINT = URI.create("https://scorer:s3cret@models.example.org:8443/invocations?token=abc");

    @Test
    void unreachableSlowAndDroppedConnectionsMayPassLater() {
        assertThat(ScoringFailures.transport(ENDPOINT, new ConnectException()).isRetryable()).isTrue();
        assertThat(ScoringFailures.transport(ENDPOINT, new HttpConnectTimeoutException("x")).isRetryable()).isTrue();
        assertThat(ScoringFailures.transport(ENDPOINT, new HttpTimeoutException("x")).isRetryable()).isTrue();
        assertThat(ScoringFailures.transport(ENDPOINT, new IOException("connection reset")).isRetryable()).isTrue();
        assertThat(ScoringFailures.isTransientStatus(503)).isTrue();
        assertThat(ScoringFailures.isTransientStatus(500)).isTrue();
        assertThat(ScoringFailures.isTransientStatus(429)).isTrue();
        assertThat(ScoringFailures.isTransientStatus(408)).isTrue();
    }

    @Test
    void unknownHostsUntrustedCertificatesAndRejectedRequestsNeverPass() {
        // java.net.http reports an unknown host as a ConnectException caused by UnresolvedAddressException
        final ConnectException unresolved = new ConnectException();
        unresolved.initCause(new UnresolvedAddressException());
        assertThat(ScoringFailures.transport(ENDPOINT, unresolved).isRetryable()).isFalse();
        assertThat(ScoringFailures.transport(ENDPOINT, new UnknownHostException("models.example.org")).isRetryable()).isFalse();

        final SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertPathValidatorException("unable to find valid certification path"));
        assertThat(ScoringFailures.transport(ENDPOINT, untrusted).isRetryable()).isFalse();
        assertThat(ScoringFailures.transport(ENDPOINT, new SSLException("Unsupported or unrecognized SSL message")).isRetryable()).isFalse();

        assertThat(ScoringFailures.isTransientStatus(400)).isFalse();
        assertThat(ScoringFailures.isTransientStatus(401)).isFalse();
        assertThat(ScoringFailures.isTransientStatus(403)).isFalse();
        assertThat(ScoringFailures.isTransientStatus(404)).isFalse();
    }

    @Test
    void messagesNameTheEndpointWithoutCredentialsAndTheExceptionsWithoutTheirText() {
        final SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed for CN=patient-42");
        untrusted.initCause(new CertPathValidatorException("unable to find valid certification path"));
        final String message = ScoringFailures.transport(ENDPOINT, untrusted).getMessage();
        assertThat(message).isEqualTo("The TLS handshake with the model server at https://models.example.org:8443/invocations failed: its "
                + "certificate is not trusted or TLS is misconfigured; configure an SSL Context Service that trusts it "
                + "(SSLHandshakeException < CertPathValidatorException)");
        assertThat(ScoringFailures.transport(ENDPOINT, new IOException("value 'Smith' rejected")).getMessage())
                .doesNotContain("Smith").doesNotContain("s3cret").doesNotContain("token");
    }
}
