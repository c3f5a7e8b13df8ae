package io.nifidataops.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an expectation suite in either Great Expectations JSON form:
 * <ul>
 *   <li>0.18: {@code {"expectation_suite_name", "expectations": [{"expectation_type", "kwargs", "meta"}], "meta"}}</li>
 *   <li>1.x: {@code {"name", "expectations": [{"type", "kwargs", "meta", "id"?}], "meta"?}}</li>
 * </ul>
 * Only the structure is checked here; {@link CompiledSuite#compile} checks types and kwargs.
 */
public final class SuiteParser {

    /** GE (Python's json) writes NaN, Infinity and -Infinity, e.g. in partition bins. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private SuiteParser() {
    }

    public static ExpectationSuite parse(final String json) throws InvalidSuiteException {
        if (json == null || json.isBlank()) {
            throw new InvalidSuiteException("Expectation suite is empty");
        }
        final JsonNode root = readTree(json);
        if (!root.isObject()) {
            throw new InvalidSuiteException("Expectation suite must be a JSON object, got " + kind(root));
        }
        final String name = text(root, "name", "expectation_suite_name", "Expectation suite");
        final JsonNode expectations = root.get("expectations");
        if (expectations == null || !expectations.isArray()) {
            throw new InvalidSuiteException("Expectation suite '" + name + "' has no 'expectations' array"
                    + (expectations == null ? "" : " (got " + kind(expectations) + ")"));
        }
        final List<ExpectationConfiguration> configurations = new ArrayList<>();
        for (int i = 0; i < expectations.size(); i++) {
            configurations.add(expectation(expectations.get(i), i + 1));
        }
        return new ExpectationSuite(name, configurations, object(root.get("meta"), "Suite 'meta'"));
    }

    private static JsonNode readTree(final String json) {
        try {
            return MAPPER.readTree(json);
        } catch (final JsonProcessingException e) {
            final JsonLocation at = e.getLocation();
            final String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            // Jackson quotes the offending text; the position and the error type are enough to find it in the file
            throw new InvalidSuiteException("Expectation suite is not valid JSON: " + e.getClass().getSimpleName() + where, e);
        }
    }

    private static ExpectationConfiguration expectation(final JsonNode node, final int number) {
        final String what = "Expectation #" + number;
        if (!node.isObject()) {
            throw new InvalidSuiteException(what + " must be a JSON object, got " + kind(node));
        }
        final String type = text(node, "type", "expectation_type", what);
        return new ExpectationConfiguration(type, object(node.get("kwargs"), what + " (" + type + ") 'kwargs'"),
                object(node.get("meta"), what + " (" + type + ") 'meta'"));
    }

    /** The string under the GE 1.x key or, failing that, the GE 0.18 key. */
    private static String text(final JsonNode node, final String key, final String legacyKey, final String what) {
        final JsonNode value = node.hasNonNull(key) ? node.get(key) : node.get(legacyKey);
        if (value == null || value.isNull()) {
            throw new InvalidSuiteException(what + " has no '" + key + "' (GE 1.x) or '" + legacyKey + "' (GE 0.18) field");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidSuiteException(what + " field '" + (node.hasNonNull(key) ? key : legacyKey)
                    + "' must be a non-empty string, got " + kind(value));
        }
        return value.asText();
    }

    private static Map<String, Object> object(final JsonNode node, final String what) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidSuiteException(what + " must be a JSON object, got " + kind(node));
        }
        final Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
        return map;
    }

    /** JSON tree to plain Java values: Map, List, String, Integer/Long/BigInteger, Double, Boolean, null. */
    private static Object plain(final JsonNode node) {
        if (node.isObject()) {
            final Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
            return map;
        }
        if (node.isArray()) {
            final List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }

    private static String kind(final JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }
}
