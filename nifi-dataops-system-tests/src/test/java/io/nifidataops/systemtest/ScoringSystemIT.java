package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.scoring.LocalModelServer;
import io.nifidataops.scoring.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ScoreRecords with the ONNX model service and the model shipped in flow-templates/model, inside a real NiFi 2.3.0:
 * ONNX Runtime's native library loads from our NAR, the flow imports without ghosts, and the records come out scored
 * with the model's name and version on the FlowFile. Then the same flow against a KServe model server that crashes on
 * one FlowFile's values: that FlowFile ends in the retry queue after NiFi's own retries while the others keep flowing.
 * Last, with a ModelScoringService from another NAR (nifi-dataops-test-scoring-nar, built against our service API NAR
 * only), as a vendor's scoring NAR would plug in.
 */
class ScoringSystemIT {

    private static final String FLOW = "/flows/score-records.json";
    private static final String SCORER = "Score deterioration risk";
    private static final Path MODEL = Path.of("../flow-templates/model/vitals-risk.onnx").toAbsolutePath().normalize();
    private static final float CRASHING_HEART_RATE = 999f;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIGHTED_SUM = "io.nifidataops.testscoring.WeightedSumScoringService";

    private static NiFiInstance nifi;
    private static NiFiClient client;

    @BeforeAll
    static void startNiFi() {
        // ONNX Runtime loads a native library: allowed explicitly on Java 21+
        nifi = SystemTestNiFi.start("scoring", "768m", "--enable-native-access=ALL-UNNAMED");
        client = nifi.client();
    }

    @AfterAll
    static void stopNiFi() {
        if (nifi != null) {
            nifi.close();
        }
    }

    @Test
    void testFlowScoresVitalsWithTheShippedOnnxModel() throws IOException {
        assertThat(MODEL).exists();
        final String groupId = client.uploadFlowDefinition(client.rootGroupId(), "ScoreRecords system test", flowDefinition(), 0, 600);
        for (final JsonNode component : concat(client.processors(groupId), client.controllerServices(groupId))) {
            assertThat(component.path("component").path("extensionMissing").asBoolean())
                    .as("ghost %s", component.path("component").path("type").asText()).isFalse();
        }

        nifi.startGroupWhenValid(groupId);

        NiFiClient.awaitCondition("a scored FlowFile on success", Duration.ofSeconds(90), () -> queue(groupId, "success").flowFiles() > 0);
        client.stopProcessGroup(groupId);
        assertThat(queue(groupId, "failure").flowFiles()).as("FlowFiles routed to failure").isZero();

        final Map<String, String> attributes = client.queuedAttributes(queue(groupId, "success").connectionId()).getFirst();
        assertThat(attributes)
                .containsEntry("model.name", "vitals-deterioration-risk")
                .containsEntry("model.version", "1")
                .containsEntry("score.count", "2")
                .containsEntry("record.count", "3");
        final JsonNode records = client.queuedJsonContents(queue(groupId, "success").connectionId()).getFirst();
        System.out.println("Scored records: " + records);
        assertThat(records.get(0).path("risk_label").asText()).isEqualTo("low");
        assertThat(records.get(0).path("risk_score").floatValue()).isLessThan(0.2f);
        assertThat(records.get(1).path("risk_label").asText()).isEqualTo("high");
        assertThat(records.get(1).path("risk_score").floatValue()).isGreaterThan(0.8f);
        assertThat(records.get(2).path("risk_score").isNull()).as("record without spo2 passes unscored").isTrue();

        final List<String> errors = client.bulletins().stream()
                .filter(bulletin -> "ERROR".equals(bulletin.path("level").asText()))
                .map(bulletin -> bulletin.path("sourceName").asText() + ": " + bulletin.path("message").asText())
                .toList();
        assertThat(errors).as("ERROR bulletins").isEmpty();
    }

    @Test
    void testAModelServerErrorOnOneFlowFileSendsItToRetryWhileTheOthersAreScored() throws Exception {
        try (LocalModelServer server = LocalModelServer.start(TestModels.VITALS_RISK, "vitals")) {
            server.failOnFeatureValue(CRASHING_HEART_RATE);
            final String groupId = client.uploadFlowDefinition(client.rootGroupId(), "ScoreRecords remote faults",
                    remoteFlowDefinition(server.baseUri()), 900, 600);
            nifi.startGroupWhenValid(groupId);
            try {
                NiFiClient.awaitCondition("the crashing FlowFile on retry and healthy ones on success", Duration.ofSeconds(120),
                        () -> queue(groupId, "retry").flowFiles() == 1 && queue(groupId, "success").flowFiles() >= 3);
            } catch (final IllegalStateException e) {
                throw new AssertionError(e.getMessage() + ": success " + queue(groupId, "success").flowFiles() + ", retry "
                        + queue(groupId, "retry").flowFiles() + ", failure " + queue(groupId, "failure").flowFiles() + "\n" + nifi.logTail(), e);
            }
            client.stopProcessGroup(groupId);

            assertThat(queue(groupId, "failure").flowFiles()).as("FlowFiles routed to failure").isZero();
            final Map<String, String> retried = client.queuedAttributes(queue(groupId, "retry").connectionId()).getFirst();
            assertThat(retried).containsEntry("score.error.kind", "transient");
            assertThat(retried.get("score.error")).isEqualTo("Records could not be scored (after 3 records): The model server at "
                    + server.baseUri() + "/v2/models/vitals/infer answered HTTP 500");
            final JsonNode crashing = client.queuedJsonContents(queue(groupId, "retry").connectionId()).getFirst();
            assertThat(crashing.get(1).path("heart_rate").floatValue()).as("the retry queue holds the crashing FlowFile, unchanged")
                    .isEqualTo(CRASHING_HEART_RATE);
            assertThat(crashing.get(1).has("risk_score")).isFalse();

            final List<Map<String, String>> scored = client.queuedAttributes(queue(groupId, "success").connectionId());
            assertThat(scored).allSatisfy(attributes -> assertThat(attributes)
                    .containsEntry("model.name", "vitals").containsEntry("score.count", "2").doesNotContainKey("score.error"));
            // NiFi retried the crashing FlowFile twice (the processor's Relationships settings) before routing it to retry
            assertThat(server.inferenceRequestCount()).isGreaterThanOrEqualTo(scored.size() + 3);
        }
    }

    @Test
    void testScoresWithAModelScoringServiceFromAnotherNar() throws IOException {
        final String groupId = client.uploadFlowDefinition(client.rootGroupId(), "ScoreRecords with another NAR's service",
                weightedSumFlowDefinition(), 1800, 600);
        final JsonNode service = client.controllerServices(groupId).stream()
                .filter(s -> s.path("component").path("type").asText().equals(WEIGHTED_SUM)).findFirst().orElseThrow();
        assertThat(service.path("component").path("extensionMissing").asBoolean()).as("ghost " + WEIGHTED_SUM).isFalse();
        assertThat(service.path("component").path("bundle").path("artifact").asText()).isEqualTo("nifi-dataops-test-scoring-nar");
        assertThat(service.path("component").path("controllerServiceApis").findValuesAsText("artifact"))
                .as("the API it implements, as NiFi resolved it").contains("nifi-dataops-service-api-nar");

        nifi.startGroupWhenValid(groupId);
        NiFiClient.awaitCondition("a scored FlowFile on success", Duration.ofSeconds(90), () -> queue(groupId, "success").flowFiles() > 0);
        client.stopProcessGroup(groupId);
        assertThat(queue(groupId, "failure").flowFiles()).as("FlowFiles routed to failure").isZero();

        final Map<String, String> attributes = client.queuedAttributes(queue(groupId, "success").connectionId()).getFirst();
        assertThat(attributes).containsEntry("model.name", "weighted-sum").containsEntry("model.version", "1")
                .containsEntry("score.count", "2").containsEntry("record.count", "3");
        final JsonNode records = client.queuedJsonContents(queue(groupId, "success").connectionId()).getFirst();
        // 0.5 + 0.01 * heart_rate - 0.01 * spo2
        assertThat(records.get(0).path("risk_score").floatValue()).isCloseTo(0.24f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(records.get(0).path("risk_label").asText()).isEqualTo("low");
        assertThat(records.get(1).path("risk_score").floatValue()).isCloseTo(0.92f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(records.get(1).path("risk_label").asText()).isEqualTo("high");
        assertThat(records.get(2).path("risk_score").isNull()).as("record without spo2 passes unscored").isTrue();
    }

    /** The shipped flow with the ONNX service swapped for the test NAR's weighted sum. */
    private static byte[] weightedSumFlowDefinition() throws IOException {
        final ObjectNode definition = (ObjectNode) JSON.readTree(flowDefinition());
        for (final JsonNode service : definition.get("flowContents").get("controllerServices")) {
            if (service.path("type").asText().endsWith("OnnxModelScoringService")) {
                final ObjectNode weighted = (ObjectNode) service;
                weighted.put("name", "Vitals risk (weighted sum)").put("type", WEIGHTED_SUM);
                weighted.putObject("bundle").put("group", "io.nifidataops").put("artifact", "nifi-dataops-test-scoring-nar")
                        .put("version", System.getProperty("dataops.version", "0.1.0-SNAPSHOT"));
                weighted.putObject("propertyDescriptors");
                weighted.putObject("properties").put("Feature Names", "heart_rate,spo2,temperature_c,systolic_bp,respiratory_rate")
                        .put("Weights", "0.01,-0.01,0,0,0").put("Bias", "0.5").put("Threshold", "0.5");
            }
        }
        return JSON.writeValueAsBytes(definition);
    }

    private static NiFiClient.Queue queue(final String groupId, final String relationship) {
        return client.queues(groupId).stream()
                .filter(queue -> queue.source().equals(SCORER) && queue.relationships().contains(relationship))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No connection for " + SCORER + " / " + relationship));
    }

    private static List<JsonNode> concat(final List<JsonNode> first, final List<JsonNode> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }

    /**
     * The flow with a KServe service on the test's model server instead of the ONNX model, a second generator whose one
     * FlowFile crashes the model, healthy FlowFiles every two seconds, and NiFi's retry on the retry relationship: two
     * attempts, penalized, one second doubling to at most two.
     */
    private static byte[] remoteFlowDefinition(final URI modelServer) throws IOException {
        final ObjectNode definition = (ObjectNode) JSON.readTree(flowDefinition());
        final ObjectNode contents = (ObjectNode) definition.get("flowContents");
        for (final JsonNode service : contents.get("controllerServices")) {
            if (service.path("type").asText().endsWith("OnnxModelScoringService")) {
                final ObjectNode kserve = (ObjectNode) service;
                kserve.put("name", "Vitals risk model (KServe)").put("type", "io.nifidataops.scoring.KServeModelScoringService");
                kserve.putObject("propertyDescriptors");
                kserve.putObject("properties").put("Endpoint URL", modelServer.toString()).put("Model Name", "vitals")
                        .put("Feature Names", "heart_rate,spo2,temperature_c,systolic_bp,respiratory_rate").put("Class Labels", "high,low");
            }
        }
        final ArrayNode processors = (ArrayNode) contents.get("processors");
        ObjectNode healthy = null;
        for (final JsonNode processor : processors) {
            if (processor.path("name").asText().equals("Generate vitals")) {
                healthy = (ObjectNode) processor;
            } else if (processor.path("name").asText().equals(SCORER)) {
                ((ObjectNode) processor).put("penaltyDuration", "1 sec").put("retryCount", 2).put("backoffMechanism", "PENALIZE_FLOWFILE")
                        .put("maxBackoffPeriod", "2 sec").putArray("retriedRelationships").add("retry");
            }
        }
        assertThat(healthy).as("Generate vitals").isNotNull();
        healthy.put("schedulingPeriod", "2 sec");
        final ObjectNode crashing = healthy.deepCopy();
        crashing.put("identifier", "0b7e1f3a-6c2d-5a4e-9f81-3d5c7a9e1b24").put("name", "Generate crashing vitals").put("schedulingPeriod", "10 min");
        ((ObjectNode) crashing.get("position")).put("x", 700);
        final String text = healthy.path("properties").path("generate-ff-custom-text").asText();
        ((ObjectNode) crashing.get("properties")).put("generate-ff-custom-text", text.replace("\"heart_rate\": 128", "\"heart_rate\": " + (int) CRASHING_HEART_RATE));
        processors.add(crashing);
        final ArrayNode connections = (ArrayNode) contents.get("connections");
        for (final JsonNode connection : connections) {
            if (connection.path("source").path("id").asText().equals(healthy.path("identifier").asText())) {
                final ObjectNode fromCrashing = connection.deepCopy();
                fromCrashing.put("identifier", "4d2a8c6e-1b3f-5d7a-9c2e-6f8b0a4c2e13");
                ((ObjectNode) fromCrashing.get("source")).put("id", crashing.path("identifier").asText()).put("name", "Generate crashing vitals");
                connections.add(fromCrashing);
                break;
            }
        }
        return JSON.writeValueAsBytes(definition);
    }

    // The flow names the model by a placeholder: where the checkout lies is known only at run time
    private static byte[] flowDefinition() throws IOException {
        try (InputStream in = ScoringSystemIT.class.getResourceAsStream(FLOW)) {
            assertThat(in).as(FLOW).isNotNull();
            final String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return json.replace("@MODEL_FILE@", MODEL.toString().replace("\\", "\\\\")).getBytes(StandardCharsets.UTF_8);
        }
    }
}
