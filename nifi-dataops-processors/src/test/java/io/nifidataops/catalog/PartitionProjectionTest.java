package io.nifidataops.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionProjectionTest {

    @Test
    void testDateColumnsAreProjectedAsDatesAndOthersInjected() {
        assertThat(new PartitionProjection("NOW-3YEARS,NOW").parameters("s3://lake/t/", List.of("event_date", "event_hour", "ward"),
                List.of("2026-11-23", "2026-11-23-10", "3")))
                .containsEntry("projection.enabled", "true")
                .containsEntry("projection.event_date.type", "date")
                .containsEntry("projection.event_date.format", "yyyy-MM-dd")
                .containsEntry("projection.event_date.range", "NOW-3YEARS,NOW")
                .containsEntry("projection.event_date.interval.unit", "DAYS")
                .containsEntry("projection.event_hour.format", "yyyy-MM-dd-HH")
                .containsEntry("projection.event_hour.interval.unit", "HOURS")
                .containsEntry("projection.ward.type", "injected")
                .containsEntry("storage.location.template", "s3://lake/t/event_date=${event_date}/event_hour=${event_hour}/ward=${ward}/");
        assertThat(new PartitionProjection("2020-01,NOW").parameters("s3://lake/t/", List.of("month"), List.of("2026-11")))
                .containsEntry("projection.month.format", "yyyy-MM")
                .containsEntry("projection.month.interval.unit", "MONTHS");
    }
}
