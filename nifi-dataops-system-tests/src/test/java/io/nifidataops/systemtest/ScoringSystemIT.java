package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ScoreRecords with the ONNX model service and the model shipped in flow-templates/model, inside a real NiFi 2.3.0:
 * ONNX Runtime's native library loads from our NAR, the flow imports without ghosts, and the records come out scored
 * with the model's name and version on the FlowFile.
 */
class ScoringSystemIT {

    private static final String FLOW = "/flows/score-records.json";
    private static final String SCORER = "Score deterioration risk";
    private static final Path MODEL = Path.of("../flow-templates/model/vitals-risk.onnx").toAbsolutePath().normalize();

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

        client.enableControllerServices(groupId, Duration.ofSeconds(90));
        try {
            client.awaitValidProcessors(groupId, Duration.ofSeconds(60));
        } catch (final IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "\n" + nifi.logTail(), e);
        }
        client.startProcessGroup(groupId);

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

    private static NiFiClient.Queue queue(final String groupId, final String relationship) {
        return client.queues(groupId).stream()
                .filter(queue -> queue.source().equals(SCORER) && queue.relationships().contains(relationship))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No connection for " + SCORER + " / " + relationship));
    }

    private static List<JsonNode> concat(final List<JsonNode> first, final List<JsonNode> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
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
