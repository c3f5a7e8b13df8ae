package io.nifidataops.fhir;

import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.hl7.fhir.r4.model.Resource;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records of one FlowFile: resources from a {@link FhirResourceSource}, rows from a {@link ViewRunner}, values
 * typed by {@link FhirColumnTypes}. Only one resource's rows are held at a time. A resource that does not parse or a
 * view that fails on a resource ends the read with a {@link MalformedRecordException} saying where (line, Bundle
 * entry) and what, never a value; the calling processor routes the FlowFile whole, so nothing is dropped.
 */
final class ViewRecordReader implements RecordReader {

    private final FhirResourceSource source;
    private final FhirResourceParser parser;
    private final ViewRunner runner;
    private final RecordSchema schema;
    private final List<ViewColumn> columns;
    private final ComponentLog logger;
    private final Deque<Object[]> rows = new ArrayDeque<>();
    private final int[][] invalid;
    private long resources;

    ViewRecordReader(final FhirResourceSource source, final FhirResourceParser parser, final ViewRunner runner,
                     final RecordSchema schema, final ComponentLog logger) {
        this.source = source;
        this.parser = parser;
        this.runner = runner;
        this.schema = schema;
        this.columns = runner.view().columns();
        this.logger = logger;
        this.invalid = new int[columns.size()][1];
    }

    @Override
    public Record nextRecord(final boolean coerceTypes, final boolean dropUnknownFields) throws IOException, MalformedRecordException {
        while (rows.isEmpty()) {
            final Resource resource;
            try {
                resource = source.next();
            } catch (final FhirContentException e) {
                throw new MalformedRecordException(e.getMessage());
            }
            if (resource == null) {
                return null;
            }
            resources++;
            try {
                rows.addAll(runner.rows(resource));
            } catch (final ViewEvaluationException e) {
                throw new MalformedRecordException(source.position() + ": " + e.getMessage());
            }
        }
        final Object[] row = rows.poll();
        final Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            values.put(columns.get(i).name(), FhirColumnTypes.convert(columns.get(i), row[i], invalid[i]));
        }
        return new MapRecord(schema, values);
    }

    @Override
    public RecordSchema getSchema() {
        return schema;
    }

    /** Resources read so far (of any type). */
    long resourceCount() {
        return resources;
    }

    @Override
    public void close() throws IOException {
        source.close();
        final Map<String, Integer> unreadable = new TreeMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (invalid[i][0] > 0) {
                unreadable.put(columns.get(i).name(), invalid[i][0]);
            }
        }
        if (!unreadable.isEmpty()) {
            logger.warn("View '{}': values not valid for their column type were read as null, per column: {}",
                    runner.view().name(), unreadable);
        }
        if (!parser.issues().isEmpty()) {
            logger.info("View '{}': HAPI reported issues while parsing {} resources, per kind: {}", runner.view().name(),
                    resources, new TreeMap<>(parser.issues()));
        }
    }
}
