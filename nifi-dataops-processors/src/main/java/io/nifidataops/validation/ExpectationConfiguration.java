package io.nifidataops.validation;

import java.util.Map;

/**
 * One expectation of a suite as the user wrote it: its type (e.g. {@code expect_column_values_to_be_between}),
 * its keyword arguments and its metadata. Values are plain JSON-shaped Java objects (Map, List, String,
 * Number, Boolean, null).
 */
public record ExpectationConfiguration(String type, Map<String, Object> kwargs, Map<String, Object> meta) {

    public ExpectationConfiguration {
        kwargs = JsonMaps.unmodifiable(kwargs);
        meta = JsonMaps.unmodifiable(meta);
    }
}
