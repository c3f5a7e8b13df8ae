package io.nifidataops.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.scoring.KServeModelScoringService;
import io.nifidataops.scoring.LocalModelServer;
import io.nifidataops.scoring.LocalModelServer.Fault;
import io.nifidataops.scoring.MlflowModelScoringService;
import io.nifidataops.scoring.ModelScoringService;
import io.nifidataops.scoring.OnnxModelScoringService;
import io.nifidataops.scoring.RemoteCall;
import io.nifidataops.scoring.TestModels;
import io.nifidataops.testing.SelfSignedTls;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.util.MockConfigurationContext;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.ssl.SSLContextProvider;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    void recordPathFeaturesScoreNestedRecordsExactlyAsTheirFlatCopies() throws Exception {
        useOnnx(TestModels.VITALS_RISK);
        runner.enqueue(VITALS.replace("\"spo2\": null", "\"spo2\": 95"));
        runner.run();
        final List<Float> flatScores = records(runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst()).stream()
                .map(r -> r.get("risk_score").floatValue()).toList();
        runner.clearTransferState();

        runner.setProperty(ScoreRecords.FEATURE_FIELDS, "/vitals/heart_rate, /vitals/spo2, temperature_c, /bp[0]/systolic, /vitals/respiratory_rate");
        runner.enqueue("""
                [{"patient_id": "p-1", "temperature_c": 36.8, "vitals": {"heart_rate": 72, "spo2": 98, "respiratory_rate": 14}, "bp": [{"systolic": 125}]},
                 {"patient_id": "p-2", "temperature_c": 39.4, "vitals": {"heart_rate": 128, "spo2": 86, "respiratory_rate": 30}, "bp": [{"systolic": 88}]},
                 {"patient_id": "p-3", "temperature_c": 37.1, "vitals": {"heart_rate": 80, "spo2": 95, "respiratory_rate": 16}, "bp": [{"systolic": 118}, {"systolic": 121}]}]""");
        runner.run();

        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
        final List<JsonNode> nested = records(runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst());
        assertThat(nested).extracting(r -> r.get("risk_score").floatValue()).containsExactlyElementsOf(flatScores);
        assertThat(nested.get(2).get("vitals").get("spo2").asInt()).as("the nested record is written back unchanged").isEqualTo(95);
    }

    @Test
    void recordPathFeatureThatSelectsSeveralValuesFailsTheFlowFileNamingThePath() throws Exception {
        useOnnx(TestModels.VITALS_RISK);
        runner.setProperty(ScoreRecords.FEATURE_FIELDS, "/vitals/heart_rate, /vitals/spo2, temperature_c, /bp[*]/systolic, /vitals/respiratory_rate");
        runner.enqueue("""
                [{"patient_id": "p-3", "temperature_c": 37.1, "vitals": {"heart_rate": 80, "spo2": 95, "respiratory_rate": 16}, "bp": [{"systolic": 118}, {"systolic": 121}]}]""");
        runner.run();

        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(ScoreRecords.REL_FAILURE).getFirst().assertAttributeEquals("score.error",
                "Records could not be scored (after 1 records): record 1: RecordPath '/bp[*]/systolic' selects more than one value in a record;"
                        + " a feature needs one");
    }

    @Test
    void featureRecordPathThatDoesNotCompileMakesTheProcessorInvalid() throws Exception {
        useOnnx(TestModels.VITALS_RISK);
        runner.assertValid();
        runner.setProperty(ScoreRecords.FEATURE_FIELDS, "/vitals/heart_rate[, spo2, temperature_c, systolic_bp, respiratory_rate");
        runner.assertNotValid();
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
        assertThat(server.inferenceRequestCount()).isEqualTo(4);
        final List<ProvenanceEventRecord> events = runner.getProvenanceEvents();
        assertThat(events).extracting(ProvenanceEventRecord::getEventType).containsExactly(ProvenanceEventType.SEND,
                ProvenanceEventType.SEND, ProvenanceEventType.SEND, ProvenanceEventType.SEND, ProvenanceEventType.CONTENT_MODIFIED);
        assertThat(events.subList(0, 4)).extracting(ProvenanceEventRecord::getTransitUri)
                .containsOnly(server.baseUri() + "/v2/models/vitals/infer");
        assertThat(events.subList(0, 4)).extracting(ProvenanceEventRecord::getDetails).containsExactly(
                "Features of 30 records sent for scoring", "Features of 30 records sent for scoring",
                "Features of 30 records sent for scoring", "Features of 10 records sent for scoring");
        final MockFlowFile scored = runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst();
        scored.assertAttributeEquals("model.name", "vitals");
        scored.assertAttributeEquals("model.version", "unversioned");
    }

    @Test
    void anUnavailableSlowOrDownEndpointSendsTheFlowFileToRetryPenalizedAndUnchanged() throws Exception {
        final LocalModelServer server = server();
        useMlflow(server);
        runner.disableControllerService(scoringService());
        runner.setProperty(scoringService(), "Request Timeout", "300 millis");
        runner.enableControllerService(scoringService());
        server.slowMillis(1_500);
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");

        final List<String> errors = new ArrayList<>();
        for (final Fault fault : List.of(Fault.STATUS_503, Fault.SLOW)) {
            server.fault(fault);
            errors.add(assertRetried(fault.name()));
        }
        server.fault(Fault.NONE);
        server.close();
        errors.add(assertRetried("down"));

        assertThat(errors.get(0)).endsWith("answered HTTP 503 (TEMPORARILY_UNAVAILABLE)");
        assertThat(errors.get(1)).endsWith("did not answer within the request timeout");
        assertThat(errors.get(2)).contains("cannot be reached (ConnectException");
    }

    private String assertRetried(final String situation) {
        runner.clearTransferState();
        runner.enqueue(VITALS);
        runner.run();
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_RETRY, 1);
        assertThat(runner.getQueueSize().getObjectCount()).as(situation).isZero();
        final MockFlowFile retried = runner.getFlowFilesForRelationship(ScoreRecords.REL_RETRY).getFirst();
        assertThat(retried.isPenalized()).as(situation).isTrue();
        retried.assertContentEquals(VITALS);
        retried.assertAttributeEquals("score.error.kind", "transient");
        retried.assertAttributeNotExists("model.name");
        return retried.getAttribute("score.error");
    }

    @Test
    void aServerErrorOnOneFlowFileSendsItToRetryWhileTheNextOneIsScored() throws Exception {
        final LocalModelServer server = server();
        useKServe(server);
        server.failOnFeatureValue(999f);
        final String poison = VITALS.replace("\"heart_rate\": 128", "\"heart_rate\": 999").replace("\"spo2\": null", "\"spo2\": 97");
        final String healthy = VITALS.replace("\"spo2\": null", "\"spo2\": 97");
        runner.enqueue(poison);
        runner.enqueue(healthy);
        runner.run(2);

        runner.assertTransferCount(ScoreRecords.REL_RETRY, 1);
        runner.assertTransferCount(ScoreRecords.REL_SUCCESS, 1);
        runner.assertTransferCount(ScoreRecords.REL_FAILURE, 0);
        final MockFlowFile retried = runner.getFlowFilesForRelationship(ScoreRecords.REL_RETRY).getFirst();
        retried.assertContentEquals(poison);
        assertThat(retried.isPenalized()).isTrue();
        retried.assertAttributeEquals("score.error",
                "Records could not be scored (after 3 records): The model server at " + server.baseUri() + "/v2/models/vitals/infer answered HTTP 500");
        final MockFlowFile scored = runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst();
        scored.assertAttributeEquals("score.count", "3");
        assertThat(scored.isPenalized()).isFalse();
    }

    @Test
    void everyRemoteCallIsASendOnTheFlowFileIncludingTheOneThatFailed() throws Exception {
        final LocalModelServer server = server();
        useKServe(server);
        runner.setProperty(ScoreRecords.BATCH_SIZE, "100");
        final List<Map<String, Object>> input = new ArrayList<>(randomVitals(100, 5));
        final Map<String, Object> crashing = new HashMap<>(input.get(70));
        crashing.put("heart_rate", 999);
        input.set(70, crashing);
        server.failOnFeatureValue(999f);
        runner.enqueue(JSON.writeValueAsBytes(input));
        runner.run();

        // Requests of 30 rows: the third holds record 71 and fails, the fourth is never sent
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_RETRY, 1);
        final MockFlowFile retried = runner.getFlowFilesForRelationship(ScoreRecords.REL_RETRY).getFirst();
        final List<ProvenanceEventRecord> sends = runner.getProvenanceEvents().stream()
                .filter(event -> event.getEventType() == ProvenanceEventType.SEND).toList();
        assertThat(server.inferenceRequestCount()).isEqualTo(3);
        assertThat(sends).hasSize(server.inferenceRequestCount());
        assertThat(sends).allSatisfy(event -> {
            assertThat(event.getFlowFileUuid()).isEqualTo(retried.getAttribute("uuid"));
            assertThat(event.getTransitUri()).isEqualTo(server.baseUri() + "/v2/models/vitals/infer");
        });
        assertThat(sends).extracting(ProvenanceEventRecord::getDetails).containsExactly("Features of 30 records sent for scoring",
                "Features of 30 records sent for scoring", "Features of 30 records sent for scoring; the call failed");
        assertThat(runner.getProvenanceEvents()).extracting(ProvenanceEventRecord::getEventType).doesNotContain(ProvenanceEventType.CONTENT_MODIFIED);
    }

    @Test
    void anUntrustedCertificateSendsTheFlowFileToFailureNotRetry(@TempDir final Path tmp) throws Exception {
        final SelfSignedTls tls = SelfSignedTls.generate(tmp);
        final LocalModelServer server = LocalModelServer.startHttps(TestModels.VITALS_RISK, "vitals", tls.serverContext());
        servers.add(server);
        useKServe(server);
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");
        runner.enqueue(VITALS);
        runner.run();

        final MockFlowFile failed = assertFailedForGood();
        assertThat(failed.getAttribute("score.error")).contains("TLS handshake with the model server at " + server.baseUri())
                .contains("SSLHandshakeException");

        // The same server scores once an SSL Context Service trusts its certificate: the certificate was the fault
        final TrustingSslContext trusting = new TrustingSslContext(tls.trustingClientContext());
        runner.addControllerService("tls", trusting);
        runner.enableControllerService(trusting);
        runner.disableControllerService(scoringService());
        runner.setProperty(scoringService(), "SSL Context Service", "tls");
        runner.enableControllerService(scoringService());
        runner.clearTransferState();
        runner.enqueue(VITALS);
        runner.run();
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
    }

    @Test
    void aKServeServerIsReachedThroughTheProxyConfigurationService(@TempDir final Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.nifidataops.testing.Tinyproxy.isInstalled() || "true".equals(System.getenv("CI")),
                "tinyproxy is not installed (apt-get install tinyproxy)");
        final LocalModelServer server = LocalModelServer.start(TestModels.VITALS_RISK, "vitals");
        servers.add(server);
        try (io.nifidataops.testing.Tinyproxy proxy = io.nifidataops.testing.Tinyproxy.start(tmp)) {
            final io.nifidataops.testing.TestProxyService proxyService = new io.nifidataops.testing.TestProxyService(java.net.Proxy.Type.HTTP,
                    proxy.host(), proxy.port(), io.nifidataops.testing.Tinyproxy.USER, io.nifidataops.testing.Tinyproxy.PASSWORD);
            runner.addControllerService("proxy", proxyService);
            runner.enableControllerService(proxyService);
            final Map<String, String> viaProxy = new HashMap<>(Map.of("Endpoint URL", server.baseUri().toString(), "Model Name", "vitals",
                    "Feature Names", FEATURES, "Class Labels", "high,low", "Proxy Configuration Service", "proxy"));
            replaceService(new KServeModelScoringService(), viaProxy);
            runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");
            runner.enqueue(VITALS);
            runner.run();

            runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
            assertThat(proxy.requests()).as("what tinyproxy logged")
                    .anyMatch(line -> line.startsWith("POST " + server.baseUri() + "/v2/models/vitals/infer"));
        }
    }

    @Test
    void anUnknownHostSendsTheFlowFileToFailureNotRetry() throws Exception {
        replaceService(new KServeModelScoringService(), Map.of("Endpoint URL", "http://model-server.invalid:8080", "Model Name", "vitals",
                "Feature Names", FEATURES, "Class Labels", "high,low"));
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");
        runner.enqueue(VITALS);
        runner.run();

        final MockFlowFile failed = assertFailedForGood();
        assertThat(failed.getAttribute("score.error")).contains("The host of the model server at http://model-server.invalid:8080/v2/models/vitals/infer cannot be resolved");
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
                final MockFlowFile failed = assertFailedForGood();
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
        // The test server speaks plain http: the credential may go only when that is allowed explicitly
        runner.assertNotValid(scoringService());
        runner.setProperty(scoringService(), "Allow Credentials Over HTTP", "true");
        runner.assertValid(scoringService());
        runner.enableControllerService(scoringService());
        runner.enqueue(VITALS);
        runner.run();
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
    }

    @Test
    void aCredentialForAPlainHttpEndpointMakesTheServiceInvalidUnlessAllowed() throws Exception {
        final LocalModelServer server = server();
        useKServe(server);
        runner.disableControllerService(scoringService());
        runner.setProperty(scoringService(), "Authentication Header Value", "Bearer t0ken");
        runner.assertNotValid(scoringService());
        assertThatThrownBy(() -> runner.enableControllerService(scoringService()))
                .hasMessageContaining("the credential would travel in clear text to an http:// endpoint")
                .hasMessageContaining("Allow Credentials Over HTTP");
        runner.setProperty(scoringService(), "Endpoint URL", "https://models.example.org:8443");
        runner.assertValid(scoringService());
        runner.setProperty(scoringService(), "Endpoint URL", server.baseUri().toString());
        runner.removeProperty(scoringService(), "Authentication Header Value");
        runner.assertValid(scoringService());
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

    @Test
    void aModelReloadedWhileAFlowFileIsScoredScoresNoneOfItsRecords(@TempDir final Path tmp) throws Exception {
        final Path model = Files.copy(TestModels.TENSOR_CLASSIFIER, tmp.resolve("model.onnx"));
        useOnnx(model);
        runner.disableControllerService(scoringService());
        runner.setProperty(scoringService(), "Reload Check Interval", "1 millis");
        runner.enableControllerService(scoringService());
        runner.removeProperty(ScoreRecords.SCORE_CLASS);
        runner.setProperty(ScoreRecords.BATCH_SIZE, "1");
        // While the third record is read, the file is replaced and another task leases the new model
        final HookedReader reader = new HookedReader((JsonTreeReader) runner.getControllerService("reader"), 3, () -> {
            Files.copy(TestModels.VITALS_RISK, model, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(model, FileTime.from(Instant.now().plusSeconds(5)));
            Thread.sleep(5);
            scoringService().acquire(RemoteCall.Listener.NONE).close();
        });
        runner.addControllerService("hooked", reader);
        runner.enableControllerService(reader);
        runner.setProperty(ScoreRecords.RECORD_READER, "hooked");
        final String complete = VITALS.replace("\"spo2\": null", "\"spo2\": 97");
        runner.enqueue(complete);
        runner.run();

        assertThat(scoringService().getModelInfo().name()).as("the service reloaded meanwhile").isEqualTo(TestModels.VITALS_MODEL_NAME);
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_SUCCESS, 1);
        final MockFlowFile first = runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst();
        first.assertAttributeEquals("model.name", "tensor-classifier");
        first.assertAttributeEquals("model.hash", sha256(TestModels.TENSOR_CLASSIFIER));
        first.assertAttributeEquals("score.count", "3");
        // The tensor classifier labels 0 and 1, the vitals model high and low: every record got the first
        assertThat(records(first)).extracting(r -> r.get("risk_label").asText()).allSatisfy(label -> assertThat(label).isIn("0", "1"));

        runner.clearTransferState();
        runner.setProperty(ScoreRecords.RECORD_READER, "reader");
        runner.enqueue(complete);
        runner.run();
        final MockFlowFile second = runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst();
        second.assertAttributeEquals("model.name", TestModels.VITALS_MODEL_NAME);
        second.assertAttributeEquals("model.hash", sha256(TestModels.VITALS_RISK));
        assertThat(records(second)).extracting(r -> r.get("risk_label").asText()).containsExactly("low", "high", "low");
    }

    @Test
    void theOnnxServiceRefusesAModelFileWhoseHashIsNotTheExpectedOne(@TempDir final Path tmp) throws Exception {
        final Path model = Files.copy(TestModels.VITALS_RISK, tmp.resolve("model.onnx"));
        final OnnxModelScoringService service = new OnnxModelScoringService();
        runner.addControllerService("model", service, Map.of("Model File", model.toString(), "Reload Check Interval", "1 millis"));
        runner.setProperty(service, "Expected Model Hash", "not-a-hash");
        runner.assertNotValid(service);

        final String vitalsHash = sha256(TestModels.VITALS_RISK);
        final String otherHash = sha256(TestModels.TENSOR_CLASSIFIER);
        runner.setProperty(service, "Expected Model Hash", otherHash);
        assertThatThrownBy(() -> runner.enableControllerService(service))
                .hasStackTraceContaining("Model file %s has SHA-256 %s, not the expected %s".formatted(model, vitalsHash, otherHash));

        runner.setProperty(service, "Expected Model Hash", vitalsHash.toUpperCase(Locale.ROOT));
        runner.enableControllerService(service);
        runner.setProperty(ScoreRecords.SCORING_SERVICE, "model");
        runner.setProperty(ScoreRecords.MISSING_VALUE_POLICY, "SKIP_SCORING");
        runner.enqueue(VITALS);
        runner.run();
        runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst().assertAttributeEquals("model.hash", vitalsHash);

        // A replaced file with other content is not loaded: the approved model keeps scoring
        Files.copy(TestModels.TENSOR_CLASSIFIER, model, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(model, FileTime.from(Instant.now().plusSeconds(5)));
        Thread.sleep(5);
        runner.clearTransferState();
        runner.enqueue(VITALS);
        runner.run();
        final MockFlowFile scored = runner.getFlowFilesForRelationship(ScoreRecords.REL_SUCCESS).getFirst();
        scored.assertAttributeEquals("model.name", TestModels.VITALS_MODEL_NAME);
        scored.assertAttributeEquals("model.hash", vitalsHash);
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

    private static String sha256(final Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Trusts what the test says: stands in for NiFi's SSL Context Service with a trust store holding one certificate. */
    private static final class TrustingSslContext extends AbstractControllerService implements SSLContextProvider {
        private final SSLContext context;

        TrustingSslContext(final SSLContext context) {
            this.context = context;
        }

        @Override
        public SSLContext createContext() {
            return context;
        }

        @Override
        public Optional<X509ExtendedKeyManager> createKeyManager() {
            return Optional.empty();
        }

        @Override
        public X509TrustManager createTrustManager() {
            throw new UnsupportedOperationException("Not needed by the model services");
        }
    }

    /** Reads JSON records and runs an action just before handing out the record with the given number (1-based). */
    private static final class HookedReader extends AbstractControllerService implements RecordReaderFactory {
        interface Action {
            void run() throws Exception;
        }

        private final JsonTreeReader delegate;
        private final int beforeRecord;
        private final Action action;

        HookedReader(final JsonTreeReader delegate, final int beforeRecord, final Action action) {
            this.delegate = delegate;
            this.beforeRecord = beforeRecord;
            this.action = action;
        }

        @Override
        public RecordReader createRecordReader(final Map<String, String> variables, final InputStream in, final long inputLength,
                                               final ComponentLog logger) throws MalformedRecordException, IOException, SchemaNotFoundException {
            final RecordReader reader = delegate.createRecordReader(variables, in, inputLength, logger);
            return new RecordReader() {
                private int read;

                @Override
                public Record nextRecord(final boolean coerceTypes, final boolean dropUnknownFields) throws IOException, MalformedRecordException {
                    if (++read == beforeRecord) {
                        try {
                            action.run();
                        } catch (final Exception e) {
                            throw new IllegalStateException("The test's action failed", e);
                        }
                    }
                    return reader.nextRecord(coerceTypes, dropUnknownFields);
                }

                @Override
                public RecordSchema getSchema() throws MalformedRecordException {
                    return reader.getSchema();
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
        }
    }

    private static List<JsonNode> records(final MockFlowFile flowFile) throws IOException {
        final List<JsonNode> records = new ArrayList<>();
        JSON.readTree(flowFile.getContent()).forEach(records::add);
        return records;
    }

    /** The one FlowFile went to failure, penalized, marked permanent: retrying it unchanged cannot help. */
    private MockFlowFile assertFailedForGood() {
        runner.assertAllFlowFilesTransferred(ScoreRecords.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(ScoreRecords.REL_FAILURE).getFirst();
        assertThat(failed.isPenalized()).isTrue();
        failed.assertAttributeEquals("score.error.kind", "permanent");
        return failed;
    }
}
