package io.nifidataops.lake;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionerTest {

    private static final RecordSchema SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("ts", RecordFieldType.TIMESTAMP.getDataType()),
            new RecordField("Ward", RecordFieldType.STRING.getDataType()),
            new RecordField("hr", RecordFieldType.INT.getDataType()),
            new RecordField("tags", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType()))));

    @Test
    void testDateFieldsAndAttributesInPathOrder() {
        final PartitionSpec spec = new PartitionSpec("ts", "event_date", DateGranularity.DAY, List.of("ward"), List.of("lake.facility"));
        final Partitioner partitioner = Partitioner.bind(spec, SCHEMA, Map.of("lake.facility", "north"));

        final PartitionKey key = partitioner.keyOf(record(Instant.parse("2026-11-23T23:59:59Z"), "3/B"));
        assertThat(key.path()).isEqualTo("event_date=2026-11-23/ward=3%2FB/lake_facility=north");
        assertThat(key.toMap()).containsExactly(Map.entry("event_date", "2026-11-23"), Map.entry("ward", "3/B"), Map.entry("lake_facility", "north"));
        assertThat(partitioner.pathFields()).containsExactly("Ward");
    }

    @Test
    void testOnePartitionKeyPerDistinctPartition() {
        final Partitioner partitioner = Partitioner.bind(spec(List.of("ward")), SCHEMA, Map.of());
        final PartitionKey first = partitioner.keyOf(record(Instant.EPOCH, "3"));
        final PartitionKey other = partitioner.keyOf(record(Instant.EPOCH, "4"));

        assertThat(partitioner.keyOf(record(Instant.EPOCH, "3"))).isSameAs(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(other.path()).isEqualTo("ward=4");
        assertThat(first.path()).isEqualTo("ward=3");
        assertThat(partitioner.keyOf(record(Instant.EPOCH, null)).path()).isEqualTo("ward=__HIVE_DEFAULT_PARTITION__");
    }

    @Test
    void testGranularities() {
        final Instant ts = Instant.parse("2026-11-23T10:15:00Z");
        assertThat(key(DateGranularity.HOUR, ts)).isEqualTo("event_hour=2026-11-23-10");
        assertThat(key(DateGranularity.MONTH, ts)).isEqualTo("event_hour=2026-11");
    }

    @Test
    void testNullAndEmptyGoToTheDefaultPartition() {
        final PartitionSpec spec = new PartitionSpec("ts", "event_date", DateGranularity.DAY, List.of("Ward"), List.of("missing"));
        final PartitionKey key = Partitioner.bind(spec, SCHEMA, Map.of()).keyOf(record(null, ""));
        assertThat(key.path()).isEqualTo("event_date=__HIVE_DEFAULT_PARTITION__/ward=__HIVE_DEFAULT_PARTITION__/missing=__HIVE_DEFAULT_PARTITION__");
        assertThat(key.toMap()).containsValues(HivePaths.DEFAULT_PARTITION);
    }

    @Test
    void testNoPartitionsGiveAnEmptyPath() {
        final Partitioner partitioner = Partitioner.bind(PartitionSpec.NONE, SCHEMA, Map.of());
        assertThat(partitioner.isPartitioned()).isFalse();
        assertThat(partitioner.keyOf(record(Instant.EPOCH, "1")).path()).isEmpty();
    }

    @Test
    void testBadSpecsAreNamed() {
        assertThatThrownBy(() -> Partitioner.bind(spec(List.of("room")), SCHEMA, Map.of()))
                .isInstanceOf(LakeSchemaException.class).hasMessage("partition field 'room' is not in the record schema");
        assertThatThrownBy(() -> Partitioner.bind(spec(List.of("tags")), SCHEMA, Map.of()))
                .isInstanceOf(LakeSchemaException.class).hasMessage("partition field 'tags' is ARRAY; only scalar fields can partition a table");
        assertThatThrownBy(() -> Partitioner.bind(new PartitionSpec("ts", "hr", DateGranularity.DAY, List.of(), List.of()), SCHEMA, Map.of()))
                .isInstanceOf(LakeSchemaException.class).hasMessage("partition column 'hr' is also a data column (field 'hr')");
        assertThatThrownBy(() -> Partitioner.bind(new PartitionSpec(null, null, DateGranularity.DAY, List.of("Ward"), List.of("ward")), SCHEMA, Map.of()))
                .isInstanceOf(LakeSchemaException.class).hasMessage("partition column 'ward' is given twice");
    }

    @Test
    void testUnparseableDateValueNamesTheField() {
        final PartitionSpec spec = new PartitionSpec("Ward", "event_date", DateGranularity.DAY, List.of(), List.of());
        assertThatThrownBy(() -> Partitioner.bind(spec, SCHEMA, Map.of()).keyOf(record(Instant.EPOCH, "Smith")))
                .isInstanceOf(RecordConversionException.class)
                .hasMessage("value of field 'Ward' cannot be represented as a timestamp for the date partition");
    }

    private static final RecordSchema LOCATION = new SimpleRecordSchema(List.of(
            new RecordField("site", RecordFieldType.STRING.getDataType()),
            new RecordField("beds", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType()))));
    private static final RecordSchema PERIOD = new SimpleRecordSchema(List.of(new RecordField("start", RecordFieldType.TIMESTAMP.getDataType())));
    private static final RecordSchema NESTED = new SimpleRecordSchema(List.of(
            new RecordField("id", RecordFieldType.STRING.getDataType()),
            new RecordField("period", RecordFieldType.RECORD.getRecordDataType(PERIOD)),
            new RecordField("location", RecordFieldType.RECORD.getRecordDataType(LOCATION))));

    @Test
    void testRecordPathsPartitionByNestedValuesThatStayInTheData() {
        final PartitionSpec spec = new PartitionSpec("/period/start", "event_date", DateGranularity.DAY, List.of("Site = /location/site"), List.of());
        final Partitioner partitioner = Partitioner.bind(spec, NESTED, Map.of());

        final PartitionKey key = partitioner.keyOf(encounter(Instant.parse("2026-11-23T08:00:00Z"), "north", "1A"));
        assertThat(key.path()).isEqualTo("event_date=2026-11-23/site=north");
        assertThat(partitioner.pathFields()).as("a nested value is not moved out of its record").isEmpty();
        assertThat(partitioner.keyOf(new MapRecord(NESTED, Map.of("id", "e2"))).path())
                .as("a path that selects nothing gives the default partition")
                .isEqualTo("event_date=__HIVE_DEFAULT_PARTITION__/site=__HIVE_DEFAULT_PARTITION__");
    }

    @Test
    void testRecordPathsThatCannotGiveOneScalarAreNamedWithoutValues() {
        final Partitioner beds = Partitioner.bind(spec(List.of("bed=/location/beds[*]")), NESTED, Map.of());
        assertThatThrownBy(() -> beds.keyOf(encounter(Instant.EPOCH, "north", "1A", "1B")))
                .isInstanceOf(RecordConversionException.class)
                .hasMessage("value of field '/location/beds[*]' cannot be represented as one partition value");
        final Partitioner location = Partitioner.bind(spec(List.of("loc=/location")), NESTED, Map.of());
        assertThatThrownBy(() -> location.keyOf(encounter(Instant.EPOCH, "north", "1A")))
                .isInstanceOf(RecordConversionException.class)
                .hasMessage("value of field '/location' cannot be represented as string");
        assertThatThrownBy(() -> Partitioner.bind(spec(List.of("site=/location[")), NESTED, Map.of()))
                .isInstanceOf(LakeSchemaException.class).hasMessage("partition '/location[' is not a valid RecordPath");
        assertThatThrownBy(() -> Partitioner.bind(spec(List.of("id=/location/site")), NESTED, Map.of()))
                .isInstanceOf(LakeSchemaException.class).hasMessage("partition column 'id' is also a data column (field 'id')");
    }

    private static MapRecord encounter(final Instant start, final String site, final String... beds) {
        final Map<String, Object> location = new HashMap<>();
        location.put("site", site);
        location.put("beds", beds);
        return new MapRecord(NESTED, Map.of("id", "e1",
                "period", new MapRecord(PERIOD, Map.of("start", Timestamp.from(start))),
                "location", new MapRecord(LOCATION, location)));
    }

    private static String key(final DateGranularity granularity, final Instant ts) {
        final PartitionSpec spec = new PartitionSpec("ts", "event_hour", granularity, List.of(), List.of());
        return Partitioner.bind(spec, SCHEMA, Map.of()).keyOf(record(ts, "1")).path();
    }

    private static PartitionSpec spec(final List<String> fields) {
        return new PartitionSpec(null, null, DateGranularity.DAY, fields, List.of());
    }

    private static MapRecord record(final Instant ts, final String ward) {
        final Map<String, Object> values = new HashMap<>();
        values.put("ts", ts == null ? null : Timestamp.from(ts));
        values.put("Ward", ward);
        values.put("hr", 72);
        return new MapRecord(SCHEMA, values);
    }
}
