package io.nifidataops.lake;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableLocationTest {

    private static final PartitionKey DAY = new PartitionKey(List.of("event_date"), List.of("2026-11-23"));

    @Test
    void testKeysAndRoot() {
        final TableLocation location = new TableLocation("lake", "/data/v1/", "structured", "hospital", "vitals");
        assertThat(location.rootKey()).isEqualTo("data/v1/structured/hospital/vitals/");
        assertThat(location.rootUri()).isEqualTo("s3://lake/data/v1/structured/hospital/vitals/");
        assertThat(location.objectKey(DAY, "part.parquet")).isEqualTo("data/v1/structured/hospital/vitals/event_date=2026-11-23/part.parquet");
        assertThat(location.objectKey(PartitionKey.NONE, "part.parquet")).isEqualTo("data/v1/structured/hospital/vitals/part.parquet");
    }

    @Test
    void testEmptyPrefixIsLeftOut() {
        assertThat(new TableLocation("lake", null, "raw", "device", "vitals").rootKey()).isEqualTo("raw/device/vitals/");
    }

    @Test
    void testSegmentsMustBeSingleAndPresent() {
        assertThatThrownBy(() -> new TableLocation("lake", "", "raw", "dev/ice", "vitals"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lake.source must be one non-empty path segment without '/'");
        assertThatThrownBy(() -> new TableLocation("lake", "", "raw", "device", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("lake.dataset");
        assertThatThrownBy(() -> new TableLocation("", "", "raw", "device", "vitals"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("No bucket");
    }
}
