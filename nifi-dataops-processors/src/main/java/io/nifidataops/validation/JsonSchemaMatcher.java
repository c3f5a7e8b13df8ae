package io.nifidataops.validation;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;

import java.io.IOException;
import java.util.Map;

import static io.nifidataops.validation.ColumnMapExpectations.column;
import static io.nifidataops.validation.ColumnMapExpectations.outcome;

/**
 * expect_column_values_to_match_json_schema: like GE's json.loads then jsonschema.validate, each string value
 * is read as JSON and validated against {@code json_schema}, by the draft its {@code $schema} names or
 * else 2020-12 (the latest, as Python's jsonschema picks). A value that is not JSON text fails the expectation
 * with exception_info, as GE raises there.
 */
final class JsonSchemaMatcher {

    /** Python's json.loads accepts NaN and Infinity. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private JsonSchemaMatcher() {
    }

    static MapExpectation expectation(final Kwargs kwargs) {
        final Object raw = kwargs.raw("json_schema");
        if (!(raw instanceof Map<?, ?>)) {
            throw kwargs.wrongType("json_schema", "a JSON schema object", raw);
        }
        final JsonSchema schema;
        try {
            final JsonNode node = JSON.valueToTree(raw);
            final SpecVersion.VersionFlag version = SpecVersionDetector.detectOptionalVersion(node, false)
                    .orElse(SpecVersion.VersionFlag.V202012);
            schema = JsonSchemaFactory.getInstance(version).getSchema(node);
            schema.initializeValidators();
        } catch (final RuntimeException e) {
            throw kwargs.error("json_schema is not a usable JSON schema (" + e.getClass().getSimpleName() + ")");
        }
        return column(kwargs, value -> {
            if (!(value instanceof String text)) {
                return RowRule.TYPE_ERROR;
            }
            final JsonNode instance;
            try {
                instance = JSON.readTree(text);
            } catch (final IOException e) {
                return RowRule.TYPE_ERROR;
            }
            return outcome(instance != null && !instance.isMissingNode() && schema.validate(instance).isEmpty());
        }, "values must be strings holding JSON text");
    }
}
