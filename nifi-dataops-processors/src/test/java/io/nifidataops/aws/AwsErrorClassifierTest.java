package io.nifidataops.aws;

import io.nifidataops.aws.AwsErrorClassifier.Action;
import io.nifidataops.aws.AwsErrorClassifier.Classification;
import io.nifidataops.testing.LoopingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class AwsErrorClassifierTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "500, InternalError, RETRY",
            "503, SlowDown, RETRY",
            "503, ServiceUnavailable, RETRY",
            "408, RequestTimeout, RETRY",
            "429, TooManyRequests, RETRY",
            "400, RequestTimeout, RETRY",
            "400, ThrottlingException, RETRY",
            "400, BadDigest, RETRY",
            "404, NoSuchBucket, FAIL",
            "404, NoSuchKey, FAIL",
            "403, AccessDenied, FAIL",
            "400, InvalidRequest, FAIL",
            "400, InvalidArgument, FAIL",
            "400, EntityTooSmall, FAIL",
            "400, KMS.NotFoundException, FAIL",
    })
    void classifiesServiceErrorsByStatusAndCode(final int status, final String code, final Action expected) {
        final Classification classification = AwsErrorClassifier.classify(s3Error(status, code, "the message"));

        assertThat(classification.action()).isEqualTo(expected);
        assertThat(classification.code()).isEqualTo(code);
        assertThat(classification.description()).isEqualTo("S3 " + code + " (HTTP " + status + ")");
    }

    @Test
    void typedServiceExceptionsKeepTheirCode() {
        final NoSuchBucketException noBucket = (NoSuchBucketException) NoSuchBucketException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchBucket").serviceName("S3")
                        .errorMessage("The specified bucket does not exist").build())
                .build();

        assertThat(AwsErrorClassifier.classify(noBucket))
                .isEqualTo(new Classification(Action.FAIL, "NoSuchBucket", "S3 NoSuchBucket (HTTP 404)"));
    }

    @Test
    void aResponseWithoutBodyIsNamedAfterTheTypedException() {
        // HeadBucket on a missing bucket: 404 and no error document.
        final NoSuchBucketException headBucket = (NoSuchBucketException) NoSuchBucketException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("S3").build()).build();
        final S3Exception untyped = (S3Exception) S3Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("S3").build()).build();

        assertThat(AwsErrorClassifier.classify(headBucket).description()).isEqualTo("S3 NoSuchBucket (HTTP 404)");
        assertThat(AwsErrorClassifier.classify(untyped).description()).isEqualTo("S3 HTTP403 (HTTP 403)");
    }

    @Test
    void glueErrorsAreClassifiedTheSameWay() {
        final EntityNotFoundException notFound = (EntityNotFoundException) EntityNotFoundException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("EntityNotFoundException").serviceName("Glue").build())
                .build();
        final Classification concurrent = AwsErrorClassifier.classify(glueError("ConcurrentModificationException"));

        assertThat(AwsErrorClassifier.classify(notFound).action()).isEqualTo(Action.FAIL);
        assertThat(AwsErrorClassifier.classify(notFound).description()).isEqualTo("Glue EntityNotFoundException (HTTP 400)");
        assertThat(concurrent.retry()).isTrue();
    }

    @Test
    void connectionRefusedResetAndTimeoutsAreRetried() {
        final SdkClientException refused = SdkClientException.create("Unable to execute HTTP request: Connect to 127.0.0.1:1 failed",
                new ConnectException("Connection refused"));
        final SdkClientException reset = SdkClientException.create("Unable to execute HTTP request", new SocketException("Connection reset"));
        final SdkClientException readTimeout = SdkClientException.create("Unable to execute HTTP request", new SocketTimeoutException("Read timed out"));
        final SdkClientException resetDuringHandshake = SdkClientException.create("Unable to execute HTTP request",
                new SSLException("Connection reset", new SocketException("Connection reset")));

        assertThat(AwsErrorClassifier.classify(refused))
                .isEqualTo(new Classification(Action.RETRY, "SdkClientException", "SdkClientException; caused by ConnectException"));
        assertThat(AwsErrorClassifier.classify(reset).retry()).isTrue();
        assertThat(AwsErrorClassifier.classify(readTimeout).retry()).isTrue();
        assertThat(AwsErrorClassifier.classify(resetDuringHandshake).retry()).isTrue();
    }

    @Test
    void untrustedCertificatesAndUnknownHostsAreSettingsToFixNotOutages() {
        final SdkClientException untrusted = SdkClientException.create("Unable to execute HTTP request: PKIX path building failed",
                new SSLHandshakeException("PKIX path building failed"));
        untrusted.getCause().initCause(new CertPathValidatorException("Path does not chain with any of the trust anchors"));
        final SdkClientException hostMismatch = SdkClientException.create("Unable to execute HTTP request",
                new SSLPeerUnverifiedException("Certificate for <s3.example> doesn't match"));
        final SdkClientException unknownHost = SdkClientException.create("Unable to execute HTTP request", new UnknownHostException("s3.example"));

        assertThat(AwsErrorClassifier.classify(untrusted).action()).isEqualTo(Action.FAIL);
        assertThat(AwsErrorClassifier.classify(untrusted).code()).isEqualTo("TlsFailure");
        assertThat(AwsErrorClassifier.classify(untrusted).description()).contains("SSLHandshakeException").doesNotContain("PKIX");
        assertThat(AwsErrorClassifier.classify(hostMismatch).action()).isEqualTo(Action.FAIL);
        assertThat(AwsErrorClassifier.classify(new UncheckedIOException(new IOException("upload", untrusted))).action()).isEqualTo(Action.FAIL);
        assertThat(AwsErrorClassifier.classify(unknownHost))
                .isEqualTo(new Classification(Action.FAIL, "UnknownHost",
                        "The endpoint's host name does not resolve (UnknownHostException): check the region and endpoint override"));
        assertThat(AwsErrorClassifier.classify(new UnknownHostException("glue.example")).action()).isEqualTo(Action.FAIL);
    }

    @Test
    void apiCallTimeoutsAndInterruptionsAreRetried() {
        assertThat(AwsErrorClassifier.classify(ApiCallTimeoutException.create(1000)).action()).isEqualTo(Action.RETRY);
        assertThat(AwsErrorClassifier.classify(ApiCallAttemptTimeoutException.create(500)).action()).isEqualTo(Action.RETRY);
        assertThat(AwsErrorClassifier.classify(AbortedException.create("Thread was interrupted")).action()).isEqualTo(Action.RETRY);
    }

    @Test
    void clientErrorsWithoutANetworkCauseFail() {
        final SdkClientException badRequest = SdkClientException.create("Unable to marshall request to JSON");

        assertThat(AwsErrorClassifier.classify(badRequest))
                .isEqualTo(new Classification(Action.FAIL, "SdkClientException", "SdkClientException"));
    }

    @Test
    void findsTheAwsErrorInsideWrappers() {
        final RuntimeException wrapped = new IllegalStateException("write failed", new UncheckedIOException(new IOException("part 2",
                s3Error(503, "SlowDown", "Please reduce your request rate."))));

        final Classification classification = AwsErrorClassifier.classify(wrapped);

        assertThat(classification.action()).isEqualTo(Action.RETRY);
        assertThat(classification.code()).isEqualTo("SlowDown");
    }

    @Test
    void bareNetworkIOExceptionsAreRetriedAndChecksumMismatchToo() {
        assertThat(AwsErrorClassifier.classify(new SocketTimeoutException("Read timed out")).action()).isEqualTo(Action.RETRY);
        assertThat(AwsErrorClassifier.classify(new ChecksumMismatchException("CRC32 of part 2 differs")))
                .isEqualTo(new Classification(Action.RETRY, "ChecksumMismatch", "CRC32 of part 2 differs"));
    }

    @Test
    void otherErrorsFailAndDoNotEchoTheirMessage() {
        final Classification classification = AwsErrorClassifier.classify(new IllegalArgumentException("value 'Jane Doe' is not an int"));

        assertThat(classification).isEqualTo(new Classification(Action.FAIL, "IllegalArgumentException", "IllegalArgumentException"));
    }

    @Test
    void theServersAndTheSdksMessagesNeverReachTheDescription() {
        final Classification service = AwsErrorClassifier.classify(s3Error(400, "InvalidArgument", "Invalid tag value 'Jane Doe'\nline two"));
        final Classification client = AwsErrorClassifier.classify(SdkClientException.create("Unable to marshall 'Jane Doe'",
                new IllegalStateException("Jane Doe")));

        assertThat(service.description()).isEqualTo("S3 InvalidArgument (HTTP 400)");
        assertThat(client.description()).isEqualTo("SdkClientException; caused by IllegalStateException");
    }

    @Test
    void aCauseChainThatLoopsBackIsClassifiedNotWalkedForever() {
        final LoopingException loop = LoopingException.loopOfTwo();

        final Classification classification = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> AwsErrorClassifier.classify(loop));

        assertThat(classification.action()).isEqualTo(Action.FAIL);
        assertThat(classification.description()).isEqualTo("LoopingException; caused by LoopingException");
    }

    private static S3Exception s3Error(final int status, final String code, final String message) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3").build())
                .build();
    }

    private static GlueException glueError(final String code) {
        return (GlueException) GlueException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("Glue").build()).build();
    }
}
