package io.nifidataops.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * MLflow scoring server (mlflow models serve, MLflow 2.x/3.x): POST {endpoint}/invocations with
 * {"dataframe_split": {"columns": [...], "data": [[...], ...]}}; the answer is {"predictions": ...} as a list
 * (one value, array or object per row) or as a dict of columns; MLflow 1.x answered the bare list.
 */
final class MlflowProtocol implements RemoteProtocol {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI endpoint;
    private final List<String> columns;
    private final List<String> classLabels;

    MlflowProtocol(final URI endpoint, final List<String> columns, final List<String> classLabels) {
        this.endpoint = endpoint;
        this.columns = List.copyOf(columns);
        this.classLabels = List.copyOf(classLabels);
    }

    @Override
    public URI inferenceUri() {
        return RemoteUris.resolve(endpoint, "invocations");
    }

    @Override
    public URI readinessUri() {
        return RemoteUris.resolve(endpoint, "ping");
    }

    @Override
    public byte[] request(final float[][] rows) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(64 + rows.length * columns.size() * 10);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("dataframe_split");
            json.writeArrayFieldStart("columns");
            for (final String column : columns) {
                json.writeString(column);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("data");
            for (final float[] row : rows) {
                json.writeArray(toDoubles(row), 0, row.length);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    @Override
    public ScoreBatch response(final JsonNode answer, final int rows) throws ScoringException {
        final JsonNode predictions = answer.isObject() ? answer.get("predictions") : answer;
        if (predictions == null) {
            throw JsonPredictions.wrongShape("predictions", "nothing: the answer has no predictions");
        }
        final ScoreBatch.Builder builder = ScoreBatch.builder(rows);
        if (predictions.isArray() && !predictions.isEmpty() && predictions.get(0).isObject() && !allNumeric(predictions.get(0))) {
            for (final Map.Entry<String, List<JsonNode>> column : JsonPredictions.columnsOfRecords("predictions", predictions).entrySet()) {
                JsonPredictions.addColumn(builder, column.getKey(), column.getValue());
            }
        } else if (predictions.isArray()) {
            JsonPredictions.addColumn(builder, "predictions", JsonPredictions.elements(predictions));
        } else if (predictions.isObject()) {
            for (final Map.Entry<String, JsonNode> column : predictions.properties()) {
                if (!column.getValue().isArray()) {
                    throw JsonPredictions.wrongShape(column.getKey(), "a single value instead of one per row");
                }
                JsonPredictions.addColumn(builder, column.getKey(), JsonPredictions.elements(column.getValue()));
            }
        } else {
            throw JsonPredictions.wrongShape("predictions", "a single value instead of one per row");
        }
        return builder.build(classLabels);
    }

    // {"high": 0.2, "low": 0.8} per row is a probability map, not a record of output fields
    private static boolean allNumeric(final JsonNode object) {
        for (final JsonNode value : object) {
            if (!value.isNumber()) {
                return false;
            }
        }
        return true;
    }

    // Floats widened to double print with float noise (0.1f -> 0.10000000149011612); doubles of their shortest text do not
    private static double[] toDoubles(final float[] row) {
        final double[] values = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            values[i] = Double.parseDouble(Float.toString(row[i]));
        }
        return values;
    }
}
