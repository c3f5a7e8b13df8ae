package io.nifidataops.scoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a column of JSON predictions (one node per row) by what the values are: text or integers are labels,
 * other numbers scores, arrays of numbers class probabilities, objects probabilities by class name.
 */
final class JsonPredictions {

    private JsonPredictions() {
    }

    static void addColumn(final ScoreBatch.Builder builder, final String name, final List<JsonNode> values) throws ScoringException {
        final JsonNode sample = values.stream().filter(node -> node != null && !node.isNull()).findFirst().orElse(null);
        if (sample == null) {
            return;
        }
        if (sample.isTextual() || sample.isIntegralNumber() || sample.isBoolean()) {
            final String[] labels = new String[values.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = scalar(name, values.get(i)).asText();
            }
            builder.labels(name, labels);
        } else if (sample.isNumber()) {
            final float[] scores = new float[values.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = number(name, scalar(name, values.get(i)));
            }
            builder.scores(name, scores);
        } else if (sample.isArray()) {
            final float[][] rows = new float[values.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = numbers(name, values.get(i));
            }
            builder.probabilities(name, rows, null);
        } else if (sample.isObject()) {
            final List<Map<String, Float>> maps = new ArrayList<>(values.size());
            for (final JsonNode value : values) {
                if (value == null || !value.isObject()) {
                    throw wrongShape(name, "rows of different kinds");
                }
                final Map<String, Float> map = new LinkedHashMap<>();
                for (final Map.Entry<String, JsonNode> entry : value.properties()) {
                    map.put(entry.getKey(), number(name, entry.getValue()));
                }
                maps.add(map);
            }
            builder.probabilityMaps(name, maps);
        }
    }

    /** Rows of several fields (a dict per row): one column per field name, in first-seen order. */
    static Map<String, List<JsonNode>> columnsOfRecords(final String name, final JsonNode records) throws ScoringException {
        final Map<String, List<JsonNode>> columns = new LinkedHashMap<>();
        for (int row = 0; row < records.size(); row++) {
            final JsonNode record = records.get(row);
            if (!record.isObject()) {
                throw wrongShape(name, "rows of different kinds");
            }
            for (final Map.Entry<String, JsonNode> field : record.properties()) {
                final List<JsonNode> column = columns.computeIfAbsent(field.getKey(), key -> new ArrayList<>());
                while (column.size() < row) {
                    column.add(null);
                }
                column.add(field.getValue());
            }
        }
        for (final List<JsonNode> column : columns.values()) {
            while (column.size() < records.size()) {
                column.add(null);
            }
        }
        return columns;
    }

    static List<JsonNode> elements(final JsonNode array) {
        final List<JsonNode> elements = new ArrayList<>(array.size());
        array.forEach(elements::add);
        return elements;
    }

    static float[] numbers(final String name, final JsonNode array) throws ScoringException {
        if (array == null || !array.isArray()) {
            throw wrongShape(name, "rows of different kinds");
        }
        final float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(name, array.get(i));
        }
        return values;
    }

    static float number(final String name, final JsonNode node) throws ScoringException {
        if (node == null || !node.isNumber()) {
            throw wrongShape(name, "a value that is not a number where numbers are");
        }
        return node.floatValue();
    }

    private static JsonNode scalar(final String name, final JsonNode node) throws ScoringException {
        if (node == null || node.isNull() || node.isContainerNode()) {
            throw wrongShape(name, "rows of different kinds");
        }
        return node;
    }

    static ScoringException wrongShape(final String name, final String what) {
        return new ScoringException("The model server's answer has the wrong shape: '%s' holds %s".formatted(name, what), false);
    }
}
