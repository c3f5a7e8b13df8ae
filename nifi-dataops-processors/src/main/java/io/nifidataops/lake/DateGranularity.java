package io.nifidataops.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How finely a timestamp field partitions the table; values are formatted in UTC. */
public enum DateGranularity {
    /** {@code 2026-11} */
    MONTH("yyyy-MM"),
    /** {@code 2026-11-23} */
    DAY("yyyy-MM-dd"),
    /** {@code 2026-11-23-10}: no colon, which Hive would escape, and a format Athena partition projection reads. */
    HOUR("yyyy-MM-dd-HH");

    private final DateTimeFormatter formatter;

    DateGranularity(final String pattern) {
        this.formatter = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }

    public String format(final Instant instant) {
        return formatter.format(instant);
    }
}
