package io.nifidataops.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Open Inference Protocol v2 (KServe, Triton, Seldon MLServer): POST {base}/v2/models/{name}[/versions/{v}]/infer with
 * one FP32 input of shape [rows, features]; each output {name, shape, datatype, data} is read by datatype and shape:
 * BYTES and integers are labels, floats of width 1 scores, wider floats class probabilities.
 */
final class KServeProtocol implements RemoteProtocol {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FLOAT_TYPES = Set.of("FP16", "FP32", "FP64", "BF16");

    private final URI modelUri;
    private final String inputName;
    private final List<String> outputNames;
    private final List<String> classLabels;

    KServeProtocol(final URI base, final String model, final String version, final String inputName, final List<String> outputNames,
                   final List<String> classLabels) {
        final String path = "v2/models/" + RemoteUris.segment(model) + (version == null ? "" : "/versions/" + RemoteUris.segment(version));
        this.modelUri = RemoteUris.resolve(base, path);
        this.inputName = inputName;
        this.outputNames = List.copyOf(outputNames);
        this.classLabels = List.copyOf(classLabels);
    }

    @Override
    public URI inferenceUri() {
        return RemoteUris.resolve(modelUri, "infer");
    }

    @Override
    public URI readinessUri() {
        return RemoteUris.resolve(modelUri, "ready");
    }

    /** Model metadata: name, versions, platform, inputs and outputs with their shapes. */
    URI metadataUri() {
        return modelUri;
    }

    @Override
    public byte[] request(final float[][] rows) throws IOException {
        final int width = rows.length == 0 ? 0 : rows[0].length;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(128 + rows.length * width * 10);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("inputs");
            json.writeStartObject();
            json.writeStringField("name", inputName);
            json.writeArrayFieldStart("shape");
            json.writeNumber(rows.length);
            json.writeNumber(width);
            json.writeEndArray();
            json.writeStringField("datatype", "FP32");
            json.writeArrayFieldStart("data");
            for (final float[] row : rows) {
                for (final float value : row) {
                    json.writeNumber(value);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            if (!outputNames.isEmpty()) {
                json.writeArrayFieldStart("outputs");
                for (final String output : outputNames) {
                    json.writeStartObject();
                    json.writeStringField("name", output);
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    @Override
    public ScoreBatch response(final JsonNode answer, final int rows) throws ScoringException {
        final JsonNode outputs = answer.path("outputs");
        if (!outputs.isArray() || outputs.isEmpty()) {
            throw JsonPredictions.wrongShape("outputs", "nothing: the answer has no outputs");
        }
        final ScoreBatch.Builder builder = ScoreBatch.builder(rows);
        for (final JsonNode output : outputs) {
            final String name = output.path("name").asText("output");
            if (!outputNames.isEmpty() && !outputNames.contains(name)) {
                continue;
            }
            addOutput(builder, name, output, rows);
        }
        return builder.build(classLabels);
    }

    private static void addOutput(final ScoreBatch.Builder builder, final String name, final JsonNode output, final int rows)
            throws ScoringException {
        final JsonNode shape = output.path("shape");
        final List<JsonNode> data = new ArrayList<>();
        flatten(output.path("data"), data);
        long elements = 1;
        for (final JsonNode dimension : shape) {
            elements *= dimension.asLong();
        }
        if (!shape.isArray() || shape.isEmpty() || shape.get(0).asLong() != rows || elements != data.size()) {
            throw JsonPredictions.wrongShape(name, "shape %s and %d values for %d rows".formatted(shape, data.size(), rows));
        }
        final int width = rows == 0 ? 1 : (int) (elements / rows);
        final boolean floats = FLOAT_TYPES.contains(output.path("datatype").asText());
        if (floats && width > 1) {
            final float[][] probabilities = new float[rows][width];
            for (int i = 0; i < data.size(); i++) {
                probabilities[i / width][i % width] = JsonPredictions.number(name, data.get(i));
            }
            builder.probabilities(name, probabilities, null);
        } else if (floats) {
            final float[] scores = new float[rows];
            for (int i = 0; i < rows; i++) {
                scores[i] = JsonPredictions.number(name, data.get(i));
            }
            builder.scores(name, scores);
        } else if (width == 1) {
            final String[] labels = new String[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = data.get(i).asText();
            }
            builder.labels(name, labels);
        } else {
            throw JsonPredictions.wrongShape(name, "%d %s values per row".formatted(width, output.path("datatype").asText()));
        }
    }

    // The protocol sends data flat, though some servers nest it by shape
    private static void flatten(final JsonNode node, final List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(element -> flatten(element, into));
        } else if (!node.isMissingNode()) {
            into.add(node);
        }
    }
}
