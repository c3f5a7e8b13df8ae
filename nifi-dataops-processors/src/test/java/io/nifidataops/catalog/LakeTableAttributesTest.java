package io.nifidataops.catalog;

import io.nifidataops.testing.LakeAttributesFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeTableAttributesTest {

    @Test
    void testReadsWhatPutLakeParquetWrote() {
        final LakeTableInput input = LakeTableAttributes.from(new LakeAttributesFixture()
                .set("lake.partitions", "[{\"event_date\":\"2026-11-23\",\"ward\":\"3\"},{\"event_date\":\"2026-11-24\",\"ward\":\"__HIVE_DEFAULT_PARTITION__\"}]")
                .set("lake.location", "s3://lake/structured/device/vitals")
                .set("lake.compression", "lz4_raw")
                .build());

        assertThat(input.location()).isEqualTo("s3://lake/structured/device/vitals/");
        assertThat(input.compressionType()).isEqualTo("lz4");
        assertThat(input.partitionKeys()).containsExactly("event_date", "ward");
        assertThat(input.partitions()).containsExactly(List.of("2026-11-23", "3"), List.of("2026-11-24", "__HIVE_DEFAULT_PARTITION__"));
        assertThat(input.columns()).containsExactly(new HiveColumn("device_id", "string"), new HiveColumn("heart_rate", "int"));
        assertThat(input.partitionColumns()).containsExactly(new HiveColumn("event_date", "string"), new HiveColumn("ward", "string"));
    }

    @Test
    void testAnUnpartitionedWriteHasNoPartitionKeys() {
        final LakeTableInput input = LakeTableAttributes.from(new LakeAttributesFixture().set("lake.compression", "uncompressed").build());

        assertThat(input.partitionKeys()).isEmpty();
        assertThat(input.compressionType()).isEqualTo("none");
    }

    @Test
    void testEachMissingAttributeIsNamed() {
        for (final String attribute : List.of("lake.location", "lake.format", "lake.partitions")) {
            final LakeAttributesFixture fixture = new LakeAttributesFixture().set(attribute, null);
            assertThatThrownBy(() -> LakeTableAttributes.from(fixture.build()))
                    .isInstanceOf(CatalogException.class)
                    .hasMessage("attribute " + attribute + " is missing; it is written by PutLakeParquet");
        }
        assertThatThrownBy(() -> LakeTableAttributes.from(new LakeAttributesFixture().set("lake.schema", " ").build()))
                .isInstanceOf(CatalogException.class)
                .hasMessage("attribute lake.schema is missing (and no avro.schema); it is written by PutLakeParquet, or by a record"
                        + " writer set to write the avro.schema attribute");
    }

    @Test
    void testTheColumnsOfDataAnotherWriterWroteComeFromAvroSchema() {
        final Map<String, String> attributes = new HashMap<>(new LakeAttributesFixture().build());
        attributes.remove("lake.schema");
        attributes.put("avro.schema", "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"code\",\"type\":\"long\"}]}");
        final LakeTableInput input = LakeTableAttributes.from(attributes);
        assertThat(input.columns()).containsExactly(new HiveColumn("code", "bigint"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            lake.format      | raw                           | lake.format is 'raw': only parquet data can be registered as a Glue table
            lake.location    | lake/vitals                   | lake.location must be s3://bucket/path/ (or s3a:// or file:/), got scheme null
            lake.location    | s3:///vitals/                 | lake.location must be s3://bucket/path/ (or s3a:// or file:/), got scheme s3
            lake.location    | s3://lake/a b^                | lake.location is not a URI
            lake.compression | brotli                        | lake.compression 'brotli' is not a Parquet codec Glue knows (snappy, gzip, zstd, lz4_raw, uncompressed)
            lake.partitions  | {not json                     | lake.partitions is not JSON
            lake.partitions  | {"event_date":"x"}            | lake.partitions must be a JSON array of objects (column to value)
            lake.partitions  | [{"event_date":1}]            | lake.partitions entry 0: the value of 'event_date' is not a string
            lake.partitions  | [{}]                          | lake.partitions entry 0 is not a non-empty object of column to value
            lake.partitions  | [{"a":"1"},{"b":"2"}]         | lake.partitions entry 1 has columns [b] where entry 0 has [a]
            lake.partitions  | [{"Event Date":"1"}]          | lake.partitions: partition column 'Event Date' is not a catalog column name
            lake.partitions  | [{"device_id":"1"}]           | partition column 'device_id' is also a data column in lake.schema
            """)
    void testMalformedAttributesAreNamed(final String attribute, final String value, final String message) {
        assertThatThrownBy(() -> LakeTableAttributes.from(new LakeAttributesFixture().set(attribute, value).build()))
                .isInstanceOf(CatalogException.class)
                .hasMessage(message);
    }

    @Test
    void testASchemaThatIsNotAvroIsNamed() {
        assertThatThrownBy(() -> LakeTableAttributes.from(new LakeAttributesFixture().set("lake.schema", "{\"type\":\"nope\"}").build()))
                .hasMessageStartingWith("lake.schema is not an Avro schema: ");
    }
}
