package io.nifidataops.lake;

import io.nifidataops.aws.AwsErrorClassifier.Action;
import io.nifidataops.aws.AwsErrorClassifier.Classification;
import org.apache.nifi.serialization.MalformedRecordException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class LakeFailuresTest {

    @Test
    void testDataAndSettingsProblemsFailWithTheirOwnMessage() {
        assertThat(LakeFailures.classify(RecordConversionException.notRepresentable("temp", "decimal(5,2)").atRecord(3)))
                .isEqualTo(new Classification(Action.FAIL, "RecordConversion", "record 3: value of field 'temp' cannot be represented as decimal(5,2)"));
        assertThat(LakeFailures.classify(new LakeSchemaException("field 'meta' is a record with no fields, which Parquet cannot store")).code())
                .isEqualTo("LakeSchema");
        assertThat(LakeFailures.classify(new IllegalArgumentException("lake.dataset must be one non-empty path segment without '/'")).action())
                .isEqualTo(Action.FAIL);
    }

    @Test
    void testParserMessagesAreNotPassedOn() {
        final Classification classification = LakeFailures.classify(new MalformedRecordException("Unrecognized token 'Smith': was expecting"));
        assertThat(classification.action()).isEqualTo(Action.FAIL);
        assertThat(classification.description()).doesNotContain("Smith");
    }

    @Test
    void testStagingAndNetworkTroubleIsRetried() {
        assertThat(LakeFailures.classify(new StagingException("Cannot create local Parquet file /tmp/x", new IOException("No space left on device"))).action())
                .isEqualTo(Action.RETRY);
        assertThat(LakeFailures.classify(SdkClientException.create("Unable to execute HTTP request", new ConnectException("Connection refused"))).action())
                .isEqualTo(Action.RETRY);
    }
}
