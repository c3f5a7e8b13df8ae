package io.nifidataops.processors;

import io.nifidataops.DataOpsAttributes;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The valid and invalid children of one incoming FlowFile: created on their first record, written as records stream,
 * then transferred with their write results, or removed when validation fails part-way.
 */
final class ValidationOutputs {

    private final ProcessSession session;
    private final FlowFile parent;
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;
    private final String failedExpectationsField;
    private final boolean writeInvalid;

    private RecordSchema validSchema;
    private RecordSchema invalidSchema;
    private final Output valid = new Output();
    private final Output invalid = new Output();

    ValidationOutputs(final ProcessSession session, final FlowFile parent, final RecordSetWriterFactory writerFactory, final ComponentLog logger,
                      final String failedExpectationsField, final boolean writeInvalid) {
        this.session = session;
        this.parent = parent;
        this.writerFactory = writerFactory;
        this.logger = logger;
        this.failedExpectationsField = failedExpectationsField;
        this.writeInvalid = writeInvalid;
    }

    /** The reader's schema: valid records keep it, invalid ones may get the failed-expectations field added. */
    void useSchema(final RecordSchema readerSchema) {
        validSchema = readerSchema;
        invalidSchema = failedExpectationsField == null ? readerSchema : withFailedExpectationsField(readerSchema);
    }

    void writeValid(final Record record) throws IOException, SchemaNotFoundException {
        valid.write(withoutSerializedForm(record, validSchema), validSchema);
    }

    void writeInvalid(final Record record, final List<String> brokenExpectations) throws IOException, SchemaNotFoundException {
        if (!writeInvalid) {
            invalid.count++;
            return;
        }
        if (failedExpectationsField == null) {
            invalid.write(withoutSerializedForm(record, invalidSchema), invalidSchema);
            return;
        }
        final Map<String, Object> values = new LinkedHashMap<>(record.toMap());
        values.put(failedExpectationsField, brokenExpectations.toArray());
        invalid.write(new MapRecord(invalidSchema, values), invalidSchema);
    }

    long validCount() {
        return valid.count;
    }

    long invalidCount() {
        return invalid.count;
    }

    /** Completes both record sets; call before transferring. */
    void finish() throws IOException {
        valid.finish();
        invalid.finish();
    }

    /** @return the FlowFile transferred, or null when no record was valid */
    FlowFile transferValid(final Map<String, String> outcome, final Relationship relationship, final String details) {
        return valid.transfer(outcome, relationship, details);
    }

    /** @return the FlowFile transferred, or null when no record was invalid */
    FlowFile transferInvalid(final Map<String, String> outcome, final Relationship relationship, final String details) {
        return invalid.transfer(outcome, relationship, details);
    }

    /** Drops whatever was written so far; the parent goes to failure unchanged. */
    void discard() {
        valid.discard();
        invalid.discard();
    }

    /**
     * The same values without the reader's serialized form. For a record that still carries its source text, NiFi's JSON
     * writer re-serializes the parsed tree and scans it for scientific notation before copying it: in a profile that was
     * 45% of this processor's time, more than writing the values field by field.
     */
    private static Record withoutSerializedForm(final Record record, final RecordSchema schema) {
        return new MapRecord(schema, record.toMap());
    }

    private RecordSchema withFailedExpectationsField(final RecordSchema readerSchema) {
        final List<RecordField> fields = new ArrayList<>(readerSchema.getFields());
        fields.removeIf(field -> field.getFieldName().equals(failedExpectationsField));
        fields.add(new RecordField(failedExpectationsField, RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType()), true));
        return new SimpleRecordSchema(fields);
    }

    private final class Output {
        private FlowFile flowFile;
        private RecordSetWriter writer;
        private WriteResult writeResult;
        private long count;

        void write(final Record record, final RecordSchema schema) throws IOException, SchemaNotFoundException {
            if (writer == null) {
                flowFile = session.create(parent);
                writer = writerFactory.createWriter(DebugOnlyLog.of(logger), schema, session.write(flowFile), flowFile);
                writer.beginRecordSet();
            }
            writer.write(record);
            count++;
        }

        void finish() throws IOException {
            if (writer != null) {
                writeResult = writer.finishRecordSet();
                writer.close();
            }
        }

        FlowFile transfer(final Map<String, String> outcome, final Relationship relationship, final String details) {
            if (flowFile == null) {
                return null;
            }
            final Map<String, String> attributes = new HashMap<>(writeResult.getAttributes());
            attributes.putAll(outcome);
            attributes.put(DataOpsAttributes.RECORD_COUNT, String.valueOf(writeResult.getRecordCount()));
            attributes.put(DataOpsAttributes.MIME_TYPE, writer.getMimeType());
            flowFile = ValidateRecordExpectations.emit(session, flowFile, attributes, relationship, details);
            return flowFile;
        }

        void discard() {
            if (writer != null) {
                try {
                    writer.close();
                } catch (final IOException e) {
                    logger.warn("Could not close the record writer of a discarded FlowFile: {}", SafeErrorMessages.describe(e));
                    logger.debug("Could not close the record writer of a discarded FlowFile", e);
                }
            }
            if (flowFile != null) {
                session.remove(flowFile);
            }
        }
    }
}
