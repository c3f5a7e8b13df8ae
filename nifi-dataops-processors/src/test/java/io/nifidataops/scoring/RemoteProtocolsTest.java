package io.nifidataops.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request and answer formats of both protocols, without a server. */
class RemoteProtocolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI BASE = URI.create("http://127.0.0.1:8080/");
    private static final float[][] ROWS = {{72f, 98.1f}, {128f, 86f}};

    private final MlflowProtocol mlflow = new MlflowProtocol(BASE, List.of("heart_rate", "spo2"), List.of("high", "low"));
    private final KServeProtocol kserve = new KServeProtocol(URI.create("http://127.0.0.1:8080"), "vitals risk", "2", "input-0",
            List.of(), List.of("high", "low"));

    @Test
    void mlflowRequestIsADataframeSplitWithFloatsAsWritten() throws Exception {
        assertThat(mlflow.inferenceUri()).hasToString("http://127.0.0.1:8080/invocations");
        assertThat(mlflow.readinessUri()).hasToString("http://127.0.0.1:8080/ping");
        assertThat(new String(mlflow.request(ROWS)))
                .isEqualTo("{\"dataframe_split\":{\"columns\":[\"heart_rate\",\"spo2\"],\"data\":[[72.0,98.1],[128.0,86.0]]}}");
    }

    @Test
    void mlflowAnswersInEachLayoutGiveTheSameResults() throws Exception {
        final List<String> answers = List.of(
                "{\"predictions\": [{\"label\": \"low\", \"probabilities\": [0.1, 0.9]}, {\"label\": \"high\", \"probabilities\": [0.8, 0.2]}]}",
                "{\"predictions\": {\"label\": [\"low\", \"high\"], \"probabilities\": [[0.1, 0.9], [0.8, 0.2]]}}",
                "{\"predictions\": [[0.1, 0.9], [0.8, 0.2]]}",
                "[{\"high\": 0.1, \"low\": 0.9}, {\"low\": 0.2, \"high\": 0.8}]");
        for (final String answer : answers) {
            final ScoreBatch batch = mlflow.response(JSON.readTree(answer), 2);
            assertThat(batch.classes()).as(answer).containsExactly("high", "low");
            assertThat(List.of(batch.label(0), batch.label(1))).as(answer).containsExactly("low", "high");
            assertThat(List.of(batch.score(0, 0), batch.score(1, 0))).as(answer).containsExactly(0.1f, 0.8f);
        }
    }

    @Test
    void mlflowScalarPredictionsAreScoresOrLabelsByType() throws Exception {
        final ScoreBatch regression = mlflow.response(JSON.readTree("{\"predictions\": [0.25, 3.5]}"), 2);
        assertThat(regression.score(1, -1)).isEqualTo(3.5f);
        assertThat(regression.label(1)).isNull();
        final ScoreBatch labels = mlflow.response(JSON.readTree("{\"predictions\": [1, 0]}"), 2);
        assertThat(labels.label(0)).isEqualTo("1");
        assertThat(labels.score(0, -1)).isNull();
    }

    @Test
    void mlflowAnswersOfTheWrongShapeAreNotRetryable() {
        for (final String answer : List.of("{\"predictions\": [0.1]}", "{\"result\": []}", "{\"predictions\": 0.5}",
                "{\"predictions\": [[0.1, 0.9], [0.2, 0.3, 0.5]]}", "{\"predictions\": [[0.1, 0.2, 0.7], [0.2, 0.3, 0.5]]}",
                "{\"predictions\": [\"low\", [0.1]]}")) {
            assertThatThrownBy(() -> mlflow.response(JSON.readTree(answer), 2)).as(answer)
                    .isInstanceOfSatisfying(ScoringException.class, e -> assertThat(e.isRetryable()).isFalse());
        }
    }

    @Test
    void kserveRequestIsOneFp32TensorOnTheVersionedModelPath() throws Exception {
        assertThat(kserve.inferenceUri()).hasToString("http://127.0.0.1:8080/v2/models/vitals%20risk/versions/2/infer");
        assertThat(kserve.readinessUri()).hasToString("http://127.0.0.1:8080/v2/models/vitals%20risk/versions/2/ready");
        final JsonNode request = JSON.readTree(kserve.request(ROWS));
        assertThat(request.toString()).isEqualTo(
                "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[72.0,98.1,128.0,86.0]}]}");
        assertThat(new KServeProtocol(BASE, "m", null, "x", List.of(), List.of()).inferenceUri())
                .hasToString("http://127.0.0.1:8080/v2/models/m/infer");
    }

    @Test
    void kserveOutputsAreReadByDatatypeAndShapeFlatOrNested() throws Exception {
        final ScoreBatch batch = kserve.response(JSON.readTree("""
                {"model_name": "vitals", "outputs": [
                  {"name": "label", "shape": [2], "datatype": "BYTES", "data": ["low", "high"]},
                  {"name": "probabilities", "shape": [2, 2], "datatype": "FP32", "data": [[0.1, 0.9], [0.8, 0.2]]}]}"""), 2);
        assertThat(batch.label(1)).isEqualTo("high");
        assertThat(batch.score(1, batch.classIndex("high"))).isEqualTo(0.8f);

        final ScoreBatch regression = kserve.response(JSON.readTree("""
                {"outputs": [{"name": "variable", "shape": [2, 1], "datatype": "FP64", "data": [1, 2.5]}]}"""), 2);
        assertThat(regression.score(0, -1)).isEqualTo(1f);
        assertThat(regression.score(1, -1)).isEqualTo(2.5f);
    }

    @Test
    void kserveAnswersOfTheWrongShapeAreNotRetryable() {
        for (final String answer : List.of("{}", "{\"outputs\": []}",
                "{\"outputs\": [{\"name\": \"p\", \"shape\": [3, 2], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4, 5, 6]}]}",
                "{\"outputs\": [{\"name\": \"p\", \"shape\": [2, 2], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}",
                "{\"outputs\": [{\"name\": \"p\", \"shape\": [2, 3], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4, 5, 6]}]}",
                "{\"outputs\": [{\"name\": \"p\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [\"a\", \"b\"]}]}")) {
            assertThatThrownBy(() -> kserve.response(JSON.readTree(answer), 2)).as(answer)
                    .isInstanceOfSatisfying(ScoringException.class, e -> assertThat(e.isRetryable()).isFalse());
        }
    }
}
