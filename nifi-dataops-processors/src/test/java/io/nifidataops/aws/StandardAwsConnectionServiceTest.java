package io.nifidataops.aws;

import io.nifidataops.testing.S3TestServer;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockConfigurationContext;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static io.nifidataops.aws.StandardAwsConnectionService.ACCESS_KEY_ID;
import static io.nifidataops.aws.StandardAwsConnectionService.ASSUME_ROLE_ARN;
import static io.nifidataops.aws.StandardAwsConnectionService.ASSUME_ROLE_EXTERNAL_ID;
import static io.nifidataops.aws.StandardAwsConnectionService.CREDENTIALS_STRATEGY;
import static io.nifidataops.aws.StandardAwsConnectionService.GLUE_ENDPOINT_OVERRIDE;
import static io.nifidataops.aws.StandardAwsConnectionService.PATH_STYLE_ACCESS;
import static io.nifidataops.aws.StandardAwsConnectionService.PROFILE_NAME;
import static io.nifidataops.aws.StandardAwsConnectionService.REGION;
import static io.nifidataops.aws.StandardAwsConnectionService.S3_ENDPOINT_OVERRIDE;
import static io.nifidataops.aws.StandardAwsConnectionService.SECRET_ACCESS_KEY;
import static io.nifidataops.aws.StandardAwsConnectionService.SESSION_TOKEN;
import static io.nifidataops.aws.StandardAwsConnectionService.VERIFICATION_BUCKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardAwsConnectionServiceTest {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    private TestRunner runner;
    private StandardAwsConnectionService service;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        service = new StandardAwsConnectionService();
        runner.addControllerService("aws", service);
    }

    @Test
    void secretsAreSensitive() {
        final List<PropertyDescriptor> sensitive = service.getPropertyDescriptors().stream().filter(PropertyDescriptor::isSensitive).toList();

        assertThat(sensitive).containsExactlyInAnyOrder(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, ASSUME_ROLE_EXTERNAL_ID);
    }

    @Test
    void defaultChainNeedsNothing() {
        runner.assertValid(service);
    }

    @Test
    void accessKeyNeedsBothHalves() {
        runner.setProperty(service, CREDENTIALS_STRATEGY, CredentialsStrategy.ACCESS_KEY);
        runner.setProperty(service, ACCESS_KEY_ID, "AKID");
        runner.assertNotValid(service);

        runner.setProperty(service, SECRET_ACCESS_KEY, "secret");
        runner.assertValid(service);
    }

    @Test
    void assumeRoleNeedsARoleAndOptionallyAKey() {
        runner.setProperty(service, CREDENTIALS_STRATEGY, CredentialsStrategy.ASSUME_ROLE);
        runner.assertNotValid(service);

        runner.setProperty(service, ASSUME_ROLE_ARN, "arn:aws:iam::123456789012:role/lake-writer");
        runner.assertValid(service);

        runner.setProperty(service, ACCESS_KEY_ID, "AKID");
        runner.assertNotValid(service);
        runner.setProperty(service, SECRET_ACCESS_KEY, "secret");
        runner.assertValid(service);
    }

    @Test
    void profileNeedsAName() {
        runner.setProperty(service, CREDENTIALS_STRATEGY, CredentialsStrategy.PROFILE);
        runner.assertNotValid(service);
        runner.setProperty(service, PROFILE_NAME, "lake");
        runner.assertValid(service);
    }

    @Test
    void endpointsMustBeUrls() {
        runner.setProperty(service, S3_ENDPOINT_OVERRIDE, "not a url");
        runner.assertNotValid(service);
    }

    @Test
    void enabledServiceHandsOutWorkingClientsAndDisabledOneRefuses() {
        S3.createBucket("enabled");
        configureForTestServer();
        runner.setProperty(service, GLUE_ENDPOINT_OVERRIDE, "http://127.0.0.1:5000");
        runner.enableControllerService(service);

        service.getS3Client().putObject(request -> request.bucket("enabled").key("k"), RequestBody.fromString("v"));
        assertThat(S3.keys("enabled", "")).containsExactly("k");
        assertThat(service.getRegion()).isEqualTo(S3TestServer.REGION);
        assertThat(service.getGlueClient().serviceClientConfiguration().endpointOverride().orElseThrow()).hasToString("http://127.0.0.1:5000");
        assertThat(service.getS3Client()).isSameAs(service.getS3Client());

        runner.disableControllerService(service);
        assertThatThrownBy(service::getS3Client).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(service::getRegion).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void verifyChecksTheVerificationBucket() {
        S3.createBucket("verify-me");
        configureForTestServer();
        runner.setProperty(service, VERIFICATION_BUCKET, "verify-me");

        final List<ConfigVerificationResult> results = verify();

        assertThat(results).extracting(ConfigVerificationResult::getVerificationStepName).containsExactly("Create S3 Client", "Access S3");
        assertThat(results).extracting(ConfigVerificationResult::getOutcome).containsOnly(Outcome.SUCCESSFUL);
        assertThat(results.get(1).getExplanation()).isEqualTo("Bucket verify-me is accessible");
    }

    @Test
    void verifyListsBucketsWithoutAVerificationBucket() {
        configureForTestServer();

        final List<ConfigVerificationResult> results = verify();

        assertThat(results).extracting(ConfigVerificationResult::getOutcome).containsExactly(Outcome.SUCCESSFUL, Outcome.SUCCESSFUL);
        assertThat(results.get(1).getExplanation()).startsWith("Listed ");
    }

    @Test
    void verifyReportsAMissingBucket() {
        configureForTestServer();
        runner.setProperty(service, VERIFICATION_BUCKET, "does-not-exist");

        final List<ConfigVerificationResult> results = verify();

        assertThat(results.get(1).getOutcome()).isEqualTo(Outcome.FAILED);
        assertThat(results.get(1).getExplanation()).startsWith("Failed to access bucket does-not-exist: S3 NoSuchBucket (HTTP 404)");
    }

    @Test
    void verifyReportsAnUnreachableEndpoint() throws IOException {
        configureForTestServer();
        try (ServerSocket socket = new ServerSocket(0)) {
            runner.setProperty(service, S3_ENDPOINT_OVERRIDE, "http://127.0.0.1:" + socket.getLocalPort());
        }
        runner.setProperty(service, StandardAwsConnectionService.API_CALL_TIMEOUT, "5 secs");

        final List<ConfigVerificationResult> results = verify();

        assertThat(results.get(0).getOutcome()).isEqualTo(Outcome.SUCCESSFUL);
        assertThat(results.get(1).getOutcome()).isEqualTo(Outcome.FAILED);
        assertThat(results.get(1).getExplanation()).startsWith("Failed to list buckets: SdkClientException; caused by ")
                .doesNotContain("Unable to execute HTTP request");
    }

    private void configureForTestServer() {
        runner.setProperty(service, REGION, S3TestServer.REGION);
        runner.setProperty(service, S3_ENDPOINT_OVERRIDE, S3.endpoint().toString());
        runner.setProperty(service, PATH_STYLE_ACCESS, "true");
        runner.setProperty(service, CREDENTIALS_STRATEGY, CredentialsStrategy.ACCESS_KEY);
        runner.setProperty(service, ACCESS_KEY_ID, S3TestServer.ACCESS_KEY_ID);
        runner.setProperty(service, SECRET_ACCESS_KEY, S3TestServer.SECRET_ACCESS_KEY);
    }

    private List<ConfigVerificationResult> verify() {
        final MockProcessContext processContext = (MockProcessContext) runner.getProcessContext();
        final Map<PropertyDescriptor, String> properties = processContext.getConfiguration("aws").getProperties();
        final MockConfigurationContext context = new MockConfigurationContext(service, properties, processContext, Map.of());
        return service.verify(context, new MockComponentLog("aws", service), Map.of());
    }
}
