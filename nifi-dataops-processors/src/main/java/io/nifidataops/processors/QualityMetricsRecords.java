package io.nifidataops.processors;

import io.nifidataops.validation.ExpectationMetric;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The data-quality metrics of one validation run as NiFi records: one per expectation, with no record values. */
final class QualityMetricsRecords {

    static final RecordSchema SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("suite", RecordFieldType.STRING.getDataType(), false),
            new RecordField("dataset", RecordFieldType.STRING.getDataType(), true),
            new RecordField("flowfile_uuid", RecordFieldType.STRING.getDataType(), true),
            new RecordField("expectation_type", RecordFieldType.STRING.getDataType(), false),
            new RecordField("column", RecordFieldType.STRING.getDataType(), true),
            new RecordField("success", RecordFieldType.BOOLEAN.getDataType(), false),
            new RecordField("observed_value", RecordFieldType.DOUBLE.getDataType(), true),
            new RecordField("element_count", RecordFieldType.LONG.getDataType(), false),
            new RecordField("unexpected_count", RecordFieldType.LONG.getDataType(), false),
            new RecordField("raised_exception", RecordFieldType.BOOLEAN.getDataType(), false),
            new RecordField("run_time", RecordFieldType.TIMESTAMP.getDataType(), false)));

    private QualityMetricsRecords() {
    }

    static List<Record> of(final String suite, final String dataset, final String flowFileUuid, final Instant runTime,
                           final List<ExpectationMetric> metrics) {
        final Timestamp time = Timestamp.from(runTime);
        return metrics.stream().map(metric -> {
            final Map<String, Object> values = new HashMap<>();
            values.put("suite", suite);
            values.put("dataset", dataset);
            values.put("flowfile_uuid", flowFileUuid);
            values.put("expectation_type", metric.type());
            values.put("column", metric.column());
            values.put("success", metric.success());
            values.put("observed_value", metric.observedValue());
            values.put("element_count", metric.elementCount());
            values.put("unexpected_count", metric.unexpectedCount());
            values.put("raised_exception", metric.raisedException());
            values.put("run_time", time);
            return (Record) new MapRecord(SCHEMA, values);
        }).toList();
    }
}
