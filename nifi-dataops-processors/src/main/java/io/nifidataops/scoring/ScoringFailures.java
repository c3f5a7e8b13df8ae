package io.nifidataops.scoring;

import io.nifidataops.CauseChain;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.util.stream.Collectors;

/**
 * Decides whether a failed call to a model server may pass later (retry) or never will as configured (failure), the way
 * InvokeHTTP does: timeouts, refused or dropped connections, 408, 429 and 5xx are transient; an unknown host, a TLS
 * handshake or certificate failure, other 4xx and answers that are not JSON are permanent. Retrying a permanent fault
 * would hold the FlowFile forever. Messages hold our own words, the redacted URI and exception class names only.
 */
final class ScoringFailures {

    private ScoringFailures() {
    }

    static ScoringException transport(final URI uri, final IOException error) {
        final String where = RemoteUris.redact(uri).toString();
        if (causedBy(error, UnknownHostException.class) || causedBy(error, UnresolvedAddressException.class)) {
            return new ScoringException("The host of the model server at %s cannot be resolved (%s)".formatted(where, names(error)), false, error);
        }
        // CertificateException, CertPathValidatorException and CertPathBuilderException are GeneralSecurityExceptions
        if (causedBy(error, SSLException.class) || causedBy(error, GeneralSecurityException.class)) {
            return new ScoringException(("The TLS handshake with the model server at %s failed: its certificate is not trusted or TLS is "
                    + "misconfigured; configure an SSL Context Service that trusts it (%s)").formatted(where, names(error)), false, error);
        }
        if (error instanceof HttpConnectTimeoutException) {
            return new ScoringException("The model server at %s did not accept a connection within the connect timeout".formatted(where), true, error);
        }
        if (error instanceof HttpTimeoutException) {
            return new ScoringException("The model server at %s did not answer within the request timeout".formatted(where), true, error);
        }
        if (error instanceof ConnectException) {
            return new ScoringException("The model server at %s cannot be reached (%s)".formatted(where, names(error)), true, error);
        }
        return new ScoringException("The request to the model server at %s failed (%s)".formatted(where, names(error)), true, error);
    }

    /** 408 (request timeout), 429 (too many requests) and 5xx may pass later; other statuses will not. */
    static boolean isTransientStatus(final int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static boolean causedBy(final Throwable error, final Class<? extends Throwable> type) {
        return CauseChain.of(error).stream().anyMatch(type::isInstance);
    }

    // "SSLHandshakeException < ValidatorException": the chain's class names, never their messages
    private static String names(final Throwable error) {
        return CauseChain.of(error).stream().limit(4).map(cause -> cause.getClass().getSimpleName())
                .collect(Collectors.joining(" < "));
    }
}
