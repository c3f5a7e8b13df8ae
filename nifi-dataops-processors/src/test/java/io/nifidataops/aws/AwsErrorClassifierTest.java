package io.nifidataops.aws;

import io.nifidataops.aws.AwsErrorClassifier.Action;
import io.nifidataops.aws.AwsErrorClassifier.Classification;
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

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(classification.description()).isEqualTo("S3 " + code + " (HTTP " + status + "): the message");
    }

    @Test
    void typedServiceExceptionsKeepTheirCode() {
        final NoSuchBucketException noBucket = (NoSuchBucketException) NoSuchBucketException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchBucket").serviceName("S3")
                        .errorMessage("The specified bucket does not exist").build())
                .build();

        assertThat(AwsErrorClassifier.classify(noBucket))
                .isEqualTo(new Classification(Action.FAIL, "NoSuchBucket", "S3 NoSuchBucket (HTTP 404): The specified bucket does not exist"));
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
        final SdkClientException unknownHost = SdkClientException.create("Unable to execute HTTP request", new UnknownHostException("s3.example"));

        assertThat(AwsErrorClassifier.classify(refused))
                .isEqualTo(new Classification(Action.RETRY, "SdkClientException", "Unable to execute HTTP request: Connect to 127.0.0.1:1 failed"));
        assertThat(AwsErrorClassifier.classify(reset).retry()).isTrue();
        assertThat(AwsErrorClassifier.classify(readTimeout).retry()).isTrue();
        assertThat(AwsErrorClassifier.classify(unknownHost).retry()).isTrue();
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
                .isEqualTo(new Classification(Action.FAIL, "SdkClientException", "Unable to marshall request to JSON"));
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
    void descriptionsAreOneBoundedLine() {
        final Classification classification = AwsErrorClassifier.classify(s3Error(400, "InvalidArgument", "line one\nline two " + "x".repeat(1000)));

        assertThat(classification.description()).doesNotContain("\n").hasSize(400).endsWith("...");
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
