package io.nifidataops.benchmarks;

import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.TestRunner;

/** NiFi's real JSON reader and writer, configured and enabled the same way for every benchmark case. */
public final class RecordServices {

    /** How the reader gets its schema: the explicit Avro schema below, or inferred from the content. */
    enum SchemaSource { SCHEMA_TEXT, INFERRED }

    /** The vitals records as an Avro schema; patient_id is required, so ValidateRecord has something to reject. */
    public static final String VITALS_SCHEMA = """
            {"type": "record", "name": "vitals", "fields": [
              {"name": "patient_id", "type": "string"},
              {"name": "device_id", "type": ["null", "string"]},
              {"name": "ts", "type": ["null", "string"]},
              {"name": "heart_rate", "type": ["null", "int"]},
              {"name": "spo2", "type": ["null", "double"]},
              {"name": "temperature_c", "type": ["null", "double"]},
              {"name": "steps", "type": ["null", "int"]},
              {"name": "activity", "type": ["null", "string"]}
            ]}""";

    private static final String INFER_SCHEMA = "infer-schema";

    private RecordServices() {
    }

    static JsonTreeReader addReader(final TestRunner runner, final String id, final SchemaSource source) throws InitializationException {
        return addReader(runner, id, source == SchemaSource.SCHEMA_TEXT ? VITALS_SCHEMA : null);
    }

    /** A JsonTreeReader given this Avro schema text, or inferring the schema when it is null. */
    public static JsonTreeReader addReader(final TestRunner runner, final String id, final String schemaText) throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService(id, reader);
        if (schemaText != null) {
            runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY.getValue());
            runner.setProperty(reader, SchemaAccessUtils.SCHEMA_TEXT, schemaText);
        } else {
            runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, INFER_SCHEMA);
        }
        runner.enableControllerService(reader);
        return reader;
    }

    static JsonRecordSetWriter addWriter(final TestRunner runner, final String id) throws InitializationException {
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService(id, writer);
        runner.enableControllerService(writer);
        return writer;
    }
}
