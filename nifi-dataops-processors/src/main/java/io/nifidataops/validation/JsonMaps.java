package io.nifidataops.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Read-only copies of JSON-shaped maps; unlike Map.copyOf they keep null values and key order. */
final class JsonMaps {

    private JsonMaps() {
    }

    static Map<String, Object> unmodifiable(final Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
