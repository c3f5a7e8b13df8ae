package io.nifidataops.healthcare;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HealthcareFlowTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void testCommittedFlowDefinitionIsWhatHealthcareFlowWrites() throws IOException {
        assertThat(Files.readString(PROJECT.resolve(HealthcareFlow.RELATIVE_PATH)))
                .as("run HealthcareFlow.main to regenerate %s", HealthcareFlow.RELATIVE_PATH)
                .isEqualTo(HealthcareFlow.json());
    }

    @Test
    void testEveryParameterIsDeclaredAndSecretsCarryNoValue() throws IOException {
        final JsonNode context = FlowGroup.MAPPER.readTree(HealthcareFlow.json()).path("parameterContexts").path(HealthcareFlow.PARAMETER_CONTEXT);
        assertThat(context.path("parameters")).hasSize(HealthcareFlow.PARAMETERS.size());
        for (final JsonNode parameter : context.path("parameters")) {
            if (parameter.path("sensitive").asBoolean()) {
                assertThat(parameter.has("value")).as(parameter.path("name").asText()).isFalse();
            }
        }
    }

    @Test
    void testEverySourceDatasetHasASuite() {
        for (final String dataset : HealthcareFlow.DATASETS) {
            assertThat(PROJECT.resolve("flow-templates/suites/" + dataset + ".json")).exists();
        }
    }

    @Test
    void testEveryFhirDatasetHasAView() {
        for (final String dataset : HealthcareFlow.FHIR_DATASETS) {
            assertThat(PROJECT.resolve("flow-templates/views/" + dataset + ".json")).exists();
        }
    }

    @Test
    void testSampleDataIsDeterministicAndHoldsBadRecordsOfEverySource() {
        final List<SampleData.Batch> first = SampleData.generate(7);
        final List<SampleData.Batch> second = SampleData.generate(7);
        assertThat(first).hasSameSizeAs(second);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i).content()).isEqualTo(second.get(i).content());
        }
        assertThat(first).filteredOn(batch -> batch.invalid() > 0).extracting(SampleData.Batch::dataset)
                .contains("encounters", "patients", "vitals", "lab_results");
        assertThat(first).anyMatch(SampleData.Batch::unreadable);
    }

    @Test
    void testDeployerOptionsSetParameters() {
        final FlowDeployer.Settings settings = FlowDeployer.parse(new String[] {"--nifi-api", "http://nifi:8080/nifi-api",
                "--s3-endpoint", "http://minio:9000", "--secret-key", "s3cr3t", "--bucket", "acme", "--send-samples"});
        assertThat(settings.nifiApi().toString()).isEqualTo("http://nifi:8080/nifi-api/");
        assertThat(settings.parameters()).containsEntry("s3.endpoint", "http://minio:9000").containsEntry("aws.secret.access.key", "s3cr3t")
                .containsEntry("lake.bucket", "acme").containsEntry("glue.database", "healthcare_lake");
        assertThat(settings.sendSamples()).isTrue();
    }
}
