package io.nifidataops.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import io.nifidataops.CauseChain;
import io.nifidataops.processors.SafeErrorMessages;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Decides whether a failed AWS call is worth retrying with the same FlowFile (the service or the network is
 * unwell) or belongs to the FlowFile's failure route (the request itself is wrong, or the connection settings are: an
 * untrusted certificate or an unknown host never heals by waiting). Pure: no NiFi, no I/O.
 *
 * <p>Descriptions are built from our words, the AWS error code, the HTTP status, the service name and exception class
 * names, never from the server's or the SDK's message text, which may echo request content.
 *
 * <p>Processors map {@link Action#RETRY} to {@code session.rollback(true)} plus {@code context.yield()} so the
 * FlowFile stays queued, and {@link Action#FAIL} to penalize plus the failure relationship.
 */
public final class AwsErrorClassifier {

    public enum Action { RETRY, FAIL }

    /**
     * @param action what the processor should do
     * @param code the AWS error code (e.g. {@code NoSuchBucket}) or the exception's simple class name
     * @param description service, code and HTTP status, or exception class names: safe for attributes and logs
     */
    public record Classification(Action action, String code, String description) {

        public boolean retry() {
            return action == Action.RETRY;
        }
    }

    // Error codes that come with a 4xx status yet clear up on their own.
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "RequestTimeout", "RequestTimeoutException", "SlowDown", "Throttling", "ThrottlingException",
            "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled",
            "RequestThrottledException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
            "PriorRequestNotComplete", "ConcurrentModificationException", "OperationAbortedException",
            "IDPCommunicationError", "BadDigest");

    private static final int MAX_DESCRIPTION = 400;

    private AwsErrorClassifier() {
    }

    public static Classification classify(final Throwable failure) {
        // A bad certificate or host name is a setting to fix, whatever wraps it: retrying would loop forever.
        final Classification configuration = connectionSettingsFault(failure);
        if (configuration != null) {
            return configuration;
        }
        // Processors and libraries wrap SDK errors; the innermost SDK or I/O error carries the real reason.
        for (final Throwable cause : CauseChain.of(failure)) {
            if (cause instanceof SdkServiceException service) {
                return classifyService(service);
            }
            if (cause instanceof SdkClientException client) {
                return classifyClient(client);
            }
            if (cause instanceof ChecksumMismatchException) {
                return of(Action.RETRY, "ChecksumMismatch", SafeErrorMessages.describe(cause));
            }
            if (isNetworkFailure(cause)) {
                return of(Action.RETRY, SafeErrorMessages.typeName(cause), SafeErrorMessages.describe(cause));
            }
        }
        // Not an AWS or network error: its message may quote the data, so only the types are reported.
        return of(Action.FAIL, SafeErrorMessages.typeName(failure), SafeErrorMessages.describe(failure));
    }

    private static Classification classifyService(final SdkServiceException service) {
        final int status = service.statusCode();
        final String code;
        final String serviceName;
        if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            code = aws.awsErrorDetails().errorCode() != null ? aws.awsErrorDetails().errorCode() : codeFromType(service, status);
            serviceName = aws.awsErrorDetails().serviceName();
        } else {
            code = codeFromType(service, status);
            serviceName = null;
        }
        final boolean transientFailure = status >= 500 || status == 408 || status == 429
                || service.isThrottlingException() || service.isClockSkewException() || TRANSIENT_CODES.contains(code);
        final String description = (serviceName == null ? "" : serviceName + " ") + code + " (HTTP " + status + ")";
        return of(transientFailure ? Action.RETRY : Action.FAIL, code, description);
    }

    // Responses without a body (HEAD requests) carry no error code; the SDK's typed exception still names it.
    private static String codeFromType(final SdkServiceException service, final int status) {
        final String type = service.getClass().getSimpleName();
        final boolean typed = type.endsWith("Exception") && !type.endsWith("ServiceException") && !type.equals("S3Exception")
                && !type.equals("GlueException") && !type.equals("StsException");
        return typed ? type.substring(0, type.length() - "Exception".length()) : "HTTP" + status;
    }

    private static Classification classifyClient(final SdkClientException client) {
        final boolean transientFailure = client instanceof ApiCallTimeoutException
                || client instanceof ApiCallAttemptTimeoutException
                || client.retryable()
                || hasNetworkCause(client);
        // AbortedException means our own thread was interrupted (processor stopping): retry later, never fail the data.
        final Action action = transientFailure || client instanceof AbortedException ? Action.RETRY : Action.FAIL;
        return of(action, SafeErrorMessages.typeName(client), SafeErrorMessages.describe(client));
    }

    /** An untrusted or invalid certificate, a failed TLS handshake or an unknown host anywhere in the chain, else null. */
    private static Classification connectionSettingsFault(final Throwable failure) {
        for (final Throwable cause : CauseChain.of(failure)) {
            if (cause instanceof UnknownHostException) {
                return of(Action.FAIL, "UnknownHost", "The endpoint's host name does not resolve (UnknownHostException):"
                        + " check the region and endpoint override");
            }
            if (isTlsFault(cause)) {
                return of(Action.FAIL, "TlsFailure", "TLS with the endpoint failed (" + SafeErrorMessages.typeName(cause) + "):"
                        + " its certificate is not trusted or does not match, or the SSL Context Service does not fit it");
            }
        }
        return null;
    }

    // Certificate errors are permanent. Any other SSLException (handshake, peer not verified) is too, unless a socket error
    // caused it: a connection reset or timeout during the handshake is the network's fault and stays transient.
    private static boolean isTlsFault(final Throwable cause) {
        if (cause instanceof CertPathValidatorException || cause instanceof CertificateException) {
            return true;
        }
        return cause instanceof SSLException && !hasNetworkCause(cause);
    }

    private static boolean hasNetworkCause(final Throwable failure) {
        return CauseChain.of(failure).stream().skip(1).anyMatch(AwsErrorClassifier::isNetworkFailure);
    }

    // Connection refused/reset and timeouts. Plain IOExceptions from HTTP clients count too (Apache's
    // NoHttpResponseException, ConnectionClosedException) when the SDK reports them as client errors.
    private static boolean isNetworkFailure(final Throwable cause) {
        return cause instanceof SocketException
                || cause instanceof InterruptedIOException
                || cause instanceof IOException && cause.getClass().getName().startsWith("org.apache.http.");
    }

    private static Classification of(final Action action, final String code, final String description) {
        return new Classification(action, code, sanitize(description));
    }

    // Attributes and bulletins are single-line and short.
    private static String sanitize(final String text) {
        final String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_DESCRIPTION ? oneLine : oneLine.substring(0, MAX_DESCRIPTION - 3) + "...";
    }
}
