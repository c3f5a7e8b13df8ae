package io.nifidataops.validation;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a validation result as the JSON Great Expectations 1.x produces for an
 * ExpectationSuiteValidationResult ({@code to_json_dict()}), so tools that read GE results (Data Docs renderers,
 * result stores, dashboards) can read ours.
 */
public final class ValidationReportWriter {

    /**
     * The Great Expectations release whose result format and expectation semantics the validator follows (its conformance
     * tests run that release's test definitions). GE's readers parse this field as a version, so it holds one; the
     * producer is named in meta.validator.
     */
    static final String GREAT_EXPECTATIONS_VERSION = "1.2.0";

    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private ValidationReportWriter() {
    }

    /**
     * @param meta entries for the report's meta (run id, FlowFile id, validation time, ...); a
     *             {@code great_expectations_version} is added unless given. Leaves {@code out} open.
     */
    public static void write(final ValidationResult result, final Map<String, Object> meta, final OutputStream out)
            throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeBooleanField("success", result.success());
            json.writeArrayFieldStart("results");
            for (final ExpectationResult expectation : result.results()) {
                writeResult(json, expectation);
            }
            json.writeEndArray();
            json.writeStringField("suite_name", result.suiteName());
            json.writeObjectFieldStart("suite_parameters");
            json.writeEndObject();
            writeStatistics(json, result.statistics());
            final Map<String, Object> allMeta = new LinkedHashMap<>(meta == null ? Map.of() : meta);
            allMeta.putIfAbsent("great_expectations_version", GREAT_EXPECTATIONS_VERSION);
            json.writeFieldName("meta");
            writeValue(json, allMeta);
            json.writeEndObject();
        }
    }

    private static void writeResult(final JsonGenerator json, final ExpectationResult result) throws IOException {
        json.writeStartObject();
        json.writeBooleanField("success", result.success());
        json.writeObjectFieldStart("expectation_config");
        json.writeStringField("type", result.config().type());
        json.writeFieldName("kwargs");
        writeValue(json, result.config().kwargs());
        json.writeFieldName("meta");
        writeValue(json, result.config().meta());
        json.writeEndObject();
        json.writeFieldName("result");
        writeValue(json, result.result());
        json.writeObjectFieldStart("meta");
        json.writeEndObject();
        json.writeObjectFieldStart("exception_info");
        json.writeBooleanField("raised_exception", result.exceptionMessage() != null);
        json.writeNullField("exception_traceback");
        json.writeFieldName("exception_message");
        writeValue(json, result.exceptionMessage());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeStatistics(final JsonGenerator json, final Statistics statistics) throws IOException {
        json.writeObjectFieldStart("statistics");
        json.writeNumberField("evaluated_expectations", statistics.evaluatedExpectations());
        json.writeNumberField("successful_expectations", statistics.successfulExpectations());
        json.writeNumberField("unsuccessful_expectations", statistics.unsuccessfulExpectations());
        json.writeFieldName("success_percent");
        writeValue(json, statistics.successPercent());
        json.writeEndObject();
    }

    /**
     * Any value a result can hold, as GE serialises it: temporal values as ISO-8601 strings, NaN and infinities
     * as null, bytes as base64, arrays and collections as JSON arrays, other objects (nested records) as text.
     */
    static void writeValue(final JsonGenerator json, final Object value) throws IOException {
        if (value == null || value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            json.writeNull();
        } else if (value instanceof String || value instanceof Character || value instanceof java.util.UUID) {
            json.writeString(value.toString());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof BigDecimal b) {
            json.writeNumber(b);
        } else if (value instanceof BigInteger b) {
            json.writeNumber(b);
        } else if (Values.isIntegral(value)) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            json.writeNumber(n.doubleValue());
        } else if (Temporals.isTemporal(value)) {
            json.writeString(Temporals.iso(value));
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            json.writeStartArray();
            for (final Object element : value instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) value) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof byte[] bytes) {
            json.writeBinary(bytes);
        } else if (value instanceof ByteBuffer buffer) {
            final ByteBuffer copy = buffer.duplicate();
            final byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            json.writeBinary(bytes);
        } else {
            json.writeString(value.toString());
        }
    }
}
