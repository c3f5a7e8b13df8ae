package io.nifidataops.lake;

import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ChoiceDataType;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link PartitionSpec} bound to one record schema and one FlowFile's attributes: checks that the
 * partition fields exist and are scalar, resolves attribute values once, and then gives each record
 * its {@link PartitionKey}.
 */
public final class Partitioner {

    private final List<String> columns = new ArrayList<>();
    private final String dateField;
    private final DateGranularity granularity;
    private final List<String> fieldNames = new ArrayList<>();
    private final List<ValueConverter> fieldTexts = new ArrayList<>();
    private final List<String> attributeValues = new ArrayList<>();

    private Partitioner(final String dateField, final DateGranularity granularity) {
        this.dateField = dateField;
        this.granularity = granularity;
    }

    public static Partitioner bind(final PartitionSpec spec, final RecordSchema schema, final Map<String, String> attributes) {
        final Partitioner partitioner = new Partitioner(spec.dateField() == null ? null : field(schema, spec.dateField()).getFieldName(), spec.granularity());
        if (spec.dateField() != null) {
            partitioner.columns.add(ColumnNames.normalize(spec.dateColumn()));
        }
        for (final String name : spec.fields()) {
            final RecordField field = field(schema, name);
            if (!isScalar(field.getDataType())) {
                throw new LakeSchemaException("partition field '" + field.getFieldName() + "' is " + field.getDataType().getFieldType()
                        + "; only scalar fields can partition a table");
            }
            partitioner.columns.add(ColumnNames.normalize(field.getFieldName()));
            partitioner.fieldNames.add(field.getFieldName());
            partitioner.fieldTexts.add(ScalarConverters.toText(field.getFieldName()));
        }
        for (final String attribute : spec.attributes()) {
            partitioner.columns.add(ColumnNames.normalize(attribute));
            partitioner.attributeValues.add(attributes.get(attribute));
        }
        partitioner.checkColumnNames(schema);
        return partitioner;
    }

    /** The partition of content that has no records to read (the raw format): attribute columns only. */
    public static PartitionKey attributeKey(final List<String> attributeNames, final Map<String, String> attributes) {
        final List<String> columns = attributeNames.stream().map(ColumnNames::normalize).toList();
        return new PartitionKey(columns, attributeNames.stream().map(attributes::get).toList());
    }

    /** NiFi names of the fields that live in the path instead of the data. */
    public Set<String> pathFields() {
        return new LinkedHashSet<>(fieldNames);
    }

    public boolean isPartitioned() {
        return !columns.isEmpty();
    }

    public PartitionKey keyOf(final Record record) {
        if (columns.isEmpty()) {
            return PartitionKey.NONE;
        }
        final List<String> values = new ArrayList<>(columns.size());
        if (dateField != null) {
            values.add(dateValue(record.getValue(dateField)));
        }
        for (int i = 0; i < fieldNames.size(); i++) {
            final Object value = record.getValue(fieldNames.get(i));
            values.add(value == null ? null : (String) fieldTexts.get(i).convert(value));
        }
        values.addAll(attributeValues);
        return new PartitionKey(columns, values);
    }

    private String dateValue(final Object value) {
        if (value == null) {
            return null;
        }
        try {
            return granularity.format(TemporalConverters.toInstant(value));
        } catch (final DateTimeException | ArithmeticException | IllegalArgumentException e) {
            throw RecordConversionException.notRepresentable(dateField, "a timestamp for the date partition");
        }
    }

    /** Glue rejects a table whose partition key is also a column, or that repeats a partition key. */
    private void checkColumnNames(final RecordSchema schema) {
        final Set<String> seen = new HashSet<>();
        for (final String column : columns) {
            if (!seen.add(column)) {
                throw new LakeSchemaException("partition column '" + column + "' is given twice");
            }
        }
        for (final RecordField field : schema.getFields()) {
            final String column = ColumnNames.normalize(field.getFieldName());
            if (!fieldNames.contains(field.getFieldName()) && seen.contains(column)) {
                throw new LakeSchemaException("partition column '" + column + "' is also a data column (field '" + field.getFieldName() + "')");
            }
        }
    }

    /** By exact NiFi name first, else by normalized name, so "Ward" and "ward" both find field "ward". */
    private static RecordField field(final RecordSchema schema, final String name) {
        return schema.getField(name).orElseGet(() -> schema.getFields().stream()
                .filter(field -> ColumnNames.normalize(field.getFieldName()).equals(ColumnNames.normalize(name)))
                .findFirst()
                .orElseThrow(() -> new LakeSchemaException("partition field '" + name + "' is not in the record schema")));
    }

    private static boolean isScalar(final DataType type) {
        if (type instanceof ChoiceDataType choice) {
            return choice.getPossibleSubTypes().stream().allMatch(Partitioner::isScalar);
        }
        return type.getFieldType() != RecordFieldType.RECORD && type.getFieldType() != RecordFieldType.ARRAY
                && type.getFieldType() != RecordFieldType.MAP;
    }
}
