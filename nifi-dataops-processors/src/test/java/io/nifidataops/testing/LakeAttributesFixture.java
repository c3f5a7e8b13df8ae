package io.nifidataops.testing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The lake.* attributes PutLakeParquet writes, built for catalog tests: a vitals table partitioned by event_date. */
public final class LakeAttributesFixture {

    public static final String LOCATION = "s3://lake/structured/device/vitals/";

    private final Map<String, String> attributes = new HashMap<>();
    private final List<String> fields = new ArrayList<>();

    public LakeAttributesFixture() {
        attributes.put("lake.location", LOCATION);
        attributes.put("lake.format", "parquet");
        attributes.put("lake.compression", "snappy");
        attributes.put("lake.zone", "structured");
        attributes.put("lake.source", "device");
        attributes.put("lake.dataset", "vitals");
        attributes.put("lake.partitions", "[]");
        field("device_id", "\"string\"");
        field("heart_rate", "[\"null\",\"int\"]");
    }

    /** Adds a top-level field; {@code avroType} is the JSON of its Avro type. */
    public LakeAttributesFixture field(final String name, final String avroType) {
        fields.add("{\"name\":\"" + name + "\",\"type\":" + avroType + "}");
        return this;
    }

    public LakeAttributesFixture withoutFields() {
        fields.clear();
        return this;
    }

    /** Partitions by event_date, one per day given. */
    public LakeAttributesFixture days(final String... days) {
        final StringJoiner json = new StringJoiner(",", "[", "]");
        for (final String day : days) {
            json.add("{\"event_date\":\"" + day + "\"}");
        }
        attributes.put("lake.partitions", json.toString());
        return this;
    }

    /** {@code count} consecutive daily partitions, starting {@code first} days after 2020-01-01. */
    public LakeAttributesFixture dayRange(final int first, final int count) {
        final String[] days = new String[count];
        for (int i = 0; i < count; i++) {
            days[i] = LocalDate.of(2020, 1, 1).plusDays(first + i).toString();
        }
        return days(days);
    }

    public LakeAttributesFixture set(final String attribute, final String value) {
        if (value == null) {
            attributes.remove(attribute);
        } else {
            attributes.put(attribute, value);
        }
        return this;
    }

    public Map<String, String> build() {
        final Map<String, String> built = new HashMap<>(attributes);
        built.putIfAbsent("lake.schema", "{\"type\":\"record\",\"name\":\"vitals\",\"fields\":[" + String.join(",", fields) + "]}");
        return built;
    }
}
