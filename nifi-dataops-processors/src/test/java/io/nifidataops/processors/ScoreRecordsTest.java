package io.nifidataops.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.scoring.KServeModelScoringService;
import io.nifidataops.scoring.LocalModelServer;
import io.nifidataops.scoring.LocalModelServer.Fault;
import io.nifidataops.scoring.MlflowModelScoringService;
import io.nifidataops.scoring.ModelScoringService;
import io.nifidataops.scoring.OnnxModelScoringService;
import io.nifidataops.scoring.TestModels;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.util.MockConfigurationContext;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoreRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEATURES = String.join(",", TestModels.VITALS_FEATURES);

    private static final String VITALS = """
            [{"patient_id": "p-1", "heart_rate": 72, "spo2": 98, "temperature_c": 36.8, "systolic_bp": 125, "respiratory_rate": 14},
             {"patient_id": "p-2", "heart_rate": 128, "spo2": 86, "temperature_c": 39.4, "systolic_bp": 88, "respiratory_rate": 30},
             {"patient_id": "p-3", "heart_rate": 80, "spo2": null, "temperature_c": 37.1, "systolic_bp": 118, "respiratory_rate": 16}]""";

    private final List<LocalModelServer> servers = new ArrayList<>();
    private TestRunner runner;
    private Map<String, String> properties = Map.of();

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(ScoreRecords.class);
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(ScoreRecords.RECORD_READER, "reader");
        runner.setProperty(ScoreRecords.RECORD_WRITER, "writer");
        runner.setProperty(ScoreRecords.FEATURE_FIELDS, FEATURES);
        runner.setProperty(ScoreRecords.SCORE_FIELD, "risk_score");
        runner.setProperty(ScoreRecords.LABEL_FIELD, "risk_label");
        runner.setProperty(ScoreRecords.SCORE_CLASS, "high");
    }

    @AfterEach
    void stopServers() {
        servers.forEach(LocalModelServer::close);
    }

    @Test
    void scoresEveryRecordWithTheShippedModelAndRecordsTheModelInAttributesAndProvenance() throws Exception {
        useOnnx(TestModels.VITALS_RISK);
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");
        runner.setProperty(ScoreRecords.PROBABILITIES_FIELD, "risk_probabilities");
        runner.enqueue(VITALS);
        runner.run();

        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
        final MockFlowFile scored = runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst();
        scored.assertAttributeEquals("model.name", TestModels.VITALS_MODEL_NAME);
        scored.assertAttributeEquals("model.version", "1");
        scored.assertAttributeEquals("score.count", "2");
        scored.assertAttributeEquals("record.count", "3");
        scored.assertAttributeEquals("mime.type", "application/json");

        final List<JsonNode> records = records(scored);
        assertThat(records).extracting(r -> r.get("patient_id").asText()).containsExactly("p-1", "p-2", "p-3");
        assertThat(records.get(0).get("risk_label").asText()).isEqualTo("low");
        assertThat(records.get(0).get("risk_score").floatValue()).isLessThan(0.2f);
        assertThat(records.get(1).get("risk_label").asText()).isEqualTo("high");
        assertThat(records.get(1).get("risk_score").floatValue()).isGreaterThan(0.8f);
        assertThat(records.get(1).get("risk_probabilities").get("high").floatValue()).isEqualTo(records.get(1).get("risk_score").floatValue());
        assertThat(records.get(2).get("risk_score").isNull()).isTrue();
        assertThat(records.get(2).get("risk_label").isNull()).isTrue();

        final List<ProvenanceEventRecord> events = runner.getProvenanceEvents();
        assertThat(events).extracting(ProvenanceEventRecord::getEventType).containsExactly(ProvenanceEventType.CONTENT_MODIFIED);
        assertThat(events.getFirst().getDetails())
                .isEqualTo("Scored 2 of 3 records with model '" + TestModels.VITALS_MODEL_NAME + "' version '1'");
    }

    @Test
    void batchesHoldAtMostBatchSizeRecordsAndKeepTheirOrder() throws Exception {
        useOnnx(TestModels.VITALS_RISK);
        runner.setProperty(ScoreRecords.BATCH_SIZE, "7");
        final List<Map<String, Object>> input = randomVitals(50, 7);
        runner.enqueue(JSON.writeValueAsBytes(input));
        runner.run();

        final MockFlowFile scored = runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst();
        scored.assertAttributeEquals("score.count", "50");
        final List<JsonNode> records = records(scored);
        assertThat(records).extracting(r -> r.get("patient_id").asText())
                .containsExactlyElementsOf(input.stream().map(r -> (String) r.get("patient_id")).toList());
        assertThat(records).allSatisfy(r -> assertThat(r.get("risk_score").floatValue()).isBetween(0f, 1f));
    }

    @Test
    void missingValuesTakeTheDefaultOrFailTheFlowFileUnchanged() throws Exception {
        useOnnx(TestModels.VITALS_RISK);
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "USE_DEFAULT_VALUE");
        runner.setProperty(ScoreRecords.DEFAULT_VALUE, "97");
        runner.enqueue(VITALS);
        runner.run();
        runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst().assertAttributeEquals("score.count", "3");

        runner.clearTransferState();
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "ROUTE_TO_FAILURE");
        runner.enqueue(VITALS);
        runner.run();
        final MockFlowFile failed = runner.getFlowFilesForRelationship(ScoreRecords.REL_FAILURE).getFirst();
        failed.assertContentEquals(VITALS);
        failed.assertAttributeEquals("score.error", "Records could not be scored (after 3 records): record 3: feature 'spo2' is missing or null");
    }

    @Test
    void wrongFeatureTypesAndNonFiniteValuesFailWithoutQuotingValues() throws Exception {
        useOnnx(TestModels.VITALS_RISK);
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "USE_DEFAULT_VALUE");
        runner.enqueue(VITALS.replace("\"heart_rate\": 128", "\"heart_rate\": \"Smith\""));
        runner.enqueue(VITALS.replace("\"heart_rate\": 128", "\"heart_rate\": \"NaN\""));
        runner.run(2);

        assertThat(runner.getFlowFilesForRelationship(ScoreRecords.REL_FAILURE)).extracting(ff -> ff.getAttribute("score.error")).containsExactly(
                "Records could not be scored (after 2 records): record 2: feature 'heart_rate' is text that is not a number",
                "Records could not be scored (after 2 records): record 2: feature 'heart_rate' is NaN");
    }

    @Test
    void aFeatureCountTheModelDisagreesWithStopsTheProcessorFromStarting() throws Exception {
        useOnnx(TestModels.REGRESSOR);
        runner.enqueue(VITALS);
        assertThatThrownBy(() -> runner.run()).hasStackTraceContaining("takes 3 features [f0, f1, f2] but 5 feature fields are configured");
        runner.assertTransferCount(ScoreRecords.REL_SUCCESS, 0);
    }

    @Test
    void mlflowAndKServeScoresEqualInProcessScoresForEveryMlflowLayout() throws Exception {
        final byte[] input = JSON.writeValueAsBytes(randomVitals(300, 11));
        useOnnx(TestModels.VITALS_RISK);
        final List<JsonNode> inProcess = scoreOnce(input);
        assertThat(inProcess).hasSize(300);

        final LocalModelServer server = server();
        useKServe(server);
        assertThat(scoreOnce(input)).isEqualTo(inProcess);
        for (final LocalModelServer.MlflowLayout layout : LocalModelServer.MlflowLayout.values()) {
            server.mlflowLayout(layout);
            useMlflow(server);
            assertThat(scoreOnce(input)).as(layout.name()).isEqualTo(inProcess);
        }
    }

    @Test
    void remoteScoringSendsToTheEndpointInProvenanceAndSplitsLargeBatchesIntoRequests() throws Exception {
        final LocalModelServer server = server();
        useKServe(server);
        runner.setProperty(ScoreRecords.BATCH_SIZE, "100");
        runner.enqueue(JSON.writeValueAsBytes(randomVitals(100, 3)));
        runner.run();

        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
        assertThat(server.requestCount()).isEqualTo(4);
        final List<ProvenanceEventRecord> events = runner.getProvenanceEvents();
        assertThat(events).extracting(ProvenanceEventRecord::getEventType)
                .containsExactly(ProvenanceEventType.SEND, ProvenanceEventType.CONTENT_MODIFIED);
        assertThat(events.getFirst().getTransitUri()).isEqualTo(server.baseUri() + "/v2/models/vitals/infer");
        final MockFlowFile scored = runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst();
        scored.assertAttributeEquals("model.name", "vitals");
        scored.assertAttributeEquals("model.version", "unversioned");
    }

    @Test
    void anUnavailableOrSlowEndpointKeepsTheFlowFileQueuedAndYields() throws Exception {
        final LocalModelServer server = server();
        useMlflow(server);
        runner.disableControllerService(scoringService());
        runner.setProperty(scoringService(), "Request Timeout", "300 millis");
        runner.enableControllerService(scoringService());
        server.slowMillis(1_500);
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");

        for (final Fault fault : List.of(Fault.STATUS_503, Fault.SLOW)) {
            server.fault(fault);
            assertStaysQueued(fault.name());
            runner.clearQueue();
        }

        server.fault(Fault.NONE);
        runner.enqueue(VITALS);
        runner.run();
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
    }

    @Test
    void aDownEndpointKeepsTheFlowFileQueued() throws Exception {
        final LocalModelServer server = server();
        useKServe(server);
        server.close();
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");
        assertStaysQueued("down");
    }

    private void assertStaysQueued(final String situation) {
        runner.enqueue(VITALS);
        runner.run();
        runner.assertTransferCount(ScoreRecords.REL_SUCCESS, 0);
        runner.assertTransferCount(ScoreRecords.REL_FAILURE, 0);
        assertThat(runner.getQueueSize().getObjectCount()).as(situation).isEqualTo(1);
        assertThat(runner.getProvenanceEvents()).as(situation).isEmpty();
    }

    @Test
    void wrongShapesAndRejectedRequestsFailTheFlowFileUnchangedWithoutTheServersMessage() throws Exception {
        final LocalModelServer server = server();
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");
        final List<String> errors = new ArrayList<>();
        for (final Fault fault : List.of(Fault.WRONG_SHAPE, Fault.STATUS_400, Fault.NOT_JSON)) {
            for (final boolean kserve : List.of(true, false)) {
                if (kserve) {
                    useKServe(server);
                } else {
                    useMlflow(server);
                }
                server.fault(fault);
                runner.clearTransferState();
                runner.enqueue(VITALS);
                runner.run();
                final MockFlowFile failed = runner.getFlowFilesForRelationship(ScoreRecords.REL_FAILURE).getFirst();
                failed.assertContentEquals(VITALS);
                errors.add(failed.getAttribute("score.error"));
            }
        }
        assertThat(errors).allSatisfy(error -> assertThat(error).startsWith("Records could not be scored").doesNotContain("secret"));
        assertThat(errors.get(0)).contains("wrong shape");
        assertThat(errors.get(2)).endsWith("answered HTTP 400 (BAD_REQUEST)");
        assertThat(errors.get(4)).endsWith("answered with a body that is not JSON");
    }

    @Test
    void theAuthenticationHeaderIsSentAndItsValueIsSensitive() throws Exception {
        final LocalModelServer server = server();
        server.requireAuthorization("Bearer t0ken");
        useKServe(server);
        assertThat(scoringService().getPropertyDescriptor("Authentication Header Value").isSensitive()).isTrue();
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");
        runner.disableControllerService(scoringService());
        runner.setProperty(scoringService(), "Authentication Header Value", "Bearer t0ken");
        runner.enableControllerService(scoringService());
        runner.enqueue(VITALS);
        runner.run();
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
    }

    @Test
    void verifyChecksReadinessMetadataAndASampleOrSaysWhatFailed() throws Exception {
        final LocalModelServer server = server();
        useKServe(server);
        final VerifiableControllerService kserve = (VerifiableControllerService) scoringService();
        final List<ConfigVerificationResult> results = verify(scoringService(), properties);
        assertThat(results).extracting(ConfigVerificationResult::getVerificationStepName)
                .containsExactly("Check Readiness", "Read Model Metadata", "Score Sample");
        assertThat(results).allSatisfy(r -> assertThat(r.getOutcome()).isEqualTo(Outcome.SUCCESSFUL));
        assertThat(kserve).isInstanceOf(KServeModelScoringService.class);

        server.close();
        assertThat(verify(scoringService(), properties)).extracting(ConfigVerificationResult::getOutcome).contains(Outcome.FAILED);
    }

    @Test
    void theOnnxServiceRefusesToEnableOnAMissingOrCorruptModelAndVerifySaysWhy(@TempDir final Path tmp) throws Exception {
        final OnnxModelScoringService service = new OnnxModelScoringService();
        runner.addControllerService("onnx", service);
        final Path corrupt = Files.writeString(tmp.resolve("corrupt.onnx"), "garbage");
        runner.setProperty(service, "Model File", corrupt.toString());
        final List<ConfigVerificationResult> results = verify(service, Map.of("Model File", corrupt.toString()));
        assertThat(results.getFirst().getOutcome()).isEqualTo(Outcome.FAILED);
        assertThat(results.getFirst().getExplanation()).contains("is not a model ONNX Runtime can load");
        try {
            runner.enableControllerService(service);
            throw new AssertionError("enabled with a corrupt model");
        } catch (final IllegalStateException | AssertionError e) {
            assertThat(e).hasStackTraceContaining("is not a model ONNX Runtime can load");
        }
    }

    @Test
    void theOnnxServiceReloadsAChangedModelFile(@TempDir final Path tmp) throws Exception {
        final Path model = Files.copy(TestModels.TENSOR_CLASSIFIER, tmp.resolve("model.onnx"));
        useOnnx(model);
        runner.disableControllerService(scoringService());
        runner.setProperty(scoringService(), "Reload Check Interval", "1 millis");
        runner.enableControllerService(scoringService());
        runner.setProperty(ScoreRecords.SCORE_CLASS, "1");
        runner.enqueue(VITALS.replace("\"spo2\": null", "\"spo2\": 97"));
        runner.run();
        runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst().assertAttributeEquals("model.name", "tensor-classifier");

        Files.copy(TestModels.VITALS_RISK, model, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(model, FileTime.from(Instant.now().plusSeconds(5)));
        Thread.sleep(5);
        runner.clearTransferState();
        runner.setProperty(ScoreRecords.SCORE_CLASS, "high");
        runner.enqueue(VITALS.replace("\"spo2\": null", "\"spo2\": 97"));
        runner.run();
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst().assertAttributeEquals("model.name", TestModels.VITALS_MODEL_NAME);
    }

    private List<ConfigVerificationResult> verify(final ControllerService service, final Map<String, String> values) {
        final Map<PropertyDescriptor, String> configured = new HashMap<>();
        values.forEach((name, value) -> configured.put(service.getPropertyDescriptor(name), value));
        final MockConfigurationContext context = new MockConfigurationContext(service, configured,
                runner.getProcessContext().getControllerServiceLookup(), Map.of());
        return ((VerifiableControllerService) service).verify(context, runner.getLogger(), Map.of());
    }

    private List<JsonNode> scoreOnce(final byte[] input) throws IOException {
        runner.clearTransferState();
        runner.clearProvenanceEvents();
        runner.enqueue(input);
        runner.run();
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
        return records(runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst());
    }

    private LocalModelServer server() throws Exception {
        final LocalModelServer server = LocalModelServer.start(TestModels.VITALS_RISK, "vitals");
        servers.add(server);
        return server;
    }

    private void useOnnx(final Path model) throws InitializationException {
        final OnnxModelScoringService service = new OnnxModelScoringService();
        replaceService(service, Map.of("Model File", model.toString()));
    }

    private void useMlflow(final LocalModelServer server) throws InitializationException {
        replaceService(new MlflowModelScoringService(), Map.of("Endpoint URL", server.baseUri().toString(), "Model Name", "vitals",
                "Feature Names", FEATURES, "Class Labels", "high,low", "Maximum Rows Per Request", "30"));
    }

    private void useKServe(final LocalModelServer server) throws InitializationException {
        replaceService(new KServeModelScoringService(), properties = Map.of("Endpoint URL", server.baseUri().toString(), "Model Name", "vitals",
                "Feature Names", FEATURES, "Class Labels", "high,low", "Maximum Rows Per Request", "30"));
    }

    private void replaceService(final ModelScoringService service, final Map<String, String> properties) throws InitializationException {
        if (runner.getControllerService("model") != null) {
            runner.disableControllerService(runner.getControllerService("model"));
            runner.removeControllerService(runner.getControllerService("model"));
        }
        runner.addControllerService("model", service, properties);
        runner.enableControllerService(service);
        runner.setProperty(ScoreRecords.SCORING_SERVICE, "model");
    }

    private ModelScoringService scoringService() {
        return (ModelScoringService) runner.getControllerService("model");
    }

    private static List<Map<String, Object>> randomVitals(final int count, final long seed) {
        final Random random = new Random(seed);
        final List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(Map.of("patient_id", "p-" + i, "heart_rate", 50 + random.nextInt(90), "spo2", 82 + random.nextDouble() * 18,
                    "temperature_c", 35.5 + random.nextDouble() * 4, "systolic_bp", 80 + random.nextInt(80), "respiratory_rate", 8 + random.nextInt(26)));
        }
        return records;
    }

    private static List<JsonNode> records(final MockFlowFile flowFile) throws IOException {
        final List<JsonNode> records = new ArrayList<>();
        JSON.readTree(flowFile.getContent()).forEach(records::add);
        return records;
    }
}
