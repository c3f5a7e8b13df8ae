package io.nifidataops.lake;

import io.nifidataops.records.SingleValuePath;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ChoiceDataType;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link PartitionSpec} bound to one record schema and one FlowFile's attributes: checks that the
 * partition fields exist and are scalar, compiles the RecordPaths, resolves attribute values once, and then gives
 * each record its {@link PartitionKey}.
 *
 * <p>A partition field is a top-level field name, which moves from the data into the path, or
 * {@code column=/record/path}, a value anywhere in the record that the path repeats while the data keeps it. The
 * date field is a top-level field name or a RecordPath.</p>
 */
public final class Partitioner {

    private final List<String> columns = new ArrayList<>();
    private final String dateField;
    private final Function<Record, Object> dateValue;
    private final DateGranularity granularity;
    private final ZoneId timeZone;
    /** The top-level fields that move into the path. */
    private final List<String> fieldNames = new ArrayList<>();
    /** Per field partition column, in path order: where its value comes from, and its path text. */
    private final List<Function<Record, Object>> fieldValues = new ArrayList<>();
    private final List<ValueConverter> fieldTexts = new ArrayList<>();
    private final List<String> attributeValues = new ArrayList<>();
    /** Distinct partitions seen so far, by their values; bounded, so a high-cardinality partition field cannot grow the heap. */
    private final Map<List<String>, PartitionKey> keys = new HashMap<>();
    private String[] scratch;
    private List<String> scratchValues;
    private List<String> immutableColumns;

    private static final int MAX_CACHED_KEYS = 4096;

    private Partitioner(final String dateField, final Function<Record, Object> dateValue, final DateGranularity granularity, final ZoneId timeZone) {
        this.dateField = dateField;
        this.dateValue = dateValue;
        this.granularity = granularity;
        this.timeZone = timeZone;
    }

    public static Partitioner bind(final PartitionSpec spec, final RecordSchema schema, final Map<String, String> attributes) {
        final Partitioner partitioner = bindDate(spec, schema);
        for (final String entry : spec.fields()) {
            final int equals = entry.indexOf('=');
            if (equals > 0 && SingleValuePath.isRecordPath(entry.substring(equals + 1))) {
                final SingleValuePath path = compile(entry.substring(equals + 1).strip());
                partitioner.columns.add(ColumnNames.normalize(entry.substring(0, equals).strip()));
                partitioner.fieldValues.add(record -> single(path, record));
                partitioner.fieldTexts.add(ScalarConverters.toText(path.text()));
                continue;
            }
            final RecordField field = field(schema, entry);
            if (!isScalar(field.getDataType())) {
                throw new LakeSchemaException("partition field '" + field.getFieldName() + "' is " + field.getDataType().getFieldType()
                        + "; only scalar fields can partition a table");
            }
            final String name = field.getFieldName();
            partitioner.columns.add(ColumnNames.normalize(name));
            partitioner.fieldNames.add(name);
            partitioner.fieldValues.add(record -> record.getValue(name));
            partitioner.fieldTexts.add(ScalarConverters.toText(name));
        }
        for (final String attribute : spec.attributes()) {
            partitioner.columns.add(ColumnNames.normalize(attribute));
            partitioner.attributeValues.add(attributes.get(attribute));
        }
        partitioner.checkColumnNames(schema);
        partitioner.scratch = new String[partitioner.columns.size()];
        partitioner.scratchValues = Arrays.asList(partitioner.scratch);
        return partitioner;
    }

    private static Partitioner bindDate(final PartitionSpec spec, final RecordSchema schema) {
        if (spec.dateField() == null) {
            return new Partitioner(null, null, spec.granularity(), spec.timeZone());
        }
        final Partitioner partitioner;
        if (SingleValuePath.isRecordPath(spec.dateField())) {
            final SingleValuePath path = compile(spec.dateField().strip());
            partitioner = new Partitioner(path.text(), record -> single(path, record), spec.granularity(), spec.timeZone());
        } else {
            final String name = field(schema, spec.dateField()).getFieldName();
            partitioner = new Partitioner(name, record -> record.getValue(name), spec.granularity(), spec.timeZone());
        }
        partitioner.columns.add(ColumnNames.normalize(spec.dateColumn()));
        return partitioner;
    }

    private static SingleValuePath compile(final String path) {
        try {
            return SingleValuePath.compile(path);
        } catch (final IllegalArgumentException e) {
            throw new LakeSchemaException("partition " + e.getMessage());
        }
    }

    private static Object single(final SingleValuePath path, final Record record) {
        try {
            return path.valueOf(record);
        } catch (final SingleValuePath.AmbiguousPathException e) {
            throw RecordConversionException.notRepresentable(path.text(), "one partition value");
        }
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
        int next = 0;
        if (dateField != null) {
            scratch[next++] = dateText(dateValue.apply(record));
        }
        for (int i = 0; i < fieldValues.size(); i++) {
            final Object value = fieldValues.get(i).apply(record);
            scratch[next++] = value == null ? null : (String) fieldTexts.get(i).convert(value);
        }
        for (final String attribute : attributeValues) {
            scratch[next++] = attribute;
        }
        // one PartitionKey per distinct partition, not per record; the scratch list only looks up, a miss stores a copy
        final PartitionKey known = keys.get(scratchValues);
        if (known != null) {
            return known;
        }
        if (keys.size() >= MAX_CACHED_KEYS) {
            keys.clear();
        }
        final PartitionKey key = new PartitionKey(immutableColumns(), scratchValues);
        keys.put(key.values(), key);
        return key;
    }

    private List<String> immutableColumns() {
        if (immutableColumns == null) {
            immutableColumns = List.copyOf(columns);
        }
        return immutableColumns;
    }

    private String dateText(final Object value) {
        if (value == null) {
            return null;
        }
        try {
            return granularity.format(TemporalConverters.toInstant(value), timeZone);
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
