package io.nifidataops.lake;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectNamesTest {

    private static final String CONTENT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final PartitionKey A = new PartitionKey(List.of("ward"), List.of("A"));
    private static final PartitionKey B = new PartitionKey(List.of("ward"), List.of("B"));

    @Test
    void testParquetNamesAreDeterministicPerContentPartitionAndSequence() {
        assertThat(ObjectNames.parquet(CONTENT, A, 0)).matches("part-00000-[0-9a-f]{20}\\.parquet").isEqualTo(ObjectNames.parquet(CONTENT, A, 0));
        assertThat(ObjectNames.parquet(CONTENT, A, 0)).isNotEqualTo(ObjectNames.parquet(CONTENT, B, 0));
        assertThat(ObjectNames.parquet(CONTENT, A, 1)).startsWith("part-00001-");
        assertThat(ObjectNames.parquet(CONTENT.replace('9', '8'), A, 0)).isNotEqualTo(ObjectNames.parquet(CONTENT, A, 0));
    }

    @Test
    void testRawNamesKeepOnlyTheExtension() {
        assertThat(ObjectNames.raw(CONTENT, "Smith_John_2026.JSON")).isEqualTo(CONTENT + ".json");
        assertThat(ObjectNames.raw(CONTENT, "no-extension")).isEqualTo(CONTENT);
        assertThat(ObjectNames.raw(CONTENT, null)).isEqualTo(CONTENT);
        assertThat(ObjectNames.raw(CONTENT, "archive.tar.gz")).isEqualTo(CONTENT + ".gz");
    }
}
