package io.nifidataops.benchmarks.lake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.nifidataops.benchmarks.RecordServices;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

import java.io.IOException;
import java.io.InputStream;

/**
 * The telemetry records as the lake benchmark reads them: an Avro schema in which every field is nullable (about 2% of the
 * generated records carry a defect such as a null patient_id, and the lake must store them all), and a Jackson streaming parser
 * that turns the NDJSON into Avro records for the plain parquet-avro ceiling.
 */
final class LakeRecords {

    /** {@link RecordServices#VITALS_SCHEMA} with patient_id nullable too. */
    static final String SCHEMA_TEXT = RecordServices.VITALS_SCHEMA.replace(
            "{\"name\": \"patient_id\", \"type\": \"string\"}", "{\"name\": \"patient_id\", \"type\": [\"null\", \"string\"]}");

    static final Schema SCHEMA = new Schema.Parser().parse(SCHEMA_TEXT);

    static {
        if (!SCHEMA.getField("patient_id").schema().isNullable()) {
            throw new IllegalStateException("patient_id of the vitals schema is no longer \"string\": update LakeRecords.SCHEMA_TEXT");
        }
    }

    /** The field the benchmark partitions by: rest, walk, run, sleep, and swim for the defective records. */
    static final String PARTITION_FIELD = "activity";

    private static final JsonFactory JSON = new JsonFactory();

    private LakeRecords() {
    }

    /** Reads NDJSON objects one at a time; {@link #next()} gives null at the end. */
    static final class NdjsonReader implements AutoCloseable {
        private final JsonParser parser;
        private final boolean utf8;

        /** @param utf8 strings as Avro {@link Utf8} (parquet-avro's fast path) rather than String */
        NdjsonReader(final InputStream in, final boolean utf8) throws IOException {
            this.parser = JSON.createParser(in);
            this.utf8 = utf8;
        }

        GenericRecord next() throws IOException {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            final GenericRecord record = new GenericData.Record(SCHEMA);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final Schema.Field field = SCHEMA.getField(parser.currentName());
                final JsonToken value = parser.nextToken();
                if (field == null) {
                    parser.skipChildren();
                } else if (value != JsonToken.VALUE_NULL) {
                    record.put(field.pos(), switch (value) {
                        case VALUE_NUMBER_INT -> parser.getIntValue();
                        case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                        default -> utf8 ? new Utf8(parser.getText()) : parser.getText();
                    });
                }
            }
            return record;
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
