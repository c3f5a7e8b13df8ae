package io.nifidataops.validation;

import java.util.List;
import java.util.Map;

/**
 * A Great Expectations expectation suite: a name, its expectations in order, and free-form metadata.
 * Accepts both the GE 0.18 and the GE 1.x JSON forms through {@link SuiteParser}.
 */
public record ExpectationSuite(String name, List<ExpectationConfiguration> expectations, Map<String, Object> meta) {

    public ExpectationSuite {
        expectations = List.copyOf(expectations);
        meta = JsonMaps.unmodifiable(meta);
    }
}
